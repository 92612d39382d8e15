"""Local days as ranges of instants: filter a datetime column by a Beijing date with ``>=`` and ``<`` on the
column itself, so that the index serves it (``__date`` casts every row, in Python on SQLite)."""

from __future__ import annotations

import datetime as dt

import django_filters
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
