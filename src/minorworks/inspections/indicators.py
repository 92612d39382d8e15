"""The inspections' bulletin indicators: inspections, coverage of active sites, hazards and their closing.

Hazards are counted by the day they were found; whether one closed on time or is overdue is read as of now.
The lists behind the figures: the inspection list and the hazard list with ``street``, ``since``/``until``
(and ``on_time=1``, ``overdue=1``, ``level=major``), the project list with ``inspected_since``/``until``.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from minorworks.core.indicators import Figure, bounds, district_id, indicator
from minorworks.projects.models import ACTIVE_STATUSES, Project

from .models import Hazard, Inspection, Level
from .queries import on_time_q, overdue_q

ACTIVE = "status=accepted&status=in_progress&status=stopped"
HAZARDS = "inspections:hazard_list?since={start}&until={end}"


def _hazards(district, start: dt.date, end: dt.date, **counts: Q | None) -> dict[str, dict[int, int]]:
    """Hazards found in the period per street: ``{name: {street_id: n}}`` for each filter (None: all)."""
    first, after = bounds(start, end)
    rows = (
        Hazard.objects.filter(district_id=district_id(district), found_at__gte=first, found_at__lt=after)
        .values("street_id")
        .annotate(**{name: Count("id", filter=q) for name, q in counts.items()})
        .order_by()
    )
    return {name: {r["street_id"]: r[name] for r in rows} for name in counts}


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
        .values("street_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["street_id"]: Figure(r["n"]) for r in rows}


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
        .values("street_id")
        .annotate(n=Count("id"), seen=Count("id", filter=Q(pk__in=inspected)))
        .order_by()
    )
    return {r["street_id"]: Figure(r["seen"], r["n"]) for r in rows}


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
    return {k: Figure(n) for k, n in _hazards(district, start, end, n=None)["n"].items()}


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
    parts = _hazards(district, start, end, n=None, ok=on_time_q())
    return {k: Figure(parts["ok"][k], n) for k, n in parts["n"].items()}


@indicator(
    "inspections.overdue",
    title=_("Overdue hazards"),
    definition=_("Hazards found in the period that are past their deadline and not closed."),
    kind="count",
    higher_is_better=False,
    drill=f"{HAZARDS}&overdue=1",
)
def overdue(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Hazards of the period now overdue, per street."""
    return {k: Figure(n) for k, n in _hazards(district, start, end, n=overdue_q())["n"].items() if n}


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
    found = _hazards(district, start, end, n=Q(level=Level.MAJOR))["n"]
    return {k: Figure(n) for k, n in found.items() if n}
