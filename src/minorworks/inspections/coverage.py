"""Coverage: which active projects are due or overdue for inspection, ordered by an explainable risk score.

The target is the district's policy (every active project inspected at least every N days). The score adds
up, with each part shown as a reason: open major hazards, open general hazards (overdue ones weigh more),
declared hazardous operations, the contractor's hazards on other sites in the last year, and the days since
the last inspection. A fixed number of queries, whatever the number of projects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from minorworks.core.jurisdiction import scoped
from minorworks.projects.models import ACTIVE_STATUSES, Project

from .models import Hazard, HazardStatus, Inspection, Level
from .services import policy_for

WEIGHTS = {
    "major": 30,
    "general": 5,
    "overdue": 10,
    "operation": 5,
    "history": 2,
    "history_cap": 20,
    "days": 40,
}


@dataclass
class Due:
    """One active project on the inspector's list for the day."""

    project_id: int
    number: str
    name: str
    address: str
    street_name: str
    last_inspected: dt.datetime | None
    due_on: dt.date
    state: str  # overdue | due_soon | ok
    score: int
    reasons: list[str] = field(default_factory=list)


def _open_hazards(**condition: Any) -> Coalesce:
    """The number of the project's open (or submitted) hazards matching ``condition``."""
    counted = (
        Hazard.objects.filter(
            project=OuterRef("pk"), status__in=[HazardStatus.OPEN, HazardStatus.SUBMITTED], **condition
        )
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def coverage_list(user: Any, *, today: dt.date | None = None, district_id: int | None = None) -> list[Due]:
    """The active projects ``user`` may see, with when each is due and why it ranks where it does."""
    today = today or timezone.localdate()
    district_id = district_id or getattr(user, "district_id", None)
    policy = policy_for(district_id) if district_id else None
    every = policy.coverage_days if policy else 30
    soon = policy.due_soon_days if policy else 7
    rows = list(
        scoped(Project, user)
        .filter(status__in=ACTIVE_STATUSES)
        .annotate(
            # Correlated subqueries on the (project, …) indexes: no join of inspections × hazards per project.
            last_inspected=Subquery(
                Inspection.objects.filter(project=OuterRef("pk"))
                .order_by("-inspected_at")
                .values("inspected_at")[:1]
            ),
            open_major=_open_hazards(level=Level.MAJOR),
            open_general=_open_hazards(level=Level.GENERAL),
            overdue=_open_hazards(fix_on_spot=False, deadline__lt=today),
        )
        .values(
            "pk",
            "number",
            "name",
            "address",
            "street__name",
            "contractor_id",
            "hazardous_operations",
            "decided_at",
            "created_at",
            "last_inspected",
            "open_major",
            "open_general",
            "overdue",
        )
    )
    contractors = {row["contractor_id"] for row in rows if row["contractor_id"]}
    history = dict(
        Hazard.objects.filter(
            project__contractor_id__in=contractors, found_at__date__gte=today - dt.timedelta(days=365)
        )
        .values("project__contractor_id")
        .annotate(n=Count("id"))
        .values_list("project__contractor_id", "n")
    )
    result = [_due(row, history, today, every, soon) for row in rows]
    order = {"overdue": 0, "due_soon": 1, "ok": 2}
    result.sort(key=lambda d: (order[d.state], -d.score, d.due_on, d.number))
    return result


def _due(row: dict[str, Any], history: dict[int, int], today: dt.date, every: int, soon: int) -> Due:
    since = row["last_inspected"] or row["decided_at"] or row["created_at"]
    due_on = timezone.localdate(since) + dt.timedelta(days=every)
    state = "overdue" if due_on < today else "due_soon" if due_on <= today + dt.timedelta(days=soon) else "ok"
    score, reasons = 0, []

    def add(points: int, reason: str) -> None:
        nonlocal score
        if points:
            score += points
            reasons.append(f"{reason}（+{points}）")

    add(row["open_major"] * WEIGHTS["major"], _("%(n)s open major hazard(s)") % {"n": row["open_major"]})
    add(
        row["open_general"] * WEIGHTS["general"],
        _("%(n)s open general hazard(s)") % {"n": row["open_general"]},
    )
    add(row["overdue"] * WEIGHTS["overdue"], _("%(n)s hazard(s) past the deadline") % {"n": row["overdue"]})
    operations = len(row["hazardous_operations"] or [])
    add(operations * WEIGHTS["operation"], _("%(n)s hazardous operation(s) declared") % {"n": operations})
    found = history.get(row["contractor_id"], 0)
    add(
        min(found * WEIGHTS["history"], WEIGHTS["history_cap"]),
        _("the contractor had %(n)s hazard(s) in the last year") % {"n": found},
    )
    days = (today - timezone.localdate(since)).days
    add(
        min(round(days / max(every, 1) * WEIGHTS["days"] / 2), WEIGHTS["days"]),
        _("%(n)s day(s) since the last inspection") % {"n": days}
        if row["last_inspected"]
        else _("never inspected (%(n)s day(s) since acceptance)") % {"n": days},
    )
    return Due(
        project_id=row["pk"],
        number=row["number"],
        name=row["name"],
        address=row["address"],
        street_name=row["street__name"],
        last_inspected=row["last_inspected"],
        due_on=due_on,
        state=state,
        score=score,
        reasons=reasons,
    )
