"""The inspections panel of a project's page: recent inspections, open hazards, and the way to inspect."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from minorworks.core.jurisdiction import scoped

from .models import Hazard, HazardStatus, Inspection
from .services import can_inspect


def project_panel(project: Any, request: Any) -> dict[str, Any] | None:
    user = request.user
    """Up to 5 recent inspections and the open hazards of ``project`` that ``user`` may see (3 queries)."""
    inspections = list(
        scoped(Inspection, user)
        .filter(project=project)
        .annotate(hazard_count=Count("hazards", distinct=True))
        .order_by("-inspected_at")[:5]
    )
    hazards = list(
        scoped(Hazard, user)
        .filter(Q(project=project) & ~Q(status=HazardStatus.CLOSED))
        .order_by("deadline", "number")[:20]
    )
    return {"inspections": inspections, "hazards": hazards, "can_inspect": can_inspect(user, project)}
