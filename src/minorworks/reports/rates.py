"""The three rates (响应率, 解决率, 满意率) per street and period: one grouped query, shared by page and indicators.

A report counts in the period of its receipt (``received_at``, local dates, inclusive); merged duplicates do
not count. Definitions and the satisfaction weights are data (:mod:`.rules`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q
from django.utils import timezone

from minorworks.core.counting import Rows

from .models import Rating, Report, Status
from .rules import rules


@dataclass(frozen=True)
class StreetRates:
    """The counts behind one street's rates in a period."""

    street_id: int | None
    received: int
    responded_on_time: int
    resolved: int
    resolved_on_time: int
    rated: int
    satisfied: int
    basic: int

    @property
    def satisfaction_points(self) -> Decimal:
        """Satisfied × weight + basically satisfied × weight (+ not satisfied × its weight, 0 by default)."""
        w = rules().weights
        not_satisfied = self.rated - self.satisfied - self.basic
        return (
            self.satisfied * w.get("satisfied", Decimal(1))
            + self.basic * w.get("basic", Decimal(0))
            + not_satisfied * w.get("not_satisfied", Decimal(0))
        )

    @staticmethod
    def _ratio(numerator: Decimal | int, denominator: int) -> Decimal | None:
        return None if not denominator else Decimal(numerator) / Decimal(denominator)

    @property
    def response_rate(self) -> Decimal | None:
        """Responded within the deadline ÷ received."""
        return self._ratio(self.responded_on_time, self.received)

    @property
    def resolution_rate(self) -> Decimal | None:
        """Resolved ÷ received."""
        return self._ratio(self.resolved, self.received)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """(Satisfied + basically satisfied × weight) ÷ rated."""
        return self._ratio(self.satisfaction_points, self.rated)

    @property
    def on_time_rate(self) -> Decimal | None:
        """Closed within the resolution deadline ÷ received."""
        return self._ratio(self.resolved_on_time, self.received)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    low = timezone.make_aware(dt.datetime.combine(start, dt.time.min), zone)
    high = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min), zone)
    return low, high


RESOLVED = Q(status=Status.CLOSED) | Q(status=Status.REVIEW, closed_at__isnull=False)


def street_rates(district_id: int, start: dt.date, end: dt.date, *, street_id: int | None = None) -> dict:
    """``{street_id: StreetRates}`` for the district's reports received from ``start`` to ``end`` (one query).

    Reports still at the desk without a street are under the key None.
    """
    low, high = _bounds(start, end)
    rows = Report.objects.filter(district_id=district_id, received_at__gte=low, received_at__lt=high).exclude(
        status=Status.MERGED
    )
    if street_id is not None:
        rows = rows.filter(street_id=street_id)
    grouped = (
        rows.values("street_id")
        .order_by("street_id")
        .annotate(
            received=Rows(),
            responded_on_time=Rows(filter=Q(responded_at__isnull=False, responded_at__lte=F("respond_by"))),
            resolved=Rows(filter=RESOLVED),
            resolved_on_time=Rows(filter=RESOLVED & Q(closed_at__lte=F("resolve_by"))),
            rated=Rows(filter=~Q(rating="")),
            satisfied=Rows(filter=Q(rating=Rating.SATISFIED)),
            basic=Rows(filter=Q(rating=Rating.BASIC)),
        )
    )
    return {row["street_id"]: StreetRates(**row) for row in grouped}


def total(rates: dict) -> StreetRates:
    """The sum over streets (the district's figures)."""
    keys = ("received", "responded_on_time", "resolved", "resolved_on_time", "rated", "satisfied", "basic")
    sums = {k: sum(getattr(r, k) for r in rates.values()) for k in keys}
    return StreetRates(street_id=None, **sums)


def monthly(district_id: int, months: list[tuple[dt.date, dt.date]], *, street_id: int | None = None) -> list:
    """``[(month start, StreetRates total)]`` for the chart (one query per month shown, a fixed number)."""
    return [
        (start, total(street_rates(district_id, start, end, street_id=street_id))) for start, end in months
    ]
