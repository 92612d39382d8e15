"""The inspections' bulletin indicators: inspections, coverage of active sites, hazards and their closing.

Hazards are counted by the day they were found; whether one closed on time or is overdue is read as of now.
The lists behind the figures: the inspection list and the hazard list with ``street``, ``since``/``until``
(and ``on_time=1``, ``overdue=1``, ``level=major``), the project list with ``inspected_since``/``until``.

At city scale a month holds hundreds of thousands of hazards: the four hazard indicators share one scan of
the covering index ``hazard_indicators`` (inside ``core.indicators.batch``), and the on-time and overdue
tests compare timestamps with local day boundaries in SQL (no per-row date conversion in Python).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minorworks.core.counting import Rows
from minorworks.core.indicators import (
    EndOfLocalDay,
    Figure,
    GroupKey,
    bounds,
    district_id,
    indicator,
    shared,
)
from minorworks.projects.models import ACTIVE_STATUSES, Project

from .models import Hazard, HazardStatus, Inspection, Level

ACTIVE = "status=accepted&status=in_progress&status=stopped"
HAZARDS = "inspections:hazard_list?since={start}&until={end}"


def on_time() -> Q:
    """Closed by the end of the day due (the same test as the hazard list's ``on_time=1``)."""
    return Q(status=HazardStatus.CLOSED) & (
        Q(fix_on_spot=False, deadline__isnull=True)
        | Q(fix_on_spot=False, closed_at__lt=EndOfLocalDay(F("deadline"), of_date=True))
        | Q(fix_on_spot=True, closed_at__lt=EndOfLocalDay(F("found_at"), of_date=False))
    )


def overdue(today: dt.date) -> Q:
    """Past the deadline and not closed (the same test as the hazard list's ``overdue=1``)."""
    start_of_today, _after = bounds(today, today)
    return ~Q(status=HazardStatus.CLOSED) & (
        Q(fix_on_spot=False, deadline__lt=today) | Q(fix_on_spot=True, found_at__lt=start_of_today)
    )


def hazard_counts(district, start: dt.date, end: dt.date) -> dict[int, dict[str, int]]:
    """Per street: hazards found in the period, closed on time, overdue now, major (one grouped query)."""
    today = timezone.localdate()

    def scan() -> dict[int, dict[str, int]]:
        first, after = bounds(start, end)
        rows = (
            Hazard.objects.filter(district_id=district_id(district), found_at__gte=first, found_at__lt=after)
            .values(street_key=GroupKey("street_id"))
            .annotate(
                n=Rows(),
                ok=Rows(filter=on_time()),
                late=Rows(filter=overdue(today)),
                major=Rows(filter=Q(level=Level.MAJOR)),
            )
            .order_by()
        )
        return {r.pop("street_key"): r for r in rows}

    return shared(("hazards", district_id(district), start, end, today), scan)


@indicator(
    "inspections.count",
    title=_("Inspections"),
    definition=_("Inspections recorded in the period (by inspection date)."),
    kind="count",
    higher_is_better=True,
    drill="inspections:list?since={start}&until={end}",
)
def inspections(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Inspections in the period, per street of the inspected project."""
    first, after = bounds(start, end)
    rows = (
        Inspection.objects.filter(
            district_id=district_id(district), inspected_at__gte=first, inspected_at__lt=after
        )
        .values(street_key=GroupKey("street_id"))
        .annotate(n=Rows())
        .order_by()
    )
    return {r["street_key"]: Figure(r["n"]) for r in rows}


@indicator(
    "inspections.coverage",
    title=_("Coverage of active sites"),
    definition=_(
        "Of the active sites (accepted, in progress or stopped), the share inspected at least once in the "
        "period."
    ),
    kind="ratio",
    higher_is_better=True,
    drill=(
        f"projects:list?{ACTIVE}&inspected_since={{start}}&inspected_until={{end}}|projects:list?{ACTIVE}"
    ),
)
def coverage(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Active sites inspected in the period ÷ active sites, per street (one grouped query)."""
    first, after = bounds(start, end)
    inspected = Inspection.objects.filter(
        district_id=district_id(district), inspected_at__gte=first, inspected_at__lt=after
    ).values("project_id")
    rows = (
        Project.objects.filter(district_id=district_id(district), status__in=ACTIVE_STATUSES)
        .values(street_key=GroupKey("street_id"))
        .annotate(n=Rows(), seen=Rows(filter=Q(pk__in=inspected)))
        .order_by()
    )
    return {r["street_key"]: Figure(r["seen"], r["n"]) for r in rows}


@indicator(
    "inspections.hazards",
    title=_("Hazards found"),
    definition=_("Hazards found in the period."),
    kind="count",
    higher_is_better=True,
    drill=HAZARDS,
)
def hazards(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Hazards found in the period, per street."""
    return {k: Figure(c["n"]) for k, c in hazard_counts(district, start, end).items()}


@indicator(
    "inspections.closed_on_time",
    title=_("Share of hazards closed on time"),
    definition=_("Of the hazards found in the period, the share closed by the day they were due."),
    kind="ratio",
    higher_is_better=True,
    drill=f"{HAZARDS}&on_time=1|{HAZARDS}",
)
def closed_on_time(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Hazards of the period closed on time ÷ hazards of the period."""
    return {k: Figure(c["ok"], c["n"]) for k, c in hazard_counts(district, start, end).items()}


@indicator(
    "inspections.overdue",
    title=_("Overdue hazards"),
    definition=_("Hazards found in the period that are past their deadline and not closed."),
    kind="count",
    higher_is_better=False,
    drill=f"{HAZARDS}&overdue=1",
)
def overdue_hazards(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Hazards of the period now overdue, per street."""
    return {k: Figure(c["late"]) for k, c in hazard_counts(district, start, end).items() if c["late"]}


@indicator(
    "inspections.major",
    title=_("Major hazards found"),
    definition=_("Major hazards found in the period."),
    kind="count",
    higher_is_better=False,
    drill=f"{HAZARDS}&level=major",
)
def major(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Major hazards found in the period, per street."""
    return {k: Figure(c["major"]) for k, c in hazard_counts(district, start, end).items() if c["major"]}
