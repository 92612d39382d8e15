"""Dashboard figures: a fixed number of aggregate queries whatever the number of rows."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from minorworks.projects.models import OVERDUE_STATUSES, Status
from minorworks.projects.scoping import visible_leads, visible_projects


def project_counts(user) -> dict:
    """Counts of the user's visible projects by status, plus overdue and open leads (two queries)."""
    today = timezone.localdate()
    aggregates = {f"status_{s.value}": Count("id", filter=Q(status=s.value)) for s in Status}
    aggregates["total"] = Count("id")
    aggregates["overdue"] = Count("id", filter=Q(status__in=OVERDUE_STATUSES, planned_end__lt=today))
    counts = visible_projects(user).aggregate(**aggregates)
    counts["open_leads"] = visible_leads(user).filter(state="open").count()
    counts["awaiting_review"] = counts["status_submitted"]
    counts["active"] = counts["status_in_progress"] + counts["status_accepted"]
    return counts


def street_breakdown(user) -> list[dict]:
    """Projects per street in the user's scope (one grouped query), for district-level users."""
    rows = (
        visible_projects(user)
        .values("street__name", "street__name_en", "street__sort")
        .annotate(
            total=Count("id"),
            active=Count("id", filter=Q(status__in=[Status.ACCEPTED, Status.IN_PROGRESS])),
            submitted=Count("id", filter=Q(status=Status.SUBMITTED)),
            stopped=Count("id", filter=Q(status=Status.STOPPED)),
        )
        .order_by("street__sort", "street__name")
    )
    return list(rows)
