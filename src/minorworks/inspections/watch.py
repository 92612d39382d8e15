"""Each project's inspection state in one row (SiteWatch), kept current by every write that changes it.

The coverage list ranks every active project of a scope by when it is due and by its open hazards; at city
scale a street holds ~7,000 active projects, and counting their inspections and hazards on each request took
seconds. ``refresh(project_ids)`` recomputes the rows of those projects from the records, inside the
writer's transaction: the inspection service, the free-form hazard, every hazard transition (the workflow's
``on_change``), and ``post_save``/``post_delete`` of Inspection and Hazard for anything else that saves one.
``rebuild()`` recomputes every row (the demo load, the daily job, the migration that added the table).

The overdue count depends on the day: it is exact as of ``as_of``, and ``next_deadline`` is the earliest
deadline of an open hazard not yet overdue then. The coverage query uses the stored count only while
``as_of <= today <= next_deadline`` and recounts the project's hazards otherwise, so a list is exact even
on a day the daily job did not run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models import Max, Min, Q
from django.utils import timezone

from minorworks.core.counting import Rows

from .models import Hazard, HazardStatus, Inspection, Level, SiteWatch

OPEN = (HazardStatus.OPEN, HazardStatus.SUBMITTED)
FIELDS = ["last_inspected_at", "open_major", "open_general", "overdue", "next_deadline", "as_of"]
BATCH = 2000
_PENDING: ContextVar[set[int] | None] = ContextVar("site_watch_pending", default=None)


def _rows(project_ids: Iterable[int] | None, today: dt.date) -> list[SiteWatch]:
    """The rows of ``project_ids`` (None: every project with an inspection or a hazard), computed afresh."""
    inspections = Inspection.objects.all()
    hazards = Hazard.objects.filter(status__in=OPEN)
    if project_ids is not None:
        inspections = inspections.filter(project_id__in=project_ids)
        hazards = hazards.filter(project_id__in=project_ids)
    last = dict(
        inspections.order_by()
        .values("project_id")
        .annotate(m=Max("inspected_at"))
        .values_list("project_id", "m")
    )
    dated = Q(fix_on_spot=False, deadline__isnull=False)
    counts = {
        r.pop("project_id"): r
        for r in hazards.order_by()
        .values("project_id")
        .annotate(
            major=Rows(filter=Q(level=Level.MAJOR)),
            general=Rows(filter=Q(level=Level.GENERAL)),
            late=Rows(filter=dated & Q(deadline__lt=today)),
            next=Min("deadline", filter=dated & Q(deadline__gte=today)),
        )
    }
    ids = set(project_ids) if project_ids is not None else set(last) | set(counts)
    none: dict[str, Any] = {"major": 0, "general": 0, "late": 0, "next": None}
    return [
        SiteWatch(
            project_id=pk,
            last_inspected_at=last.get(pk),
            open_major=(c := counts.get(pk, none))["major"],
            open_general=c["general"],
            overdue=c["late"],
            next_deadline=c["next"],
            as_of=today,
        )
        for pk in sorted(ids)
    ]


def refresh(project_ids: Iterable[int | None], *, today: dt.date | None = None) -> None:
    """Recompute the watch rows of ``project_ids`` (3 queries; call inside the writer's transaction)."""
    ids = sorted({pk for pk in project_ids if pk})
    if not ids:
        return
    SiteWatch.objects.bulk_create(
        _rows(ids, today or timezone.localdate()),
        update_conflicts=True,
        unique_fields=["project"],
        update_fields=FIELDS,
    )


def rebuild(today: dt.date | None = None) -> int:
    """Recompute every watch row from the records (one grouped scan each); answers how many rows."""
    rows = _rows(None, today or timezone.localdate())
    SiteWatch.objects.all().delete()
    SiteWatch.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


@contextmanager
def batched() -> Iterator[set[int]]:
    """Within the block, saves only note their project; the rows are refreshed once at the end (a writer
    that saves an inspection and then bulk-creates its hazards adds the project itself)."""
    pending: set[int] = set()
    token = _PENDING.set(pending)
    try:
        yield pending
    finally:
        _PENDING.reset(token)
    refresh(pending)


def on_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``post_save``/``post_delete`` of an Inspection or a Hazard: its project's row follows."""
    if kwargs.get("raw"):  # fixtures: the rows arrive with the data
        return
    pending = _PENDING.get()
    if pending is not None:
        pending.add(instance.project_id)
    else:
        refresh([instance.project_id])
