"""The rectification loop and stop-work orders, as tables (who may do what in which state), with frozen clocks
for deadlines; resumption after an order only after a passed re-inspection."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from minorworks.accounts.tokens import issue_token
from minorworks.core import workflow as engine
from minorworks.inspections.hazards import HAZARD_WORKFLOW, record_hazard
from minorworks.inspections.models import Hazard, HazardStatus
from minorworks.inspections.services import ResultIn, record_inspection
from minorworks.leads import domain as leads
from minorworks.leads.models import Lead
from minorworks.projects.models import Status
from minorworks.review import workflow
from minorworks.stoporders.models import OrderStatus, StopOrder
from minorworks.stoporders.proposals import propose_for_overdue
from minorworks.stoporders.workflow import ORDER_WORKFLOW

from .conftest import client_for
from .workflow_support import contractor_user, make_project, reinspect

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def _hazard(world, *, status=HazardStatus.OPEN, level="general", contractor=None) -> Hazard:
    project = make_project(world, Status.IN_PROGRESS, contractor=contractor)
    hazard = record_hazard(
        actor=world.street_a_officer, project=project, level=level, description="临边无防护"
    )
    Hazard.objects.filter(pk=hazard.pk).update(status=status)
    hazard.refresh_from_db()
    return hazard


# --- the hazard table: who may do what in which state ------------------------------------------------------
WHO = {"rectify": {"builder", "contractor"}, "verify": {"street_a_officer"}, "reopen": {"district_admin"}}
FROM = {"rectify": {"open"}, "verify": {"submitted"}, "reopen": {"closed"}}
TO = {"rectify": "submitted", "verify": "closed", "reopen": "open"}
INPUT = {
    "rectify": {"note": "已加装防护栏杆"},
    "verify": {"passed": True},
    "reopen": {"reason": "复查发现未整改"},
}
PERSONAS = [
    "builder",
    "contractor",
    "street_a_officer",
    "street_b_officer",
    "district_admin",
    "grid_worker",
    "other_builder",
]


@pytest.mark.parametrize("action", list(WHO))
@pytest.mark.parametrize("persona", PERSONAS)
def test_hazard_transition_table(world, action, persona):
    contractor = contractor_user(world)
    user = contractor if persona == "contractor" else getattr(world, persona)
    for state in HazardStatus.values:
        hazard = _hazard(world, status=state, contractor=contractor)
        allowed = persona in WHO[action]
        try:
            HAZARD_WORKFLOW.perform(action, hazard, actor=user, **INPUT[action])
        except engine.NotPermitted:
            assert not allowed, (action, persona, state)
            continue
        except engine.NotAllowedNow:
            assert allowed and state not in FROM[action], (action, persona, state)
            continue
        assert allowed and state in FROM[action], (action, persona, state)
        hazard.refresh_from_db()
        assert hazard.status == TO[action]


def test_verification_can_return_the_rectification_with_a_reason(world):
    hazard = _hazard(world, status=HazardStatus.SUBMITTED)
    with pytest.raises(engine.InvalidInput):
        HAZARD_WORKFLOW.perform("verify", hazard, actor=world.street_a_officer, passed=False, reason="")
    HAZARD_WORKFLOW.perform(
        "verify", hazard, actor=world.street_a_officer, passed=False, reason="护栏高度不足"
    )
    hazard.refresh_from_db()
    assert hazard.status == "open" and hazard.return_reason == "护栏高度不足" and hazard.closed_at is None


def test_the_api_routes_of_the_loop(world):
    contractor = contractor_user(world)
    hazard = _hazard(world, contractor=contractor)

    def post(user, action, body):
        token = issue_token(user)
        return Client().post(
            f"/api/v1/hazards/{hazard.pk}/{action}",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    assert post(world.street_a_officer, "rectify", {"note": "x"}).status_code == 403
    assert post(contractor, "rectify", {}).status_code == 400
    assert post(contractor, "rectify", {"note": "已整改"}).json()["status"] == "submitted"
    assert post(world.street_b_officer, "verify", {"passed": True}).status_code == 404
    assert post(world.street_a_officer, "verify", {"passed": True}).json()["status"] == "closed"
    assert post(world.street_a_officer, "verify", {"passed": True}).status_code == 409
    assert post(world.district_admin, "reopen", {"reason": "群众举报仍存在"}).json()["status"] == "open"
    listed = (
        Client()
        .get(
            f"/api/v1/hazards?project={hazard.project_id}&status=open",
            HTTP_AUTHORIZATION=f"Bearer {issue_token(world.builder)}",
        )
        .json()
    )
    assert listed["count"] == 1 and listed["results"][0]["number"] == hazard.number


def test_overdue_is_derived_from_the_deadline_with_a_frozen_clock(world):
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=TZ), tick=False):
        hazard = _hazard(world)
        assert hazard.deadline == dt.date(2026, 12, 8)  # the district's default: 7 days
        assert not hazard.is_overdue()
    with time_machine.travel(dt.datetime(2026, 12, 8, 23, 0, tzinfo=TZ), tick=False):
        assert not hazard.is_overdue()  # due that day
    with time_machine.travel(dt.datetime(2026, 12, 9, 8, 0, tzinfo=TZ), tick=False):
        assert hazard.is_overdue()
        token = issue_token(world.street_a_officer)
        overdue = Client().get("/api/v1/hazards?overdue=true", HTTP_AUTHORIZATION=f"Bearer {token}").json()
        assert [h["number"] for h in overdue["results"]] == [hazard.number]
        assert propose_for_overdue() == 1
        assert propose_for_overdue() == 0  # one proposal per project
        order = StopOrder.objects.get(project=hazard.project)
        assert order.status == "proposed" and order.source == "deadline"


# --- stop-work orders and resumption ---------------------------------------------------------------------
def test_a_major_hazard_proposes_an_order_that_the_officer_issues_and_a_reinspection_lifts(world):
    project = make_project(world, Status.IN_PROGRESS)
    recorded = record_inspection(
        actor=world.street_a_officer,
        project=project,
        kind="patrol",
        inspected_at=None,
        results=[ResultIn(item_code="G01", answer="fail", note="起重机械未验收")],
    )
    assert recorded.proposed_stop_order
    proposal = StopOrder.objects.get(project=project)
    assert (
        proposal.status == "proposed" and proposal.hazard == recorded.hazards[0] and proposal.number is None
    )
    page = client_for(world, "street_a_officer").get(f"/projects/{project.pk}/").content.decode()
    assert f'value="{proposal.pk}"' in page  # the stop form starts from the proposal
    workflow.perform(
        "stop",
        project,
        actor=world.street_a_officer,
        reason=proposal.reason,
        proposal=proposal.pk,
        extent="whole",
        measures="停止起重作业",
    )
    proposal.refresh_from_db()
    project.refresh_from_db()
    assert (
        project.status == Status.STOPPED
        and proposal.status == "issued"
        and proposal.number.startswith("DCTG")
    )
    assert set(proposal.copies_to.values_list("code", flat=True))  # the sector department gets a copy

    with pytest.raises(engine.Blocked) as blocked:
        workflow.perform("resume", project, actor=world.street_a_officer)
    assert (
        blocked.value.status == 409
        and "复查" in str(blocked.value.message)
        or "re-inspection" in str(blocked.value.message)
    )
    reinspect(world, project, passed=False)
    with pytest.raises(engine.Blocked):
        workflow.perform("resume", project, actor=world.street_a_officer)
    with pytest.raises(engine.Blocked):
        workflow.perform("resume", project, actor=world.builder)  # the builder cannot lift an order
    passed = reinspect(world, project).inspection
    workflow.perform("resume", project, actor=world.street_a_officer, note="复查合格")
    proposal.refresh_from_db()
    assert proposal.status == "lifted" and proposal.resumption_inspection == passed
    assert proposal.days_stopped() == 0


def test_resume_through_the_api_answers_409_until_the_reinspection(world):
    project = make_project(world, Status.IN_PROGRESS)
    token = issue_token(world.street_a_officer)

    def post(path, body):
        return Client().post(
            path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    created = post(
        f"/api/v1/projects/{project.pk}/stop-orders",
        {"reason": "脚手架连墙件缺失", "extent": "part", "measures": "停止脚手架作业"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "issued" and body["project_status"] == "stopped" and body["number"]
    refused = post(f"/api/v1/projects/{project.pk}/resume", {})
    assert refused.status_code == 409 and refused.json()["detail"]
    reinspect(world, project)
    assert post(f"/api/v1/projects/{project.pk}/resume", {}).json()["status"] == "in_progress"
    assert StopOrder.objects.get(project=project).status == OrderStatus.LIFTED


def test_the_builder_pauses_and_resumes_without_an_order(world):
    project = make_project(world, Status.IN_PROGRESS)
    workflow.perform("pause", project, actor=world.builder, reason="春节停工")
    assert project.status == Status.STOPPED and not StopOrder.objects.exists()
    workflow.perform("resume", project, actor=world.builder)
    assert project.status == Status.IN_PROGRESS


def test_an_unregistered_site_gets_a_proposed_order_issued_to_the_site(world):
    lead = leads.create_lead(
        actor=world.grid_worker,
        data={"street": world.street_a, "community": world.community_a, "address": "和平里北街9号"},
    )
    order = StopOrder.objects.get(lead=lead)
    assert order.status == "proposed" and order.source == "unregistered"
    with pytest.raises(engine.NotPermitted):
        ORDER_WORKFLOW.perform("issue_for_site", order, actor=world.grid_worker, reason="x")
    ORDER_WORKFLOW.perform(
        "issue_for_site", order, actor=world.street_a_officer, reason="未登记擅自施工", extent="whole"
    )
    order.refresh_from_db()
    lead.refresh_from_db()
    assert order.status == "issued" and order.number and lead.state == Lead.State.STOPPED


def test_a_proposal_can_be_withdrawn_with_a_reason(world):
    project = make_project(world, Status.IN_PROGRESS)
    record_inspection(
        actor=world.street_a_officer,
        project=project,
        kind="patrol",
        inspected_at=None,
        results=[ResultIn(item_code="F01", answer="fail")],
    )
    order = StopOrder.objects.get(project=project)
    ORDER_WORKFLOW.perform("withdraw", order, actor=world.street_a_officer, reason="现场已立即整改")
    order.refresh_from_db()
    assert order.status == "withdrawn" and order.withdrawn_reason == "现场已立即整改"


def test_stop_orders_are_scoped(world):
    project = make_project(world, Status.IN_PROGRESS)
    workflow.perform("stop", project, actor=world.street_a_officer, reason="动火无监护", extent="whole")
    order = StopOrder.objects.get(project=project)
    assert client_for(world, "street_a_officer").get(f"/stop-orders/{order.pk}/").status_code == 200
    assert client_for(world, "builder").get(f"/stop-orders/{order.pk}/").status_code == 200
    assert client_for(world, "street_b_officer").get(f"/stop-orders/{order.pk}/").status_code == 404
    assert client_for(world, "other_builder").get(f"/stop-orders/{order.pk}/").status_code == 404
    listed = client_for(world, "street_b_officer").get("/stop-orders/").content.decode()
    assert (order.number or "") not in listed


def test_the_stop_order_from_a_hazard_keeps_the_time_of_issue(world):
    with time_machine.travel(dt.datetime(2026, 11, 1, 10, 0, tzinfo=TZ), tick=False):
        project = make_project(world, Status.IN_PROGRESS)
        workflow.perform("stop", project, actor=world.street_a_officer, reason="x", extent="whole")
    order = StopOrder.objects.get(project=project)
    with time_machine.travel(dt.datetime(2026, 11, 15, 10, 0, tzinfo=TZ), tick=False):
        assert order.days_stopped() == 14
        assert timezone.localdate(order.issued_at) == dt.date(2026, 11, 1)
