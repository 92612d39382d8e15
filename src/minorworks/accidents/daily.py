"""The accidents' daily job, run by ``minorworks jobs`` (see core.jobs): deadlines passed are notified once."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from minorworks.core.jobs import daily
from minorworks.core.notifications import notify

from .deadlines import deadlines_of
from .models import Accident, AccidentStatus
from .services import recipients_for

# deadline key → the states in which it is still pending, and the message
WATCHED = {
    "investigation_due": (
        {AccidentStatus.REPORTED, AccidentStatus.INVESTIGATING},
        gettext_lazy(
            "Accident %(number)s: the investigation report was due on %(date)s (Decree 493 Art. 29)."
        ),
    ),
    "reply_due": (
        {AccidentStatus.REPORT_SUBMITTED},
        gettext_lazy("Accident %(number)s: the government's reply was due on %(date)s (Decree 493 Art. 32)."),
    ),
}


def notify_deadlines(today: dt.date) -> int:
    """Notify each pending deadline that passed before ``today``, once per accident and deadline."""
    told = 0
    pending = Accident.objects.exclude(status__in=[AccidentStatus.REPLIED, AccidentStatus.CLOSED]).order_by(
        "pk"
    )
    for accident in pending:
        due = deadlines_of(accident)
        for key, (states, message) in WATCHED.items():
            deadline = due.get(key)
            if accident.status not in states or deadline is None or key in accident.deadlines_notified:
                continue
            if not today > timezone.localdate(deadline):  # the day after the deadline's day at the earliest
                continue
            with transaction.atomic():
                locked = Accident.objects.select_for_update().get(pk=accident.pk)
                if key in locked.deadlines_notified:
                    continue
                Accident.objects.filter(pk=locked.pk).update(
                    deadlines_notified=[*locked.deadlines_notified, key]
                )
                accident.deadlines_notified = [*locked.deadlines_notified, key]
                notify(
                    recipients_for(locked), kind="accident.deadline_passed", subject=message,
                    params={"number": locked.number, "date": timezone.localdate(deadline).isoformat()},
                    url=f"/accidents/{locked.pk}/", obj=locked, actor="system",
                )  # fmt: skip
                told += 1
    return told


@daily("accidents.deadlines")
def accident_deadlines(today: dt.date) -> str:
    """Notify the street, the district and the emergency bureau of investigation and reply deadlines passed."""
    return f"{notify_deadlines(today)} accident deadlines notified"
