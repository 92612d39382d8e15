"""Keyword search over projects through a real full-text index (number, name, address, builder, contractor).

One row per project in ``project_search`` holds those texts joined by newlines; database triggers keep it
current on every insert, update and delete of a project and on a company's change of name (so bulk loads and
raw SQL keep it too). Created by migration ``projects.0012_keyword_search``:

- SQLite: an FTS5 table with the ``trigram`` tokenizer. A keyword of 3 or more characters is a phrase MATCH
  (any substring, Chinese included, through the index). Trigrams cannot serve 1–2 characters: such a keyword
  falls back to LIKE over the one search table (a scan of narrow rows, no joins). SQLite cannot tell how many
  rows a MATCH gives, and always started from them: "和平里" matches 12,000 projects of a city, each then looked
  up and sorted (a district's page: 27 ms of SQL, the whole city's count 248 ms). A bounded probe counts the
  matches first; from ``MANY`` on, the page reads its scope newest first and tests each row against the
  matches (3 ms; the city's count 36 ms). A rare keyword still starts from its few matches.
- PostgreSQL: a plain table, its text in lower case and each project's district, with one GIN index on
  ``(district_id, body gin_trgm_ops)`` (extensions ``btree_gin``, ``pg_trgm``; migration ``0016``).
  ``LIKE lower('%…%')`` uses the index for 3+ characters and scans the search table for shorter keywords
  (LIKE on lower-cased text, not ILIKE: ILIKE's case folding of Chinese text costs ~10× more). A user whose
  reach is bounded by a district also names it, so that the index returns only that district's matches
  (a district's page: 34 → 5.5 ms of SQL for "和平里", which matches 12,011 projects of a city).
- Any other database: the joined ``icontains`` filter.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import F, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from psycopg.sql import quote

TRIGRAM = 3  # the shortest keyword the trigram index can serve
MANY = 1000  # SQLite: from this many matches on, read the scope first (see above)


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _joined(value: str) -> Q:
    return (
        Q(number__icontains=value)
        | Q(name__icontains=value)
        | Q(address__icontains=value)
        | Q(builder__name__icontains=value)
        | Q(contractor__name__icontains=value)
    )


# Constant SQL: the keyword is always a bound parameter.
SQLITE_MATCH = "SELECT rowid FROM project_search WHERE project_search MATCH %s"
SQLITE_PROBE = (
    "SELECT count(*) FROM (SELECT rowid FROM project_search WHERE project_search MATCH %s LIMIT %s)"
)
# (body || '') so that FTS5 does not take the LIKE (its trigram index finds nothing under 3 characters).
SQLITE_SCAN = "SELECT rowid FROM project_search WHERE (body || '') LIKE %s ESCAPE '\\'"
# The body is stored in lower case (see the migration): LIKE over lower(keyword), through the GIN index. The
# pattern goes in as a quoted literal, not a bound parameter: with server-side binding a prepared statement's
# generic plan cannot see the keyword, and planned a common one as if it were rare (118 → 214 ms p95).
POSTGRESQL_LIKE = "SELECT project_id FROM project_search WHERE body LIKE lower({pattern})"
# ``::bigint``: btree_gin's operator class is bigint = bigint; an integer literal would not use the index.
POSTGRESQL_DISTRICT = " AND district_id = {district:d}::bigint"


def _in_index(queryset: QuerySet, sql: str, param: str) -> QuerySet:
    return queryset.filter(pk__in=RawSQL(sql, [param]))  # noqa: S611 — constant SQL, bound parameter


def _matches_reach(alias: str, phrase: str, many: int) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute(SQLITE_PROBE, [phrase, many])
        return cursor.fetchone()[0] >= many


def keyword_filter(queryset: QuerySet, value: str, *, district_id: int | None = None) -> QuerySet:
    """``queryset`` narrowed to the projects whose number, name, address, builder or contractor holds ``value``.

    ``district_id``: the district ``queryset`` already lies in, when its scope says so (it narrows the index
    scan on PostgreSQL; the rows are the same).
    """
    value = value.strip()
    if not value:
        return queryset
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite" and len(value) >= TRIGRAM:
        phrase = '"' + value.replace('"', '""') + '"'  # one phrase
        if _matches_reach(queryset.db, phrase, MANY):
            # ``id + 0`` is no column: SQLite cannot start from the matches and walks the scope's index instead.
            alias = queryset.alias(_search_id=F("pk") + Value(0))
            return alias.filter(_search_id__in=RawSQL(SQLITE_MATCH, [phrase]))  # noqa: S611 — constant SQL
        return _in_index(queryset, SQLITE_MATCH, phrase)
    if vendor == "sqlite":
        return _in_index(queryset, SQLITE_SCAN, _like(value))
    if vendor == "postgresql":
        # psycopg's own quoting; "%" doubled because the whole statement goes through %-style placeholders.
        pattern = quote(_like(value)).replace("%", "%%")
        where = POSTGRESQL_LIKE.format(pattern=pattern)
        if district_id is not None:
            where += POSTGRESQL_DISTRICT.format(district=int(district_id))
        return queryset.filter(pk__in=RawSQL(where, []))  # noqa: S611 — a literal quoted by psycopg
    return queryset.filter(_joined(value))
