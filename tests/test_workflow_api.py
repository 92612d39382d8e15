"""The workflow API: one POST endpoint per transition; 404 outside scope, 403 wrong role, 409 wrong state,
400 missing input; the same domain function (and audit rows) as the UI."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from minorworks.accounts.tokens import issue_token
from minorworks.core.audit import history_of
from minorworks.core.models import AuditEntry
from minorworks.notices.models import Notice
from minorworks.projects.models import Status
from minorworks.review import workflow

from .workflow_support import PDF, PNG, contractor_user, make_project, reinspect

pytestmark = pytest.mark.django_db


def call(user, path: str, body=None, method: str = "post"):
    """An API request as ``user`` (JSON body unless ``body`` is a dict of files)."""
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"}
    if method == "get":
        return client.get(path, **headers)
    if isinstance(body, dict) and any(hasattr(v, "read") for v in body.values()):
        return client.post(path, body, **headers)
    data = "" if body is None else json.dumps(body)
    return client.generic(method.upper(), path, data, content_type="application/json", **headers)


def audit_count(project, action=None) -> int:
    entries = AuditEntry.objects.filter(object_type="projects.project", object_id=str(project.pk))
    return entries.filter(action=action).count() if action else entries.count()


@pytest.fixture(autouse=True)
def _complete_registration(monkeypatch):
    # Completeness is the registration feature's (tested there, and below with the real check).
    monkeypatch.setattr(workflow, "missing_for_submission", lambda project: [])


def test_the_whole_lifecycle_through_the_api(world):
    project = make_project(world, Status.DRAFT, scan=False)
    base = f"/api/v1/projects/{project.pk}"
    officer, builder, admin = world.street_a_officer, world.builder, world.district_admin

    r = call(builder, f"{base}/submit")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "submitted" and r.json()["id"] == project.pk
    assert r.json()["number"] == project.number

    r = call(officer, f"{base}/return", {"reason": "缺少施工合同"})
    assert r.status_code == 200 and r.json()["status"] == "returned"
    assert r.json()["review_note"] == "缺少施工合同"
    assert call(builder, f"{base}/submit").json()["status"] == "submitted"

    r = call(officer, f"{base}/accept", {"note": "资料齐全"})
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "accepted"
    assert body["notice"]["number"].startswith(f"DCGZ{timezone.localdate().year}")
    assert body["notice"]["acknowledged"] is False
    assert "upload_signed_notice" in body["actions"] and "start" not in body["actions"]

    assert call(builder, f"{base}/start").status_code == 409  # notice not yet acknowledged
    r = call(builder, f"{base}/acknowledge-notice")
    assert r.status_code == 200 and r.json()["notice"]["acknowledged"] is True
    assert r.json()["notice"]["builder_ack_at"] is not None
    assert call(builder, f"{base}/acknowledge-notice").status_code == 409  # already done

    r = call(builder, f"{base}/start")
    assert r.status_code == 200 and r.json()["actual_start"] == timezone.localdate().isoformat()
    r = call(officer, f"{base}/stop", {"reason": "临时用电不规范", "extent": "whole"})
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["stop_reason"], r.json()["stop_ordered_by"]) == (
        "stopped",
        "临时用电不规范",
        world.street_a.name,
    )
    # After an order, resumption waits for a passed re-inspection (see tests/test_stop_orders.py).
    assert call(admin, f"{base}/resume", {"note": "复查合格"}).status_code == 409
    reinspect(world, project)
    assert call(admin, f"{base}/resume", {"note": "复查合格"}).json()["status"] == "in_progress"
    r = call(builder, f"{base}/complete")
    assert r.json()["status"] == "completed" and r.json()["actual_end"] == timezone.localdate().isoformat()
    assert call(admin, f"{base}/archive").json()["status"] == "archived"

    actions = [e.action for e in history_of(project).order_by("id")]
    assert actions == [
        "submit",
        "return",
        "submit",
        "accept",
        "acknowledge_notice",
        "start",
        "stop",
        "resume",
        "complete",
        "archive",
    ]
    assert set(history_of(project).values_list("channel", flat=True)) == {"api"}


def test_outside_scope_is_404_and_changes_nothing(world):
    project = make_project(world, Status.SUBMITTED)
    r = call(world.street_b_officer, f"/api/v1/projects/{project.pk}/accept", {})
    assert r.status_code == 404 and r.json() == {"detail": "未找到。"}
    assert call(world.other_builder, f"/api/v1/projects/{project.pk}/submit").status_code == 404
    assert call(world.street_b_officer, "/api/v1/projects/999999/accept", {}).status_code == 404
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED and audit_count(project) == 0


@pytest.mark.parametrize(
    ("persona", "path", "body"),
    [
        ("builder", "accept", {}),  # a builder never reviews
        ("grid_worker", "accept", {}),
        ("district_admin", "return", {"reason": "x"}),  # the street reviews, not the district
        ("dept_officer", "refuse", {"reason": "x"}),
        ("street_a_officer", "acknowledge-notice", None),
    ],
)
def test_wrong_role_in_scope_is_403(world, persona, path, body):
    project = make_project(world, Status.SUBMITTED)
    r = call(getattr(world, persona), f"/api/v1/projects/{project.pk}/{path}", body)
    assert r.status_code == 403 and "detail" in r.json()
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED and audit_count(project) == 0


def test_contractor_in_scope_may_acknowledge_but_not_start(world):
    contractor = contractor_user(world)
    project = make_project(world, Status.ACCEPTED, contractor=contractor)
    assert call(contractor, f"/api/v1/projects/{project.pk}/start").status_code == 403
    r = call(contractor, f"/api/v1/projects/{project.pk}/acknowledge-notice")
    assert r.status_code == 200 and r.json()["notice"]["contractor_ack_at"] is not None
    notice = Notice.objects.get(project=project)
    assert notice.contractor_ack_by == contractor and notice.builder_ack_at is None


@pytest.mark.parametrize(
    ("status", "path"),
    [
        (Status.DRAFT, "accept"),
        (Status.ACCEPTED, "submit"),
        (Status.IN_PROGRESS, "resume"),
        (Status.COMPLETED, "stop"),
        (Status.ARCHIVED, "archive"),
        (Status.REFUSED, "complete"),
    ],
)
def test_wrong_state_is_409(world, status, path):
    project = make_project(world, status)
    body = {"reason": "x"} if path == "stop" else {}
    r = call(world.street_a_officer, f"/api/v1/projects/{project.pk}/{path}", body)
    assert r.status_code == 409
    assert isinstance(r.json()["detail"], str) and r.json()["detail"]
    project.refresh_from_db()
    assert project.status == status and audit_count(project) == 0


@pytest.mark.parametrize(
    ("path", "body"), [("return", {}), ("refuse", {"reason": "   "}), ("stop", {"extent": "whole"})]
)
def test_missing_reason_is_400_with_the_field(world, path, body):
    project = make_project(world, Status.IN_PROGRESS if path == "stop" else Status.SUBMITTED)
    r = call(world.street_a_officer, f"/api/v1/projects/{project.pk}/{path}", body)
    assert r.status_code == 400
    assert r.json()["detail"] == [{"field": "reason", "message": "请填写原因。"}]
    assert audit_count(project) == 0


def test_reason_of_the_wrong_type_is_400_not_500(world):
    project = make_project(world, Status.SUBMITTED)
    r = call(world.street_a_officer, f"/api/v1/projects/{project.pk}/return", {"reason": {"a": 1}})
    assert r.status_code == 400
    # Schema-level type errors are named by the API core as "<body parameter>.<field>".
    assert r.json()["detail"][0]["field"].split(".")[-1] == "reason"


def test_incomplete_registration_is_400_listing_the_missing_fields(world, monkeypatch):
    monkeypatch.undo()  # the real completeness check
    project = make_project(world, Status.DRAFT, planned_start=None, planned_end=None)
    r = call(world.builder, f"/api/v1/projects/{project.pk}/submit")
    assert r.status_code == 400
    fields = {item["field"] for item in r.json()["detail"]}
    assert {"planned_start", "planned_end"} <= fields
    project.refresh_from_db()
    assert project.status == Status.DRAFT


def test_second_accept_is_409_and_leaves_one_audit_row(world):
    project = make_project(world, Status.SUBMITTED)
    path = f"/api/v1/projects/{project.pk}/accept"
    assert call(world.street_a_officer, path, {}).status_code == 200
    r = call(world.street_a_officer, path, {})
    assert r.status_code == 409 and "已完成" in r.json()["detail"]
    assert audit_count(project, "accept") == 1 and Notice.objects.filter(project=project).count() == 1


def test_accept_without_a_body_works(world):
    project = make_project(world, Status.SUBMITTED)
    r = call(world.street_a_officer, f"/api/v1/projects/{project.pk}/accept")
    assert r.status_code == 200 and r.json()["status"] == "accepted"


def test_transitions_are_post_only(world):
    project = make_project(world, Status.SUBMITTED)
    r = call(world.street_a_officer, f"/api/v1/projects/{project.pk}/accept", method="get")
    assert r.status_code == 405
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED


def test_signed_notice_upload(world):
    project = make_project(world, Status.ACCEPTED, scan=False)
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = f"/api/v1/projects/{project.pk}/signed-notice"
    bad = SimpleUploadedFile("scan.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    r = call(world.street_a_officer, path, {"file": bad})
    assert r.status_code == 400 and r.json()["detail"][0]["field"] == "file"
    assert call(world.street_a_officer, path, {}).status_code == 400  # no file at all
    assert call(world.builder, path, {"file": SimpleUploadedFile("s.pdf", PDF)}).status_code == 403
    assert call(world.street_b_officer, path, {"file": SimpleUploadedFile("s.pdf", PDF)}).status_code == 404

    r = call(world.street_a_officer, path, {"file": SimpleUploadedFile("签字.png", PNG)})
    assert r.status_code == 200
    assert r.json()["notice"]["signed_scan"] is True and r.json()["notice"]["acknowledged"] is True
    notice = Notice.objects.get(project=project)
    assert notice.signed_scan.original_name == "签字.png" and notice.signed_scan.content_type == "image/png"
    assert not notice.signed_scan.file.name.endswith("签字.png")  # stored under a random name
    assert audit_count(project, "upload_signed_notice") == 1


def test_workflow_state_read(world):
    project = make_project(world, Status.SUBMITTED)
    r = call(world.street_a_officer, f"/api/v1/projects/{project.pk}/workflow", method="get")
    assert r.status_code == 200
    assert r.json()["actions"] == ["accept", "return", "refuse", "adopt_papers"]
    r = call(world.builder, f"/api/v1/projects/{project.pk}/workflow", method="get")
    assert r.json()["actions"] == [] and r.json()["status_label"] == "已提交"
    assert (
        call(world.street_b_officer, f"/api/v1/projects/{project.pk}/workflow", method="get").status_code
        == 404
    )


def test_anonymous_is_401(world):
    project = make_project(world, Status.SUBMITTED)
    r = Client().post(f"/api/v1/projects/{project.pk}/accept", "{}", content_type="application/json")
    assert r.status_code == 401
