"""Keyword search over projects through a real full-text index (number, name, address, builder, contractor).

One row per project in ``project_search`` holds those texts joined by newlines; database triggers keep it
current on every insert, update and delete of a project and on a company's change of name (so bulk loads and
raw SQL keep it too). Created by migration ``projects.0012_keyword_search``:

- SQLite: an FTS5 table with the ``trigram`` tokenizer. A keyword of 3 or more characters is a phrase MATCH
  (any substring, Chinese included, through the index). Trigrams cannot serve 1–2 characters: such a keyword
  falls back to LIKE over the one search table (a scan of narrow rows, no joins).
- PostgreSQL: a plain table with a GIN ``gin_trgm_ops`` index (extension ``pg_trgm``); ``ILIKE '%…%'`` uses the
  index for 3+ characters and scans the search table for shorter keywords.
- Any other database: the joined ``icontains`` filter.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

TABLE = "project_search"
TRIGRAM = 3  # the shortest keyword the trigram index can serve


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


def keyword_filter(queryset: QuerySet, value: str) -> QuerySet:
    """``queryset`` narrowed to the projects whose number, name, address, builder or contractor holds ``value``."""
    value = value.strip()
    if not value:
        return queryset
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite":
        if len(value) >= TRIGRAM:
            phrase = '"' + value.replace('"', '""') + '"'
            sql = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s"  # noqa: S608 — a constant table name
            return queryset.filter(pk__in=RawSQL(sql, [phrase]))
        # (body || '') so that FTS5 does not take the LIKE (its trigram index finds nothing under 3 characters).
        sql = f"SELECT rowid FROM {TABLE} WHERE (body || '') LIKE %s ESCAPE '\\'"  # noqa: S608
        return queryset.filter(pk__in=RawSQL(sql, [_like(value)]))
    if vendor == "postgresql":
        sql = f"SELECT project_id FROM {TABLE} WHERE body ILIKE %s"  # noqa: S608
        return queryset.filter(pk__in=RawSQL(sql, [_like(value)]))
    return queryset.filter(_joined(value))
