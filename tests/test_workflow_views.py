"""The project detail page and the workflow forms on it, as each persona sees them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minorworks.core.audit import record
from minorworks.core.models import AuditEntry
from minorworks.notices.models import Notice
from minorworks.projects.models import Status
from minorworks.review import workflow

from .conftest import client_for
from .workflow_support import PNG, contractor_user, make_project

pytestmark = pytest.mark.django_db

IN_SCOPE = ["district_admin", "street_a_officer", "dept_officer", "grid_worker", "builder"]


def actions_on(html: str) -> dict[str, bool]:
    """The action buttons on a page: action → True when usable, False when shown disabled (blocked)."""
    found = {}
    for match in re.finditer(r'data-action="(\w+)"( data-blocked="1")?', html):
        found[match.group(1)] = match.group(2) is None
    return found


@pytest.mark.parametrize("persona", IN_SCOPE)
def test_detail_page_for_everyone_in_scope(world, persona):
    project = make_project(world, Status.SUBMITTED, name="和平里北街3号院绿化提升工程")
    response = client_for(world, persona).get(f"/projects/{project.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "和平里北街3号院绿化提升工程" in html and project.number in html
    assert 'data-status="submitted"' in html
    assert 'id="history"' in html


@pytest.mark.parametrize("persona", ["street_b_officer", "other_builder"])
def test_detail_page_is_404_outside_scope(world, persona):
    project = make_project(world, Status.SUBMITTED)
    client = Client()
    client.force_login(getattr(world, persona))
    assert client.get(f"/projects/{project.pk}/").status_code == 404


def test_detail_page_sends_anonymous_users_to_login(world):
    project = make_project(world)
    response = Client().get(f"/projects/{project.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_detail_page_is_get_only(world):
    project = make_project(world)
    assert client_for(world, "street_a_officer").post(f"/projects/{project.pk}/").status_code == 405


# What each persona is offered, per status (True: a usable button; False: shown but blocked by a guard).
OFFERED = [
    (Status.DRAFT, "builder", {"submit": True}),
    (Status.DRAFT, "street_a_officer", {"submit": True}),
    (Status.DRAFT, "district_admin", {}),
    (
        Status.SUBMITTED,
        "street_a_officer",
        {"accept": True, "return": True, "refuse": True, "adopt_papers": True},
    ),
    (Status.SUBMITTED, "builder", {}),
    (Status.SUBMITTED, "district_admin", {}),
    (Status.SUBMITTED, "grid_worker", {}),
    (Status.SUBMITTED, "dept_officer", {}),
    (Status.RETURNED, "builder", {"submit": True}),
    (
        Status.ACCEPTED,
        "builder",
        {"acknowledge_notice": True, "start": False, "change_dates": True, "change_personnel": True},
    ),
    (
        Status.ACCEPTED,
        "street_a_officer",
        {
            "upload_signed_notice": True,
            "start": False,
            "change_dates": True,
            "change_personnel": True,
            "adopt_papers": True,
            "assign_officer": True,
        },
    ),
    (Status.ACCEPTED, "contractor", {"acknowledge_notice": True, "change_personnel": True}),
    (Status.IN_PROGRESS, "district_admin", {"stop": True}),
    (Status.STOPPED, "district_admin", {"stop": True, "resume": True}),
    (
        Status.STOPPED,
        "builder",
        {"acknowledge_notice": True, "resume": True, "change_dates": True, "change_personnel": True},
    ),
    (Status.COMPLETED, "street_a_officer", {"archive": True, "assign_officer": True}),
    (Status.COMPLETED, "builder", {}),
    (Status.REFUSED, "district_admin", {"archive": True}),
    (Status.ARCHIVED, "street_a_officer", {}),
]


@pytest.mark.parametrize(("status", "persona", "offered"), OFFERED, ids=[f"{s}-{p}" for s, p, _ in OFFERED])
def test_buttons_shown_only_when_allowed(world, monkeypatch, status, persona, offered):
    monkeypatch.setattr(workflow, "missing_for_submission", lambda project: [])
    contractor = contractor_user(world)
    project = make_project(world, status, contractor=contractor, scan=False)
    client = Client()
    client.force_login(contractor if persona == "contractor" else getattr(world, persona))
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert actions_on(html) == offered
    if not offered:
        assert 'data-testid="no-actions"' in html


def test_start_is_blocked_until_the_notice_is_acknowledged(world):
    project = make_project(world, Status.ACCEPTED, scan=False)
    builder = client_for(world, "builder")
    html = builder.get(f"/projects/{project.pk}/").content.decode()
    assert actions_on(html)["start"] is False
    assert "告知书" in html  # the reason is explained next to the disabled button
    response = builder.post(f"/projects/{project.pk}/start/")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Status.ACCEPTED and project.actual_start is None

    builder.post(f"/projects/{project.pk}/acknowledge-notice/")
    assert Notice.objects.get(project=project).builder_ack_at is not None
    html = builder.get(f"/projects/{project.pk}/").content.decode()
    assert actions_on(html)["start"] is True and "acknowledge_notice" not in actions_on(html)
    builder.post(f"/projects/{project.pk}/start/")
    project.refresh_from_db()
    assert project.status == Status.IN_PROGRESS and project.actual_start == timezone.localdate()


def test_incomplete_draft_cannot_be_submitted(world):
    # The real completeness check (registration's, or the minimal fallback): no dates, no contractor.
    project = make_project(world, Status.DRAFT, planned_start=None, planned_end=None, contractor=None)
    builder = client_for(world, "builder")
    html = builder.get(f"/projects/{project.pk}/").content.decode()
    assert actions_on(html) == {"submit": False}
    response = builder.post(f"/projects/{project.pk}/submit/", follow=True)
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.status == Status.DRAFT
    assert not AuditEntry.objects.filter(object_id=str(project.pk), action="submit").exists()
    assert "alert-danger" in response.content.decode()


@pytest.mark.parametrize("action", [t.action for t in workflow.PROJECT_WORKFLOW.routed()])
def test_transition_urls_are_post_only(world, action):
    project = make_project(world, Status.SUBMITTED)
    slug = action.replace("_", "-")
    roles = workflow.PROJECT_WORKFLOW.roles(action)
    persona = "street_a_officer" if "street_officer" in roles else "builder"
    response = client_for(world, persona).get(f"/projects/{project.pk}/{slug}/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    # An outsider is told nothing about the project, whatever the method.
    if "street_officer" in roles:
        assert client_for(world, "street_b_officer").get(f"/projects/{project.pk}/{slug}/").status_code == 404


def test_outsider_post_is_404_and_changes_nothing(world):
    project = make_project(world, Status.SUBMITTED)
    response = client_for(world, "street_b_officer").post(
        f"/projects/{project.pk}/accept/", {"accept-note": ""}
    )
    assert response.status_code == 404
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED
    assert not Notice.objects.filter(project=project).exists()
    assert not AuditEntry.objects.filter(object_id=str(project.pk)).exists()


def test_return_without_reason_shows_the_form_again_with_an_error(world):
    project = make_project(world, Status.SUBMITTED)
    response = client_for(world, "street_a_officer").post(
        f"/projects/{project.pk}/return/", {"return-reason": "  "}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field-error="reason"' in html
    assert "请填写原因" in html  # the error in the user's language
    assert re.search(r'<details[^>]*data-action="return" open', html)
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED and project.review_note == ""


def test_wrong_dates_keep_what_the_user_typed(world):
    project = make_project(world, Status.ACCEPTED)
    response = client_for(world, "street_a_officer").post(
        f"/projects/{project.pk}/change-dates/",
        {
            "change_dates-planned_start": "2031-05-01",
            "change_dates-planned_end": "2031-04-01",
            "change_dates-reason": "业主要求延期",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="2031-05-01"' in html and "业主要求延期" in html
    assert 'data-field-error="planned_end"' in html
    project.refresh_from_db()
    assert project.planned_start != dt.date(2031, 5, 1)


def test_nonsense_dates_and_bad_upload_are_field_errors_not_500(world):
    project = make_project(world, Status.ACCEPTED, scan=False)
    officer = client_for(world, "street_a_officer")
    response = officer.post(
        f"/projects/{project.pk}/change-dates/",
        {
            "change_dates-planned_start": "明天",
            "change_dates-planned_end": "2031-13-45",
            "change_dates-reason": "x",
        },
    )
    assert response.status_code == 400 and 'data-field-error="planned_start"' in response.content.decode()
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = officer.post(
        f"/projects/{project.pk}/upload-signed-notice/", {"upload_signed_notice-file": fake}
    )
    assert response.status_code == 400 and 'data-field-error="file"' in response.content.decode()
    assert Notice.objects.get(project=project).signed_scan is None


def test_signed_png_scan_counts_as_acknowledged(world):
    project = make_project(world, Status.ACCEPTED, scan=False)
    scan = SimpleUploadedFile("signed.png", PNG, content_type="image/png")
    response = client_for(world, "street_a_officer").post(
        f"/projects/{project.pk}/upload-signed-notice/", {"upload_signed_notice-file": scan}, follow=True
    )
    assert response.status_code == 200
    notice = Notice.objects.get(project=project)
    assert notice.acknowledged and notice.signed_scan.content_type == "image/png"
    assert 'data-acknowledged="1"' in response.content.decode()


def test_upload_larger_than_the_limit_is_refused(world, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    project = make_project(world, Status.ACCEPTED, scan=False)
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * 2000, content_type="image/png")
    response = client_for(world, "street_a_officer").post(
        f"/projects/{project.pk}/upload-signed-notice/", {"upload_signed_notice-file": big}
    )
    assert response.status_code == 400
    assert Notice.objects.get(project=project).signed_scan is None


def test_second_click_lands_on_the_page_with_a_notice_not_an_error(world):
    project = make_project(world, Status.SUBMITTED)
    officer = client_for(world, "street_a_officer")
    first = officer.post(f"/projects/{project.pk}/accept/", {"accept-note": ""}, follow=True)
    second = officer.post(f"/projects/{project.pk}/accept/", {"accept-note": ""}, follow=True)
    assert first.status_code == second.status_code == 200
    assert "已完成" in second.content.decode()  # "Already done: …" in Chinese
    assert AuditEntry.objects.filter(object_id=str(project.pk), action="accept").count() == 1
    assert Notice.objects.filter(project=project).count() == 1


def test_returned_project_shows_the_reasons_to_the_builder_and_can_be_resubmitted(world, monkeypatch):
    monkeypatch.setattr(workflow, "missing_for_submission", lambda project: [])
    project = make_project(world, Status.SUBMITTED)
    client_for(world, "street_a_officer").post(
        f"/projects/{project.pk}/return/", {"return-reason": "缺少施工合同扫描件"}
    )
    builder = client_for(world, "builder")
    html = builder.get(f"/projects/{project.pk}/").content.decode()
    assert 'data-testid="review-note"' in html and "缺少施工合同扫描件" in html
    assert builder.post(f"/projects/{project.pk}/submit/").status_code == 302
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED


def test_stopped_project_shows_reason_and_who_ordered_it(world):
    project = make_project(world, Status.IN_PROGRESS)
    client_for(world, "street_a_officer").post(
        f"/projects/{project.pk}/stop/", {"stop-reason": "脚手架未验收", "stop-ordered_by": ""}
    )
    project.refresh_from_db()
    assert project.status == Status.STOPPED
    assert project.stop_ordered_by == "和平里街道"  # empty: the officer's own unit
    html = client_for(world, "builder").get(f"/projects/{project.pk}/").content.decode()
    assert "脚手架未验收" in html and "和平里街道" in html


def test_overdue_flag(world):
    late = make_project(world, Status.IN_PROGRESS, planned_end=timezone.localdate() - dt.timedelta(days=1))
    on_time = make_project(world, Status.IN_PROGRESS, planned_end=timezone.localdate() + dt.timedelta(days=1))
    done_late = make_project(
        world, Status.COMPLETED, planned_end=timezone.localdate() - dt.timedelta(days=30)
    )
    client = client_for(world, "street_a_officer")
    assert 'data-testid="overdue"' in client.get(f"/projects/{late.pk}/").content.decode()
    assert 'data-testid="overdue"' not in client.get(f"/projects/{on_time.pk}/").content.decode()
    assert 'data-testid="overdue"' not in client.get(f"/projects/{done_late.pk}/").content.decode()


def test_history_lists_the_transitions(world):
    project = make_project(world, Status.SUBMITTED)
    officer = client_for(world, "street_a_officer")
    officer.post(f"/projects/{project.pk}/return/", {"return-reason": "请补充安全措施"})
    html = officer.get(f"/projects/{project.pk}/").content.decode()
    history = html[html.index('id="history"') :]
    assert "return" in history and "请补充安全措施" in history and "street-a" in history


def test_double_click_guard_script_is_loaded_and_forms_are_marked(world):
    project = make_project(world, Status.SUBMITTED)
    html = client_for(world, "street_a_officer").get(f"/projects/{project.pk}/").content.decode()
    assert re.search(r'<script src="[^"]*projects/workflow\.js" defer>', html)
    assert html.count("data-once") >= 3
    assert "<script>" not in html and ' style="' not in html  # CSP: no inline script or style


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_detail_page_query_count_is_constant(world):
    small = make_project(world, Status.ACCEPTED)
    big = make_project(world, Status.ACCEPTED, designer=small.builder, supervisor=small.builder)
    for i in range(30):
        record(actor=world.street_a_officer, action="update", obj=big, note=f"change {i}")
    Notice.objects.filter(project=big).update(builder_ack_at=timezone.now(), builder_ack_by=world.builder)
    for persona in ("street_a_officer", "builder", "district_admin"):
        client = client_for(world, persona)
        _queries(client, f"/projects/{small.pk}/")  # warm the session
        assert _queries(client, f"/projects/{big.pk}/") == _queries(client, f"/projects/{small.pk}/"), persona
