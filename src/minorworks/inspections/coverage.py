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
from django.utils.translation import gettext_lazy

from minorworks.core.jurisdiction import scoped
from minorworks.core.periods import on_or_after
from minorworks.projects.models import ACTIVE_STATUSES, Project

from .models import ContractorHistory, Hazard, HazardStatus, Inspection, Level
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

REASONS = {
    "major": gettext_lazy("%(n)s open major hazard(s)"),
    "general": gettext_lazy("%(n)s open general hazard(s)"),
    "overdue": gettext_lazy("%(n)s hazard(s) past the deadline"),
    "operation": gettext_lazy("%(n)s hazardous operation(s) declared"),
    "history": gettext_lazy("the contractor had %(n)s hazard(s) in the last year"),
    "days": gettext_lazy("%(n)s day(s) since the last inspection"),
    "never": gettext_lazy("never inspected (%(n)s day(s) since acceptance)"),
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
    parts: list[tuple[str, int, int]] = field(default_factory=list)  # (reason, n, points)

    @property
    def reasons(self) -> list[str]:
        """Each part of the score in words, e.g. 2 open major hazard(s)（+60） — written only when shown
        (the list ranks thousands of projects and shows a page of them)."""
        return [f"{REASONS[key] % {'n': n}}（+{points}）" for key, n, points in self.parts]


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
        ContractorHistory.objects.filter(enterprise_id__in=contractors).values_list(
            "enterprise_id", "hazards_last_year"
        )
    )
    result = [_due(row, history, today, every, soon) for row in rows]
    order = {"overdue": 0, "due_soon": 1, "ok": 2}
    result.sort(key=lambda d: (order[d.state], -d.score, d.due_on, d.number))
    return result


def _due(row: dict[str, Any], history: dict[int, int], today: dt.date, every: int, soon: int) -> Due:
    since = row["last_inspected"] or row["decided_at"] or row["created_at"]
    due_on = timezone.localdate(since) + dt.timedelta(days=every)
    state = "overdue" if due_on < today else "due_soon" if due_on <= today + dt.timedelta(days=soon) else "ok"
    score, parts = 0, []

    def add(points: int, key: str, n: int) -> None:
        nonlocal score
        if points:
            score += points
            parts.append((key, n, points))

    add(row["open_major"] * WEIGHTS["major"], "major", row["open_major"])
    add(row["open_general"] * WEIGHTS["general"], "general", row["open_general"])
    add(row["overdue"] * WEIGHTS["overdue"], "overdue", row["overdue"])
    operations = len(row["hazardous_operations"] or [])
    add(operations * WEIGHTS["operation"], "operation", operations)
    found = history.get(row["contractor_id"], 0)
    add(min(found * WEIGHTS["history"], WEIGHTS["history_cap"]), "history", found)
    days = (today - timezone.localdate(since)).days
    add(
        min(round(days / max(every, 1) * WEIGHTS["days"] / 2), WEIGHTS["days"]),
        "days" if row["last_inspected"] else "never",
        days,
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
        parts=parts,
    )


def refresh_contractor_history(today: dt.date | None = None) -> int:
    """Recount every contractor's hazards of the last 365 days (the daily job); answers how many contractors."""
    today = today or timezone.localdate()
    counts = dict(
        Hazard.objects.filter(**on_or_after("found_at", today - dt.timedelta(days=365)))
        .exclude(project__contractor_id=None)
        .order_by()
        .values("project__contractor_id")
        .annotate(n=Count("id"))
        .values_list("project__contractor_id", "n")
    )
    ContractorHistory.objects.exclude(enterprise_id__in=counts).delete()
    ContractorHistory.objects.bulk_create(
        [ContractorHistory(enterprise_id=k, hazards_last_year=n, as_of=today) for k, n in counts.items()],
        update_conflicts=True,
        unique_fields=["enterprise"],
        update_fields=["hazards_last_year", "as_of"],
    )
    return len(counts)
