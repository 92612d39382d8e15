"""The inspection app's daily jobs, run by ``minorworks jobs`` (see core.jobs)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from minorworks.core.jobs import daily

from .coverage import refresh_contractor_history
from .escalation import late_reinspections, overdue_hazards
from .watch import rebuild


@daily("inspections.overdue_hazards")
def overdue(today: dt.date) -> str:
    """Notify hazards newly overdue; escalate those overdue longer than the district's delay."""
    with transaction.atomic():
        notified, escalated = overdue_hazards(today)
    return f"{notified} overdue hazards notified, {escalated} escalated to the district"


@daily("inspections.late_reinspections")
def reinspections(today: dt.date) -> str:
    """Remind the street of submitted rectifications whose re-inspection is late."""
    with transaction.atomic():
        reminded = late_reinspections(today)
    return f"{reminded} late re-inspections reminded"


@daily("inspections.contractor_history")
def contractor_history(today: dt.date) -> str:
    """Recount each contractor's hazards of the last year for the coverage risk score."""
    with transaction.atomic():
        counted = refresh_contractor_history(today)
    return f"{counted} contractors counted"


@daily("inspections.site_watch")
def site_watch(today: dt.date) -> str:
    """Recompute every project's watch row (the overdue counts move on a day; a safety net for the rest)."""
    with transaction.atomic():
        rows = rebuild(today)
    return f"{rows} site watch rows recomputed"
