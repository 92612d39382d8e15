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

LARGE_COUNT = 10_000


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
