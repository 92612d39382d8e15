"""Local days as ranges of instants: filter a datetime column by a Beijing date with ``>=`` and ``<`` on the
column itself, so that the index serves it (``__date`` casts every row, in Python on SQLite)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Func, IntegerField
from django.utils import timezone


def day_start(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in the current time zone (Asia/Shanghai)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def on_or_after(field: str, day: dt.date) -> dict[str, dt.datetime]:
    """Lookup kwargs: ``field`` at or after the start of ``day``."""
    return {f"{field}__gte": day_start(day)}


def on_or_before(field: str, day: dt.date) -> dict[str, dt.datetime]:
    """Lookup kwargs: ``field`` before the start of the day after ``day``."""
    return {f"{field}__lt": day_start(day + dt.timedelta(days=1))}


def before(field: str, day: dt.date) -> dict[str, dt.datetime]:
    """Lookup kwargs: ``field`` before the start of ``day``."""
    return {f"{field}__lt": day_start(day)}


class LocalDateFilter(django_filters.DateFilter):
    """A date filter on a datetime column: ``lookup_expr`` "gte" (from that day) or "lte" (to that day)."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        bound = on_or_after if self.lookup_expr == "gte" else on_or_before
        return qs.filter(**bound(self.field_name, value))


class LocalDaysSince(Func):
    """Whole local days from the day a timestamp falls on to ``today`` (negative for a later day), in SQL.

    A day number from integer arithmetic (SQLite's julian day, PostgreSQL's epoch), shifted by the zone's
    offset on ``today``: exact for zones without daylight saving (Asia/Shanghai), and an ordering over
    thousands of rows with no per-row conversion in Python (SQLite's ``__date`` calls Python for each row).
    """

    output_field = IntegerField()

    def __init__(self, expression: Any, *, today: dt.date):
        super().__init__(expression)
        self.today = today
        noon = dt.datetime.combine(today, dt.time(12))
        offset = timezone.get_current_timezone().utcoffset(noon)
        self.offset = int(offset.total_seconds()) if offset else 0

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        today = self.today.toordinal() + 1721425  # the julian day number of the date (noon-based)
        return f"({today} - CAST(julianday({sql}, '{self.offset:+d} seconds') + 0.5 AS INTEGER))", params

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        today = (self.today - dt.date(1970, 1, 1)).days
        return f"({today} - FLOOR((EXTRACT(EPOCH FROM {sql}) + {self.offset}) / 86400)::integer)", params
