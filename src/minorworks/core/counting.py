"""Row counts for paginated lists: exact for small scopes, remembered for a minute for large ones.

At city scale a district's ledger counts 700,000 inspections or 1,450,000 hazards on every page view (80 to
300 ms of index scan on SQLite) only to print the total and the last page number. A count of at least
``LARGE_COUNT`` rows is kept in the cache for ``COUNT_CACHE_SECONDS`` per query and database (so such a total may
lag behind the rows by that long); a smaller count is always exact, so that a street's lists and every figure
a bulletin drills down to match their records at once.
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Expression, IntegerField, Q

LARGE_COUNT = 10_000


def Rows(*, filter: Q | None = None) -> Count:  # noqa: N802 — reads as the aggregate it is, like Count()
    """The number of rows, for grouped and aggregate counts: ``COUNT(*)``, or ``COUNT(1) FILTER (WHERE …)``
    for the rows matching ``filter``.

    Not ``Count("id")``: PostgreSQL's indexes do not carry the row id (SQLite's do), so counting the id made
    every covering index useless there. A district's dashboard counts read 3,851 table pages in 36 ms instead
    of 49 index pages in 1.2 ms (city scale); the bulletin's indicators the same.
    """
    return Count("*") if filter is None else Count(_One(), filter=filter)  # Django refuses "*" with a filter


class _One(Expression):
    """The constant 1, written as such (a Value(1) would be a bound parameter)."""

    output_field = IntegerField()

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        """``1``: no column, so no index needs to hold one."""
        return "1", []


def list_count(queryset: Any) -> int:
    """The number of rows of ``queryset`` (ordering dropped), cached when it is large."""
    counted = queryset.order_by()
    sql, params = counted.query.sql_with_params()
    digest = hashlib.sha256(f"{counted.db}|{sql}|{params!r}".encode()).hexdigest()[:40]
    key = f"list-count:{digest}"
    found = cache.get(key)
    if found is not None:
        return int(found)
    total = counted.count()
    if total >= LARGE_COUNT and settings.COUNT_CACHE_SECONDS > 0:
        cache.set(key, total, settings.COUNT_CACHE_SECONDS)
    return total


class ListPaginator(Paginator):
    """A paginator whose total comes from :func:`list_count` (a queryset, or a list as usual).

    ``count_of``: the same rows without the joins the page shows (``.values()`` of related columns keeps
    them in Django's COUNT: a district's 100,000 projects counted in 185 ms with five joins, 5 ms without)."""

    def __init__(self, object_list: Any, per_page: int, *args: Any, count_of: Any = None, **kwargs: Any):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_of = count_of

    @cached_property
    def count(self) -> int:
        """The number of rows."""
        if self.count_of is not None:
            return list_count(self.count_of)
        if hasattr(self.object_list, "query"):
            return list_count(self.object_list)
        return len(self.object_list)
