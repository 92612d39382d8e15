"""The public project page's list of closed reports' replies (no reporter, numbers masked)."""

from __future__ import annotations

from django import template

from minorworks.core.masking import mask_numbers_in

from ..models import Category, Report, Status

register = template.Library()


@register.inclusion_tag("reports/_public_replies.html")
def closed_report_replies(project) -> dict:
    """The project's closed reports, newest first: date, category and the reply (at most 10)."""
    rows = (
        Report.objects.filter(project=project, status=Status.CLOSED)
        .exclude(reply="")
        .order_by("-closed_at")
        .values("closed_at", "category", "reply")[:10]
    )
    labels = dict(Category.choices)
    return {
        "replies": [
            {
                "closed_at": r["closed_at"],
                "category": labels.get(r["category"], ""),
                "reply": mask_numbers_in(r["reply"]),
            }
            for r in rows
        ]
    }
