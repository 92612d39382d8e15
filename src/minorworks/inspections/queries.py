"""Reading inspections and hazards for lists and details: scoped, values only, a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from minorworks.core.counting import Rows
from minorworks.core.jurisdiction import get_scoped, scoped
from minorworks.core.periods import before, on_or_after, on_or_before

from .models import Hazard, HazardStatus, Inspection

LIST_FIELDS = (
    "id",
    "number",
    "project_id",
    "project__number",
    "project__name",
    "street__code",
    "street__name",
    "kind",
    "inspected_at",
    "passed",
)


def inspection_list(
    user: Any,
    *,
    project: int | None = None,
    street: str | None = None,
    kind: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[dict[str, Any]] | Any:
    """The inspections ``user`` may see, newest first, filtered, as rows (with their hazard counts)."""
    rows = scoped(Inspection, user)
    if project:
        rows = rows.filter(project_id=project)
    if street:
        rows = rows.filter(street__code=street)
    if kind:
        rows = rows.filter(kind=kind)
    if since:
        rows = rows.filter(**on_or_after("inspected_at", since))
    if until:
        rows = rows.filter(**on_or_before("inspected_at", until))
    return _InspectionRows(rows.order_by("-inspected_at", "-id"))


class _InspectionRows:
    """A lazily paginated list of inspection rows: each page is one query for rows and one for hazard counts."""

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        rows = list(self.queryset.values(*LIST_FIELDS)[window])
        counts = dict(
            Hazard.objects.filter(inspection_id__in=[r["id"] for r in rows])
            .values("inspection_id")
            .annotate(n=Rows())
            .values_list("inspection_id", "n")
        )
        return [_item(row, counts.get(row["id"], 0)) for row in rows]


def _item(row: dict[str, Any], hazards: int) -> dict[str, Any]:
    return {
        "id": row["id"],
        "number": row["number"],
        "project_id": row["project_id"],
        "project_number": row["project__number"],
        "project_name": row["project__name"],
        "street": row["street__code"],
        "street_name": row["street__name"],
        "kind": row["kind"],
        "inspected_at": row["inspected_at"],
        "passed": row["passed"],
        "hazard_count": hazards,
    }


def inspection_detail(user: Any, pk: int) -> dict[str, Any]:
    """One inspection for its page and the API: answers, hazards, inspectors, departments (404 outside)."""
    inspection = get_scoped(
        Inspection.objects.select_related("project", "street", "checklist").prefetch_related(
            "inspectors", "departments"
        ),
        user,
        pk,
    )
    results = list(inspection.results.select_related("item").order_by("item__sort"))
    hazards = list(inspection.hazards.order_by("number"))
    return {
        **_item(
            {
                "id": inspection.pk,
                "number": inspection.number,
                "project_id": inspection.project_id,
                "project__number": inspection.project.number,
                "project__name": inspection.project.name,
                "street__code": inspection.street.code,
                "street__name": inspection.street.name,
                "kind": inspection.kind,
                "inspected_at": inspection.inspected_at,
                "passed": inspection.passed,
            },
            len(hazards),
        ),
        "object": inspection,
        "checklist_version": inspection.checklist.number,
        "latitude": inspection.latitude,
        "longitude": inspection.longitude,
        "inspectors": [str(u) for u in inspection.inspectors.all()],
        "departments": [d.name for d in inspection.departments.all()],
        "conclusion": inspection.conclusion,
        "site_representative": inspection.site_representative,
        "representative_refused": inspection.representative_refused,
        "results": [
            {
                "item_code": r.item.code,
                "section": r.item.section,
                "text": r.item.text,
                "answer": r.answer,
                "note": r.note,
            }
            for r in results
        ],
        "hazards": [
            {"id": h.pk, "number": h.number, "level": h.level, "status": h.status, "deadline": h.deadline}
            for h in hazards
        ],
        "hazard_objects": hazards,
    }


def overdue_q(today: dt.date | None = None) -> Q:
    """Hazards past their deadline and not closed (an on-the-spot fix is due the day it was found)."""
    today = today or timezone.localdate()
    return ~Q(status=HazardStatus.CLOSED) & (
        Q(fix_on_spot=False, deadline__lt=today) | Q(fix_on_spot=True, **before("found_at", today))
    )


def on_time_q() -> Q:
    """Hazards closed by the day they were due (no later than the deadline; the day found for an on-the-spot
    fix; any closing for a hazard without a deadline)."""
    return Q(status=HazardStatus.CLOSED) & (
        Q(fix_on_spot=True, closed_at__date__lte=TruncDate("found_at"))
        | Q(fix_on_spot=False, deadline__isnull=True)
        | Q(fix_on_spot=False, closed_at__date__lte=F("deadline"))
    )


def hazard_list(
    user: Any,
    *,
    project: int | None = None,
    status: str | None = None,
    level: str | None = None,
    overdue: bool | None = None,
    street: str | None = None,
) -> QuerySet[Hazard]:
    """The hazards ``user`` may see, newest first, filtered."""
    rows = scoped(Hazard, user)
    if project:
        rows = rows.filter(project_id=project)
    if status:
        rows = rows.filter(status=status)
    if level:
        rows = rows.filter(level=level)
    if street:
        rows = rows.filter(street__code=street)
    if overdue is not None:
        rows = rows.filter(overdue_q()) if overdue else rows.exclude(overdue_q())
    return rows.order_by("-found_at", "-id")
