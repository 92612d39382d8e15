"""The stop-work orders' bulletin indicators: orders issued in the period, and the share of them lifted.

The lists behind them: the order list with ``street``, ``since``/``until`` (issued) and ``status=lifted``.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minorworks.core.counting import Rows
from minorworks.core.indicators import Figure, GroupKey, bounds, district_id, indicator

from .models import OrderStatus, StopOrder

ISSUED = "stoporders:list?since={start}&until={end}"


def _issued(district, start: dt.date, end: dt.date):
    first, after = bounds(start, end)
    return (
        StopOrder.objects.filter(district_id=district_id(district), issued_at__gte=first, issued_at__lt=after)
        .values(street_key=GroupKey("street_id"))
        .annotate(n=Rows(), lifted=Rows(filter=Q(status=OrderStatus.LIFTED)))
        .order_by()
    )


@indicator(
    "stoporders.issued",
    title=_("Stop-work orders"),
    definition=_("Stop-work orders issued in the period."),
    kind="count",
    higher_is_better=True,
    drill=ISSUED,
)
def issued(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Orders issued in the period, per street."""
    return {r["street_key"]: Figure(r["n"]) for r in _issued(district, start, end)}


@indicator(
    "stoporders.resolved",
    title=_("Share of stop-work orders resolved"),
    definition=_("Of the stop-work orders issued in the period, the share lifted after rectification."),
    kind="ratio",
    higher_is_better=True,
    drill=f"{ISSUED}&status=lifted|{ISSUED}",
)
def resolved(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Orders of the period lifted ÷ orders of the period."""
    return {r["street_key"]: Figure(r["lifted"], r["n"]) for r in _issued(district, start, end)}
