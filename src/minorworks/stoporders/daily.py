"""The stop-order app's daily job, run by ``minorworks jobs`` (see core.jobs)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from minorworks.core.jobs import daily

from .proposals import propose_for_overdue


@daily("stoporders.propose_for_overdue")
def propose_for_overdue_hazards(today: dt.date) -> str:
    """Propose a stop-work order for each project with a hazard past its rectification deadline."""
    with transaction.atomic():
        made = propose_for_overdue(today)
    return f"{made} stop-work orders proposed"
