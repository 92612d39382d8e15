"""The registry's bulletin indicators: registrations in the period, all registrations, registered before work.

A project counts as registered when its registration was submitted to the street (``submitted_at``);
drafts never submitted are not registrations. The lists behind the figures are the project list with the
``registered_since``/``registered_until`` and ``before_start`` filters (projects/filters.py).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from minorworks.core.counting import Rows
from minorworks.core.indicators import EndOfLocalDay, Figure, GroupKey, bounds, district_id, indicator

from .models import Project

# Submitted by the end of the day work started (a timestamp compared with a day boundary, in SQL).
BEFORE_START = Q(actual_start__isnull=True) | Q(
    submitted_at__lt=EndOfLocalDay(F("actual_start"), of_date=True)
)


@indicator(
    "projects.registered_new",
    title=_("Projects registered"),
    definition=_("Registrations submitted in the period."),
    kind="count",
    higher_is_better=True,
    drill="projects:list?registered_since={start}&registered_until={end}",
)
def registered_new(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Registrations submitted in the period, per street (one grouped query)."""
    first, after = bounds(start, end)
    rows = (
        Project.objects.filter(
            district_id=district_id(district), submitted_at__gte=first, submitted_at__lt=after
        )
        .values(street_key=GroupKey("street_id"))
        .annotate(n=Rows())
        .order_by()
    )
    return {r["street_key"]: Figure(r["n"]) for r in rows}


@indicator(
    "projects.registered_total",
    title=_("Projects registered in all"),
    definition=_("Registrations submitted up to the end of the period."),
    kind="count",
    higher_is_better=True,
    drill="projects:list?registered_until={end}",
)
def registered_total(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Registrations submitted up to the end of the period, per street."""
    _first, after = bounds(start, end)
    rows = (
        Project.objects.filter(district_id=district_id(district), submitted_at__lt=after)
        .values(street_key=GroupKey("street_id"))
        .annotate(n=Rows())
        .order_by()
    )
    return {r["street_key"]: Figure(r["n"]) for r in rows}


@indicator(
    "projects.registered_before_start",
    title=_("Share registered before work started"),
    definition=_(
        "Of the registrations submitted in the period, the share submitted on or before the day work "
        "actually started (or before it has started)."
    ),
    kind="ratio",
    higher_is_better=True,
    drill=(
        "projects:list?registered_since={start}&registered_until={end}&before_start=true"
        "|projects:list?registered_since={start}&registered_until={end}"
    ),
)
def registered_before_start(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Registrations of the period submitted before work started ÷ registrations of the period."""
    first, after = bounds(start, end)
    rows = (
        Project.objects.filter(
            district_id=district_id(district), submitted_at__gte=first, submitted_at__lt=after
        )
        .values(street_key=GroupKey("street_id"))
        .annotate(n=Rows(), early=Rows(filter=BEFORE_START))
        .order_by()
    )
    return {r["street_key"]: Figure(r["early"], r["n"]) for r in rows}
