"""The deadlines of Decree 493 for one accident, as aware datetimes in the platform's time zone.

Hours run from an instant: the unit's report is due 1 hour after its head was informed (Art. 9), each level
onward 2 hours after it received the report (Art. 11). Days run from a day and the first day is not counted
(a deadline of N days from day D ends on D + N): the deadline is the **end of day D + N in Asia/Shanghai**,
written as the last second of that day, ``D+N T23:59:59+08:00``; something is late only when it happens on a
later local day (:func:`is_late` compares local dates, so no sub-second instant falls between the two).

- supplement_until: casualty changes are added within 30 days of the accident, 7 for road traffic and fire
  (Art. 13); a change within that window regrades the accident (Art. 20), a later one does not;
- investigation_due: the investigation report within 60 days of the accident; investigation_due_latest: the
  longest it may be extended, once, by at most 60 days (Art. 29);
- reply_due: the government replies within 15 days of receiving the report, 30 for 特别重大 (Art. 32).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

REPORT_HOURS = 1
ONWARD_HOURS = 2
SUPPLEMENT_DAYS = 30
SUPPLEMENT_DAYS_SHORT = 7  # road traffic and fire (Art. 13)
SHORT_SUPPLEMENT_KINDS = frozenset({"road_traffic", "fire"})
INVESTIGATION_DAYS = 60
EXTENSION_MAX_DAYS = 60
REPLY_DAYS = 15
REPLY_DAYS_ESPECIALLY_MAJOR = 30


def end_of_day(day: dt.date) -> dt.datetime:
    """The last second of ``day`` in the platform's time zone (Asia/Shanghai), aware."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def days_after(moment: dt.datetime | dt.date, days: int) -> dt.datetime:
    """The end of the N-day period starting on the local day of ``moment`` (first day not counted)."""
    day = timezone.localdate(moment) if isinstance(moment, dt.datetime) else moment
    return end_of_day(day + dt.timedelta(days=days))


def is_late(deadline: dt.datetime, when: dt.datetime) -> bool:
    """True when ``when`` falls after ``deadline`` (by local day for day deadlines, by instant for hours)."""
    if timezone.localtime(deadline).time() == dt.time(23, 59, 59):
        return timezone.localdate(when) > timezone.localdate(deadline)
    return when > deadline


def supplement_days(kind: str) -> int:
    """30 days, or 7 for road traffic and fire accidents (Art. 13)."""
    return SUPPLEMENT_DAYS_SHORT if kind in SHORT_SUPPLEMENT_KINDS else SUPPLEMENT_DAYS


def deadlines_of(accident: Any) -> dict[str, dt.datetime | None]:
    """Every deadline of ``accident`` (None where the starting fact is not known yet)."""
    occurred = accident.occurred_at
    report_due = accident.head_informed_at + dt.timedelta(hours=REPORT_HOURS)
    onward_from = accident.reported_at or report_due
    reply_due = None
    if accident.report_received_at is not None:
        days = REPLY_DAYS_ESPECIALLY_MAJOR if accident.grade == "especially_major" else REPLY_DAYS
        reply_due = days_after(accident.report_received_at, days)
    investigation_due = days_after(occurred, INVESTIGATION_DAYS)
    if accident.investigation_extended_until is not None:
        investigation_due = end_of_day(accident.investigation_extended_until)
    return {
        "report_due": report_due,
        "onward_due": onward_from + dt.timedelta(hours=ONWARD_HOURS),
        "supplement_until": days_after(occurred, supplement_days(accident.kind)),
        "investigation_due": investigation_due,
        "investigation_due_latest": days_after(occurred, INVESTIGATION_DAYS + EXTENSION_MAX_DAYS),
        "reply_due": reply_due,
    }
