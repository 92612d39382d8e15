"""Every workflow action × every persona × the relevant statuses, through the page's POST forms.

The expected outcome is written out here as its own table (not read from review.workflow), then checked
against the response, the project row, the notice and the audit log.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from minorworks.core.audit import history_of
from minorworks.core.models import AuditEntry
from minorworks.notices.models import Notice
from minorworks.orgs.models import Enterprise
from minorworks.projects.models import Attachment, Project, Status
from minorworks.review import workflow
from minorworks.stoporders.models import StopOrder

from .workflow_support import contractor_user, form_data, make_project

pytestmark = pytest.mark.django_db

S = Status
ALL_STATUSES = list(S.values)

# Who may do what (the brief), from which states, to which state (None: status unchanged).
WHO = {
    "submit": {"builder", "street_a_officer"},
    "accept": {"street_a_officer"},
    "return": {"street_a_officer"},
    "refuse": {"street_a_officer"},
    "acknowledge_notice": {"builder", "contractor"},
    "upload_signed_notice": {"street_a_officer"},
    "start": {"builder", "street_a_officer"},
    "stop": {"street_a_officer", "district_admin"},
    "pause": {"builder"},
    # The fixture's stopped projects were paused (no order in force): their builder may resume them too.
    "resume": {"street_a_officer", "district_admin", "builder"},
    "complete": {"builder", "street_a_officer"},
    "archive": {"street_a_officer", "district_admin"},
    "change_dates": {"builder", "street_a_officer"},
    "change_personnel": {"builder", "contractor", "street_a_officer"},
    "adopt_papers": {"street_a_officer"},
}
ACTIVE = {S.ACCEPTED, S.IN_PROGRESS, S.STOPPED}
FROM = {
    "submit": {S.DRAFT, S.RETURNED},
    "accept": {S.SUBMITTED},
    "return": {S.SUBMITTED},
    "refuse": {S.SUBMITTED},
    "acknowledge_notice": ACTIVE,
    "upload_signed_notice": ACTIVE,
    "start": {S.ACCEPTED},
    "stop": {S.IN_PROGRESS, S.STOPPED},
    "pause": {S.IN_PROGRESS},
    "resume": {S.STOPPED},
    "complete": {S.IN_PROGRESS},
    "archive": {S.COMPLETED, S.REFUSED},
    "change_dates": ACTIVE,
    "change_personnel": ACTIVE,
    "adopt_papers": ACTIVE | {S.SUBMITTED},
}
TO = {
    "submit": S.SUBMITTED,
    "accept": S.ACCEPTED,
    "return": S.RETURNED,
    "refuse": S.REFUSED,
    "start": S.IN_PROGRESS,
    "stop": S.STOPPED,
    "pause": S.STOPPED,
    "resume": S.IN_PROGRESS,
    "complete": S.COMPLETED,
    "archive": S.ARCHIVED,
}
# Personas: the conftest ones, the builder of another enterprise, and a contractor-only account.
PERSONAS = [
    "district_admin",
    "street_a_officer",
    "street_b_officer",
    "dept_officer",
    "grid_worker",
    "builder",
    "contractor",
    "other_builder",
]
ROLE_OF = {
    "district_admin": "district_admin",
    "street_a_officer": "street_officer",
    "street_b_officer": "street_officer",
    "dept_officer": "department_officer",
    "grid_worker": "grid_worker",
    "builder": "builder",
    "contractor": "builder",
    "other_builder": "builder",
}
SEES = {"district_admin", "street_a_officer", "dept_officer", "grid_worker", "builder", "contractor"}
URL = {action: action.replace("_", "-") for action in WHO}


def expected(action: str, persona: str, status: str) -> str:
    """forbidden (403), hidden (404), wrong_state (back to the page, nothing changed) or done."""
    if ROLE_OF[persona] not in {ROLE_OF[p] for p in WHO[action]}:
        return "forbidden"  # the role can never do this: refused before the project is looked up
    if persona not in SEES:
        return "hidden"
    if persona not in WHO[action]:
        return "forbidden"
    if status not in FROM[action]:
        return "wrong_state"
    return "done"


def cases():
    for action in WHO:
        for persona in PERSONAS:
            yield pytest.param(action, persona, id=f"{action}-{persona}")


@pytest.fixture(autouse=True)
def _complete_registration(monkeypatch):
    # The registration checks (contract uploaded, certificates …) are tested by the registration feature;
    # this table is about roles and states, so every fixture project counts as complete here.
    monkeypatch.setattr(workflow, "missing_for_submission", lambda project: [])


@pytest.mark.parametrize(("action", "persona"), list(cases()))
def test_transition_table(world, action, persona):
    """One action by one persona, tried from every status (a fresh project each time)."""
    contractor = contractor_user(world)
    user = contractor if persona == "contractor" else getattr(world, persona)
    client = Client()
    client.force_login(user)
    checked = []
    for status in ALL_STATUSES:
        project = make_project(world, status, contractor=contractor)
        _try(client, user, action, persona, status, project)
        checked.append(status)
    assert checked == ALL_STATUSES


def _try(client, user, action, persona, status, project):
    before = Project.objects.get(pk=project.pk)
    audit_before = AuditEntry.objects.count()
    notice_before = Notice.objects.filter(project=project).first()

    response = client.post(f"/projects/{project.pk}/{URL[action]}/", form_data(action, project))

    outcome = expected(action, persona, status)
    where = f"{action} by {persona} from {status}: expected {outcome}, got {response.status_code}"
    after = Project.objects.get(pk=project.pk)
    if outcome != "done":
        assert response.status_code == {"forbidden": 403, "hidden": 404, "wrong_state": 302}[outcome], where
        assert after.status == before.status, where
        assert after.updated_at == before.updated_at, where
        assert AuditEntry.objects.count() == audit_before, where
        notice_after = Notice.objects.filter(project=project).first()
        assert (notice_after and notice_after.number) == (notice_before and notice_before.number), where
        if notice_after:
            assert (
                notice_after.builder_ack_at,
                notice_after.contractor_ack_at,
                notice_after.signed_scan_id,
            ) == (
                notice_before.builder_ack_at,
                notice_before.contractor_ack_at,
                notice_before.signed_scan_id,
            ), where
        return

    assert response.status_code == 302, where
    assert response["Location"] == f"/projects/{project.pk}/", where
    assert after.status == TO.get(action, status), where
    # Recording the papers (the order) also writes the company's (the order's) own audit row.
    assert AuditEntry.objects.count() == audit_before + (2 if action in {"adopt_papers", "stop"} else 1), (
        where
    )
    entry = history_of(project).first()
    assert (entry.action, entry.actor_id, entry.channel) == (action, user.pk, "ui"), where
    assert entry.before["status"] == status, where
    assert entry.after["status"] == after.status, where
    _check_effect(action, persona, project, before, after, entry, user)


def _check_effect(action, persona, project, before, after, entry, user):
    today = timezone.localdate()
    notice = Notice.objects.filter(project=project).first()
    if action == "submit":
        assert after.submitted_at is not None
    elif action == "accept":
        assert notice is not None and notice.number.startswith(f"DCGZ{today.year}")
        assert notice.issued_by == user
        assert entry.after["notice"] == notice.number
        assert after.decided_at is not None
    elif action in {"return", "refuse"}:
        reason = form_data(action, project, prefix=False)["reason"]
        assert after.review_note == reason and entry.note == reason
        assert after.decided_at is not None
        assert notice is None
    elif action == "acknowledge_notice":
        side = "contractor" if persona == "contractor" else "builder"
        # The builder persona's enterprise is the builder only here (the contractor is another firm).
        assert getattr(notice, f"{side}_ack_at") is not None
        assert getattr(notice, f"{side}_ack_by") == user
        other = "builder" if side == "contractor" else "contractor"
        assert getattr(notice, f"{other}_ack_at") is None
    elif action == "upload_signed_notice":
        scan = notice.signed_scan
        assert scan.kind == Attachment.Kind.SIGNED_NOTICE and scan.original_name == "签字告知书.pdf"
        assert scan.content_type == "application/pdf" and scan.uploaded_by == user
        assert scan.file.read().startswith(b"%PDF")
        assert entry.after["signed_scan"] == scan.pk
    elif action == "start":
        assert after.actual_start == today
    elif action == "stop":
        assert after.stop_reason == "动火作业无看火人"
        order = StopOrder.objects.get(project=project)
        assert (order.status, order.issued_by, order.reason) == ("issued", user, "动火作业无看火人")
        assert entry.after["stop_order"] == order.number
    elif action == "pause":
        assert after.stop_reason == "材料未到，暂停施工" and after.stop_ordered_by == project.builder.name
        assert not StopOrder.objects.filter(project=project).exists()
    elif action == "complete":
        assert after.actual_end == today
    elif action == "change_dates":
        assert after.planned_start == today + dt.timedelta(days=20)
        assert after.planned_end == today + dt.timedelta(days=90)
        assert entry.before["planned_end"] == before.planned_end.isoformat()
        assert entry.after["planned_end"] == after.planned_end.isoformat()
        assert entry.note == "材料延期到场"
    elif action == "change_personnel":
        assert after.site_manager.name == "李经理" and after.site_manager.phone == "13900001111"
        assert entry.before["site_manager_label"] == "张经理 138****5678"
        assert entry.after["site_manager_label"] == "李经理 139****1111"
        assert "13900001111" not in str(entry.after)
    elif action == "adopt_papers":
        company = Enterprise.objects.get(pk=after.contractor_id)
        assert ("safety_licence", f"(京)JZ安许证字[2025]{project.pk:06d}") in set(
            company.qualifications.values_list("kind", "number")
        )
        company_entry = AuditEntry.objects.filter(
            object_type="orgs.enterprise", action="enterprise.papers"
        ).first()
        assert company_entry.actor == user and company_entry.note == after.number


# --- the domain function called directly (CLI, other features): the same guarantees without the views ------


def test_direct_call_checks_the_party_not_only_the_view(world):
    project = make_project(world, S.SUBMITTED)
    for outsider in (world.street_b_officer, world.other_builder, world.district_admin, world.grid_worker):
        with pytest.raises(workflow.NotPermitted):
            workflow.perform("accept", project, actor=outsider)
    assert Project.objects.get(pk=project.pk).status == S.SUBMITTED
    assert not history_of(project).exists()


def test_direct_call_requires_the_reason(world):
    project = make_project(world, S.SUBMITTED)
    with pytest.raises(workflow.InvalidInput) as info:
        workflow.perform("refuse", project, actor=world.street_a_officer, reason="  ")
    assert info.value.status == 400 and set(info.value.errors) == {"reason"}
    assert Project.objects.get(pk=project.pk).status == S.SUBMITTED


def test_stale_copy_sees_the_new_state_and_writes_nothing(world):
    project = make_project(world, S.SUBMITTED)
    stale = Project.objects.get(pk=project.pk)
    workflow.perform("accept", project, actor=world.street_a_officer)
    assert stale.status == S.SUBMITTED  # this copy was read before the acceptance
    with pytest.raises(workflow.NotAllowedNow) as info:
        workflow.perform("accept", stale, actor=world.street_a_officer)
    assert info.value.already_done and info.value.current == S.ACCEPTED
    with pytest.raises(workflow.NotAllowedNow) as info:
        workflow.perform("refuse", stale, actor=world.street_a_officer, reason="超限额")
    assert not info.value.already_done
    assert [e.action for e in history_of(project)] == ["accept"]
    assert Notice.objects.filter(project=project).count() == 1


def test_accept_audit_row_and_notice(world):
    project = make_project(world, S.SUBMITTED)
    result = workflow.perform("accept", project, actor=world.street_a_officer, note="资料齐全")
    entry = history_of(project).get()
    assert (entry.before["status"], entry.after["status"]) == ("submitted", "accepted")
    assert entry.after["notice"] == result.notice.number and entry.note == "资料齐全"
    assert result.status == S.ACCEPTED and result.review_note == "资料齐全"


def test_an_enterprise_that_is_builder_and_contractor_acknowledges_both_at_once(world):
    project = make_project(world, S.ACCEPTED, scan=False)  # the builder persona is also the contractor
    workflow.perform("acknowledge_notice", project, actor=world.builder)
    notice = Notice.objects.get(project=project)
    assert notice.builder_ack_by == notice.contractor_ack_by == world.builder
    assert history_of(project).count() == 1
    with pytest.raises(workflow.NotAllowedNow):
        workflow.perform("acknowledge_notice", project, actor=world.builder)
    assert history_of(project).count() == 1


def test_guards_answer_with_their_status(world, monkeypatch):
    monkeypatch.undo()  # the real completeness check
    accepted = make_project(world, S.ACCEPTED, scan=False)
    with pytest.raises(workflow.Blocked) as info:
        workflow.perform("start", accepted, actor=world.builder)
    assert info.value.status == 409
    draft = make_project(world, S.DRAFT, planned_end=None)
    with pytest.raises(workflow.Blocked) as info:
        workflow.perform("submit", draft, actor=world.builder)
    assert info.value.status == 400 and "planned_end" in info.value.errors


def test_acknowledging_needs_an_issued_notice(world):
    project = make_project(world, S.ACCEPTED)
    Notice.objects.filter(project=project).delete()
    with pytest.raises(workflow.Blocked):
        workflow.perform("acknowledge_notice", project, actor=world.builder)


def test_changes_that_change_nothing_are_refused(world):
    project = make_project(world, S.IN_PROGRESS)
    with pytest.raises(workflow.InvalidInput):
        workflow.perform(
            "change_dates",
            project,
            actor=world.builder,
            planned_start=project.planned_start,
            planned_end=project.planned_end,
            reason="无",
        )
    with pytest.raises(workflow.InvalidInput):
        workflow.perform(
            "change_personnel",
            project,
            actor=world.builder,
            site_manager_name="张经理",
            site_manager_phone="13812345678",
            reason="无",
        )
    assert not history_of(project).exists()


def test_a_pause_records_the_builder_and_no_order(world):
    project = make_project(world, S.IN_PROGRESS)
    workflow.perform("pause", project, actor=world.builder, reason="主动停工整改")
    assert project.stop_ordered_by == world.builder.enterprise.name
    with pytest.raises(workflow.NotPermitted):
        workflow.perform("stop", make_project(world, S.IN_PROGRESS), actor=world.builder, reason="x")
