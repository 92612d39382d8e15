"""A fixed data set for the bulletin indicators (October 2026), with the hand-computed figures it must give.

Street A has a bit of everything, street B one registration, every other street of the district nothing.
Times are local (Asia/Shanghai), some on the edges of the period.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from minorworks.inspections.models import Hazard, Inspection
from minorworks.inspections.services import current_checklist
from minorworks.leads.models import Lead
from minorworks.projects.models import Status
from minorworks.stoporders.models import StopOrder

from .factories import ProjectFactory

START, END = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
ZONE = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A local time in 2026."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=ZONE)


# code → {street: expected value} for street A ("a") and B ("b"); None: no data; absent streets: 0 / None.
EXPECTED = {
    "projects.registered_new": {"a": 2, "b": 1},
    "projects.registered_total": {"a": 3, "b": 1},
    "projects.registered_before_start": {"a": (1, 2), "b": (1, 1)},
    "leads.found": {"a": 2, "b": 0},
    "leads.resolved": {"a": 2, "b": 0},
    "inspections.count": {"a": 2, "b": 0},
    "inspections.coverage": {"a": (2, 3), "b": (0, 1)},
    "inspections.hazards": {"a": 7, "b": 0},
    "inspections.closed_on_time": {"a": (3, 7), "b": None},
    "inspections.overdue": {"a": 1, "b": 0},
    "inspections.major": {"a": 1, "b": 0},
    "stoporders.issued": {"a": 2, "b": 0},
    "stoporders.resolved": {"a": (1, 2), "b": None},
}


def value_of(expected) -> Decimal | None:
    """The expected value as the Figure gives it."""
    if expected is None:
        return None
    if isinstance(expected, tuple):
        return Decimal(expected[0]) / Decimal(expected[1])
    return Decimal(expected)


def build(world) -> dict:
    """Create the data set; returns the records by name."""
    a, b = world.street_a, world.street_b
    ca = world.community_a

    def project(street, community, status, submitted, started=None):
        return ProjectFactory(
            street=street, community=community, status=status, submitted_at=submitted, actual_start=started
        )

    p1 = project(a, ca, Status.IN_PROGRESS, at(10, 5), dt.date(2026, 10, 10))  # registered before start
    p2 = project(a, ca, Status.IN_PROGRESS, at(10, 20), dt.date(2026, 10, 1))  # registered after start
    p3 = project(a, ca, Status.ACCEPTED, at(9, 15))  # before the period: total only
    project(a, ca, Status.DRAFT, None)  # never submitted: not a registration
    project(a, ca, Status.SUBMITTED, at(11, 1, 0, 5))  # after the period
    p6 = project(b, world.community_b, Status.ACCEPTED, at(10, 10))

    checklist = current_checklist()
    n = iter(range(1, 100))

    def inspection(p, when):
        return Inspection.objects.create(
            number=f"JC-T-{next(n)}",
            project=p,
            district=p.district,
            street=p.street,
            community=p.community,
            kind="patrol",
            inspected_at=when,
            checklist=checklist,
            passed=False,
        )

    i1 = inspection(p1, at(10, 12))
    inspection(p3, at(10, 31, 23, 30))  # the last half hour of the period
    inspection(p2, at(11, 1, 0, 10))  # just after
    inspection(p2, at(9, 30, 23, 59))  # just before

    def hazard(p, found, level="general", deadline=None, closed=None, spot=False):
        return Hazard.objects.create(
            number=f"YH-T-{next(n)}",
            project=p,
            inspection=i1 if p == p1 else None,
            district=p.district,
            street=p.street,
            level=level,
            description="临边防护缺失",
            deadline=deadline,
            fix_on_spot=spot,
            found_at=found,
            status="closed" if closed else "open",
            closed_at=closed,
        )

    hazard(p1, at(10, 12), deadline=dt.date(2026, 10, 20), closed=at(10, 19))  # on time
    hazard(p1, at(10, 12), level="major", deadline=dt.date(2026, 10, 15), closed=at(10, 18))  # late
    hazard(p3, at(10, 31, 9), deadline=dt.date(2026, 10, 31))  # open, now overdue
    hazard(p1, at(10, 12), spot=True, closed=at(10, 12, 16))  # fixed on the spot the same day
    hazard(p1, at(9, 30), deadline=dt.date(2026, 10, 3))  # found before the period
    # the edges of a local day (UTC+8): the last half hour of the day due is on time, the next is late
    hazard(p1, at(10, 14), deadline=dt.date(2026, 10, 20), closed=at(10, 20, 23, 30))  # on time
    hazard(p1, at(10, 14), deadline=dt.date(2026, 10, 20), closed=at(10, 21, 0, 30))  # late
    hazard(p1, at(10, 14, 9), spot=True, closed=at(10, 15, 0, 30))  # an on-the-spot fix the next day: late

    def lead(found, resolved=None, state="open"):
        return Lead.objects.create(
            district=a.parent,
            street=a,
            community=ca,
            address="和平里北街1号",
            state=state,
            found_at=found,
            resolved_at=resolved,
        )

    lead(at(10, 3))
    lead(at(9, 20), at(10, 7), "registered")
    lead(at(10, 8), at(10, 9), "out_of_scope")

    def order(p, issued, status):
        return StopOrder.objects.create(
            project=p,
            district=p.district,
            street=p.street,
            reason="重大隐患",
            status=status,
            issued_at=issued,
        )

    order(p1, at(10, 13), "lifted")
    order(p2, at(10, 25), "issued")
    order(p2, None, "proposed")
    return {"p1": p1, "p6": p6}
