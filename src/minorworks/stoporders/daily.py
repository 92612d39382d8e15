"""The stop-order app's daily job, run by ``minorworks jobs`` (see core.jobs)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from minorworks.core.jobs import daily

from .overlong import flag_overlong
from .proposals import propose_for_overdue


@daily("stoporders.propose_for_overdue")
def propose_for_overdue_hazards(today: dt.date) -> str:
    """Propose a stop-work order for each project with a hazard past its rectification deadline."""
    with transaction.atomic():
        made = propose_for_overdue(today)
    return f"{made} stop-work orders proposed"


@daily("stoporders.flag_overlong")
def overlong(today: dt.date) -> str:
    """Flag sites stopped longer than the district's limit; notify the street and the district."""
    with transaction.atomic():
        flagged = flag_overlong(today)
    return f"{flagged} sites stopped too long"
