"""Overdue and escalation with a frozen clock: hazards past their deadline are notified once to the
responsible people and escalated to the district after the district's delay; late re-inspections are
reminded once; sites stopped longer than the limit are flagged once. Run through the daily jobs."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from minorworks.core.audit import history_of
from minorworks.core.jobs import run_daily
from minorworks.core.models import Notification
from minorworks.inspections.hazards import HAZARD_WORKFLOW, record_hazard
from minorworks.inspections.models import Hazard, InspectionPolicy
from minorworks.projects.models import Status
from minorworks.stoporders.models import OrderStatus, StopOrder

from .conftest import client_for
from .workflow_support import contractor_user, make_project

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
JOBS = ["inspections.overdue_hazards", "inspections.late_reinspections", "stoporders.flag_overlong"]


def at(day: int, hour: int = 9):
    return time_machine.travel(dt.datetime(2026, 12, day, hour, 0, tzinfo=TZ), tick=False)


def run(day: int) -> None:
    with at(day, 6):
        results = run_daily(today=dt.date(2026, 12, day), only=JOBS)
    assert {r.state for r in results} == {"ran"}, results


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", flat=True))


@pytest.fixture
def hazard(world):
    contractor = contractor_user(world)
    with at(1):
        project = make_project(world, Status.IN_PROGRESS, contractor=contractor)
        made = record_hazard(
            actor=world.street_a_officer, project=project, level="general", description="临边无防护"
        )
    assert made.deadline == dt.date(2026, 12, 8)
    made.contractor = contractor
    return made


def test_an_overdue_hazard_is_notified_once_then_escalated_after_the_delay(world, hazard):
    InspectionPolicy.objects.update_or_create(district=world.district, defaults={"escalate_after_days": 3})
    run(8)  # due today: not overdue yet
    assert kinds_of(world.street_a_officer) == [] and kinds_of(hazard.contractor) == []
    run(9)
    for person in (world.street_a_officer, world.builder, hazard.contractor):
        assert kinds_of(person) == ["hazard.overdue"], person
    assert kinds_of(world.street_b_officer) == [] and kinds_of(world.district_admin) == []
    run(10)  # a second day: no second notice
    assert kinds_of(world.street_a_officer) == ["hazard.overdue"]
    run(11)  # 3 days past the deadline: not more than the delay yet
    assert Hazard.objects.get(pk=hazard.pk).escalated_at is None
    run(12)
    hazard.refresh_from_db()
    assert hazard.escalated_at is not None
    assert kinds_of(world.district_admin) == ["hazard.escalated"]
    assert kinds_of(world.street_a_officer) == ["hazard.overdue", "hazard.escalated"]
    assert "hazard.escalate" in [e.action for e in history_of(hazard)]
    run(13)
    assert kinds_of(world.district_admin) == ["hazard.escalated"]  # once
    # The district's view lists it; the street's overdue list too.
    with at(13):
        page = client_for(world, "district_admin").get("/ledgers/hazards/?escalated=true")
        assert hazard.number in page.content.decode()
        other = client_for(world, "district_admin").get("/ledgers/hazards/?escalated=false")
        assert hazard.number not in other.content.decode()
        street = client_for(world, "street_a_officer").get("/ledgers/hazards/?overdue=true")
        assert hazard.number in street.content.decode()


def test_a_closed_hazard_is_neither_notified_nor_escalated(world, hazard):
    with at(5):
        HAZARD_WORKFLOW.perform("rectify", hazard, actor=world.builder, note="已整改")
        HAZARD_WORKFLOW.perform("verify", hazard, actor=world.street_a_officer, passed=True)
    run(20)
    assert kinds_of(world.street_a_officer) == [] and kinds_of(world.district_admin) == []


def test_a_late_reinspection_is_reminded_to_the_street_once(world, hazard):
    with at(2):
        HAZARD_WORKFLOW.perform("rectify", hazard, actor=world.builder, note="已加装防护栏杆")
    run(5)  # 3 days waiting: within the default of 3
    assert kinds_of(world.street_a_officer) == []
    run(6)
    assert kinds_of(world.street_a_officer) == ["hazard.reinspection_late"]
    assert kinds_of(world.builder) == []
    run(7)
    assert kinds_of(world.street_a_officer) == ["hazard.reinspection_late"]


def test_a_site_stopped_longer_than_the_limit_is_flagged_once(world):
    InspectionPolicy.objects.update_or_create(district=world.district, defaults={"stopped_max_days": 10})
    with at(1):
        project = make_project(world, Status.STOPPED)
        order = StopOrder.objects.create(
            project=project,
            district_id=project.district_id,
            street_id=project.street_id,
            reason="无证动火",
            status=OrderStatus.ISSUED,
            number="TG-TEST-1",
            issued_at=dt.datetime(2026, 12, 1, 9, 0, tzinfo=TZ),
        )
    run(11)
    assert kinds_of(world.district_admin) == []
    run(12)
    order.refresh_from_db()
    assert order.overlong_flagged_at is not None
    assert kinds_of(world.district_admin) == ["stop_order.overlong"]
    assert kinds_of(world.street_a_officer) == ["stop_order.overlong"]
    assert "11" in Notification.objects.filter(recipient=world.district_admin).get().subject
    run(13)
    assert kinds_of(world.district_admin) == ["stop_order.overlong"]
    assert "stop_order.overlong" in [e.action for e in history_of(order)]
