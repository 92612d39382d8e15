"""Dates of a demo project that fit its status, counted back from the day the demo is loaded.

Nothing that has happened lies in the future: creation, submission, decision, actual start and end are at
the latest the evening before ``today``. Only what is planned may lie ahead (a draft's, a submitted or an
accepted project's planned dates; the planned end of works under way). Equal random state and ``today`` give
equal dates.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from minorworks.projects.models import ACTIVE_STATUSES, POST_ACCEPTANCE_STATUSES, Status

# From the status groups beside the Status enum.
STARTED = POST_ACCEPTANCE_STATUSES - {Status.ACCEPTED}
FINISHED = POST_ACCEPTANCE_STATUSES - ACTIVE_STATUSES
DECIDED = POST_ACCEPTANCE_STATUSES | {Status.RETURNED, Status.REFUSED}


def latest_moment(today: dt.date) -> dt.datetime:
    """The latest time a demo event may carry: 18:00 the day before ``today`` (local time)."""
    return timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=1), dt.time(18)))


def at(day: dt.date, hour: int, today: dt.date) -> dt.datetime:
    """``day`` at ``hour`` o'clock local time, never later than :func:`latest_moment`."""
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))), latest_moment(today))


@dataclass(frozen=True)
class Timeline:
    planned_start: dt.date
    planned_end: dt.date
    actual_start: dt.date | None
    actual_end: dt.date | None
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None


def timeline(rng: random.Random, status: str, today: dt.date) -> Timeline:
    """Planned and actual dates and the registration's moments for a project in ``status`` on ``today``."""
    days = dt.timedelta
    yesterday = today - days(1)
    duration = rng.randint(10, 150)
    if status not in STARTED:
        # Not begun: registered in the last weeks, the start mostly ahead (an accepted one may be a little late).
        planned_start = today + days(rng.randint(-5 if status == Status.ACCEPTED else 3, 45))
        created = today - days(rng.randint(3, 40))
    elif status in FINISHED:
        planned_start = today - days(duration + rng.randint(5, 330))
        created = planned_start - days(rng.randint(7, 20))
    else:  # in progress or stopped; some past their planned end (overdue)
        planned_start = today - days(rng.randint(3, 200))
        created = planned_start - days(rng.randint(7, 20))
    actual_start = None
    actual_end = None
    if status in STARTED:
        actual_start = min(planned_start + days(rng.randint(0, 7)), yesterday)
    if status in FINISHED and actual_start is not None:
        actual_end = min(max(planned_start + days(duration - rng.randint(0, 5)), actual_start), yesterday)
    submitted = None if status == Status.DRAFT else created + days(rng.randint(0, 2))
    decided = submitted + days(rng.randint(1, 3)) if submitted and status in DECIDED else None
    return Timeline(
        planned_start=planned_start,
        planned_end=planned_start + days(duration),
        actual_start=actual_start,
        actual_end=actual_end,
        created_at=at(created, 9, today),
        submitted_at=at(submitted, 10, today) if submitted else None,
        decided_at=at(decided, 15, today) if decided else None,
    )
