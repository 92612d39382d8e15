"""The residents' reports layer of the sites map (the seam ``dashboard.sites_map`` looks for): open reports
with a map point in the user's scope, for the staff who handle reports; nothing about the reporter."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from minorworks.core.jurisdiction import scoped

from .models import OPEN_STATUSES, Report
from .views import STAFF


def map_points(user: Any, cap: int) -> dict[str, Any] | None:
    """Open reports with coordinates (newest first, at most ``cap``), or None for roles that do not handle
    reports (one query)."""
    if getattr(user, "role", None) not in STAFF:
        return None
    rows = list(
        scoped(Report, user)
        .filter(status__in=OPEN_STATUSES, latitude__isnull=False, longitude__isnull=False)
        .order_by("-id")
        .values("pk", "number", "latitude", "longitude")[: cap + 1]
    )
    return {
        "label": _("Residents' reports (open)"),
        "cut": len(rows) > cap,
        "points": [
            {
                "lat": float(r["latitude"]),
                "lng": float(r["longitude"]),
                "title": r["number"],
                "url": reverse("reports:detail", args=[r["pk"]]),
            }
            for r in rows[:cap]
        ],
    }
