"""The leads' bulletin indicators: unregistered sites found, and leads resolved, in the period.

The lists behind them: the lead list with ``street``, ``since``/``until`` (found) or
``resolved_since``/``resolved_until`` (resolved).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from minorworks.core.counting import Rows
from minorworks.core.indicators import Figure, GroupKey, bounds, district_id, indicator

from .models import Lead


def _grouped(district, field: str, start: dt.date, end: dt.date) -> dict[int, Figure]:
    first, after = bounds(start, end)
    rows = (
        Lead.objects.filter(
            district_id=district_id(district), **{f"{field}__gte": first, f"{field}__lt": after}
        )
        .values(street_key=GroupKey("street_id"))
        .annotate(n=Rows())
        .order_by()
    )
    return {r["street_key"]: Figure(r["n"]) for r in rows}


@indicator(
    "leads.found",
    title=_("Unregistered sites found"),
    definition=_("Leads of unregistered sites recorded in the period (by the day found)."),
    kind="count",
    higher_is_better=True,
    drill="leads:list?since={start}&until={end}",
)
def found(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Leads found in the period, per street."""
    return _grouped(district, "found_at", start, end)


@indicator(
    "leads.resolved",
    title=_("Unregistered sites resolved"),
    definition=_("Leads resolved in the period (registered, stopped or shown out of scope)."),
    kind="count",
    higher_is_better=True,
    drill="leads:list?resolved_since={start}&resolved_until={end}",
)
def resolved(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Leads resolved in the period, per street."""
    return _grouped(district, "resolved_at", start, end)
