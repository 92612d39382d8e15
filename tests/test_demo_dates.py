"""The demo is dated back from the day it is loaded: nothing that has happened lies in the future.

Seen in a browser: on 2026-12-01 the demo showed projects submitted on 2027-01-03 and completed works that had
not begun. The day is passed in (``today``), as a frozen clock, so the test does not depend on when it runs.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from minorworks.demo.generate import load_demo
from minorworks.leads.models import Lead
from minorworks.notices.models import Notice
from minorworks.projects.models import ACTIVE_STATUSES, POST_ACCEPTANCE_STATUSES, Project, Status

FROZEN = dt.date(2026, 12, 1)
LATEST = timezone.make_aware(dt.datetime.combine(FROZEN, dt.time(0)))  # anything later is in the future


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


@pytest.fixture
def demo(reference):
    load_demo(projects=240, seed=11, today=FROZEN)
    return Project.objects.all()


def test_nothing_that_happened_is_dated_in_the_future(demo):
    late = []
    for p in demo:
        for name in ("created_at", "submitted_at", "decided_at"):
            value = getattr(p, name)
            if value is not None and value >= LATEST:
                late.append((p.number, p.status, name, value))
        for name in ("actual_start", "actual_end"):
            value = getattr(p, name)
            if value is not None and value >= FROZEN:
                late.append((p.number, p.status, name, value))
    for n in Notice.objects.all():
        for name in ("issued_at", "builder_ack_at", "contractor_ack_at"):
            value = getattr(n, name)
            if value is not None and value >= LATEST:
                late.append((n.number, name, value))
    for lead in Lead.objects.all():
        for value in (lead.found_at, lead.resolved_at):
            if value is not None and value >= LATEST:
                late.append((lead.address, lead.state, value))
    assert late == []


def test_dates_follow_the_status(demo):
    wrong = []
    for p in demo:
        started = p.status in POST_ACCEPTANCE_STATUSES and p.status != Status.ACCEPTED
        finished = p.status in POST_ACCEPTANCE_STATUSES - ACTIVE_STATUSES
        if started != (p.actual_start is not None) or finished != (p.actual_end is not None):
            wrong.append((p.number, p.status, "actual dates", p.actual_start, p.actual_end))
        if finished and p.planned_end >= FROZEN:
            wrong.append((p.number, p.status, "finished works planned to end later", p.planned_end))
        if (p.status == Status.DRAFT) != (p.submitted_at is None):
            wrong.append((p.number, p.status, "submission", p.submitted_at))
        if p.status in (Status.DRAFT, Status.SUBMITTED) and p.decided_at is not None:
            wrong.append((p.number, p.status, "decided before review", p.decided_at))
        if p.status not in (Status.DRAFT, Status.SUBMITTED) and p.decided_at is None:
            wrong.append((p.number, p.status, "no decision", None))
        order = [p.created_at, p.submitted_at, p.decided_at]
        known = [m for m in order if m is not None]
        if known != sorted(known):
            wrong.append((p.number, p.status, "out of order", order))
        if p.actual_start and p.decided_at and p.actual_start < _local_day(p.decided_at):
            wrong.append((p.number, p.status, "started before acceptance", p.actual_start, p.decided_at))
        if p.actual_end and p.actual_end < p.actual_start:
            wrong.append((p.number, p.status, "ended before it began", p.actual_start, p.actual_end))
    assert wrong == []
    # Planned dates may lie ahead for works not yet begun; the demo has some, so the rule above is not vacuous.
    assert demo.filter(status=Status.ACCEPTED, planned_start__gt=FROZEN).exists()
    assert demo.filter(status=Status.COMPLETED).exists() and demo.filter(status=Status.IN_PROGRESS).exists()


def test_notices_are_issued_when_accepted(demo):
    for n in Notice.objects.select_related("project"):
        assert n.issued_at == n.project.decided_at
        for ack in (n.builder_ack_at, n.contractor_ack_at):
            assert ack is None or ack >= n.issued_at


def _snapshot() -> list[tuple]:
    return list(
        Project.objects.order_by("number").values_list(
            "number", "status", "planned_start", "planned_end", "actual_start", "submitted_at", "decided_at"
        )
    )


def test_equal_seed_and_day_give_equal_data(reference):
    class Rollback(Exception):
        pass

    snapshots = []
    for today in (FROZEN, FROZEN, FROZEN + dt.timedelta(days=30)):
        try:
            with transaction.atomic():
                load_demo(projects=60, seed=5, today=today)
                snapshots.append(_snapshot())
                raise Rollback
        except Rollback:
            pass
    assert snapshots[0] == snapshots[1]
    assert snapshots[0] != snapshots[2]  # a later day moves the dates with it
    shift = [b[2] - a[2] for a, b in zip(snapshots[0], snapshots[2], strict=True)]
    assert set(shift) == {dt.timedelta(days=30)}
