"""Dashboard figures: three small queries whatever the number of rows or streets."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Q
from django.utils import timezone

from minorworks.core.counting import Rows
from minorworks.leads.domain import visible_leads
from minorworks.orgs.models import Region
from minorworks.projects.models import ACTIVE_STATUSES, OVERDUE_STATUSES, Status
from minorworks.projects.scoping import visible_projects

ACTIVE = ACTIVE_STATUSES


def scope_summary(user) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Counts of the user's visible projects by status (plus overdue and open leads) and per street.

    One grouped query over (street id, status) feeds both the totals and the per-street table, so a district
    dashboard scans the projects once, from the covering index project_dashboard (no join per row); the
    street names come from a second query over the few streets found.
    """
    today = timezone.localdate()
    rows = (
        visible_projects(user)
        .values("street_id", "status")
        .annotate(n=Rows(), overdue=Rows(filter=Q(status__in=OVERDUE_STATUSES, planned_end__lt=today)))
        .order_by()
    )
    counts: dict[str, int] = {f"status_{s.value}": 0 for s in Status}
    counts.update(total=0, overdue=0)
    streets: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"total": 0, "active": 0, "submitted": 0, "stopped": 0}
    )
    for row in rows:
        counts[f"status_{row['status']}"] += row["n"]
        counts["total"] += row["n"]
        counts["overdue"] += row["overdue"]
        street = streets[row["street_id"]]
        street["total"] += row["n"]
        street["active"] += row["n"] if row["status"] in ACTIVE else 0
        street["submitted"] += row["n"] if row["status"] == Status.SUBMITTED else 0
        street["stopped"] += row["n"] if row["status"] == Status.STOPPED else 0
    counts["open_leads"] = visible_leads(user).filter(state="open").count()
    counts["awaiting_review"] = counts["status_submitted"]
    counts["active"] = counts["status_in_progress"] + counts["status_accepted"]
    names = (
        Region.objects.filter(pk__in=streets).order_by("sort", "name").values_list("pk", "name", "name_en")
    )
    table = [{"street__name": name, "street__name_en": name_en, **streets[pk]} for pk, name, name_en in names]
    return counts, table
