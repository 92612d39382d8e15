"""The joint meetings' daily job, run by ``minorworks jobs`` (see core.jobs)."""

from __future__ import annotations

import datetime as dt

from minorworks.core.jobs import daily

from .services import notify_overdue


@daily("meetings.overdue_action_items")
def overdue_action_items(today: dt.date) -> str:
    """Notify the owners and the convenor of each action item newly past its due date."""
    return f"{notify_overdue(today)} action items overdue notified"
