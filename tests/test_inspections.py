"""Inspections: versioned checklists, recording (UI and API), hazards from failed items, scoping, coverage."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from minorworks.accounts.tokens import issue_token
from minorworks.core.models import AuditEntry
from minorworks.inspections.coverage import coverage_list
from minorworks.inspections.models import ChecklistItem, ChecklistTemplate, Hazard, Inspection, Photo
from minorworks.inspections.reference import load_checklists, standard_items
from minorworks.inspections.services import ResultIn, record_inspection
from minorworks.orgs.models import Department
from minorworks.projects.models import Project, Status

from .conftest import client_for
from .workflow_support import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(world):
    return make_project(world, Status.IN_PROGRESS, hazardous_operations=["hot_work", "temp_power"])


def _api(world, persona):
    token = issue_token(getattr(world, persona))
    return lambda method, path, body=None: getattr(Client(), method)(
        path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


# --- checklists ------------------------------------------------------------------------------------------------
def test_the_standard_checklist_has_57_items_with_basis_and_levels():
    template = ChecklistTemplate.objects.get(code="small-works")
    items = list(template.current().items.all())
    assert len(items) == 57
    a02 = next(i for i in items if i.code == "A02")
    assert a02.default_level == "major" and "判定标准" in a02.basis
    e01 = next(i for i in items if i.code == "E01")
    assert e01.applies_to == ["hot_work"] and e01.applies(["hot_work"]) and not e01.applies(["height"])


def test_editing_the_checklist_makes_a_new_version_and_old_inspections_keep_theirs(world, site, monkeypatch):
    first = ChecklistTemplate.objects.get(code="small-works").current()
    old = record_inspection(
        actor=world.street_a_officer,
        project=site,
        kind="patrol",
        inspected_at=None,
        results=[ResultIn(item_code="A01", answer="pass")],
    ).inspection
    load_checklists()  # unchanged data: no new version
    assert ChecklistTemplate.objects.get(code="small-works").current() == first
    changed = standard_items()
    changed[0] = {**changed[0], "text": "已在平台登记，告知书已签收并张贴公示牌"}
    monkeypatch.setattr("minorworks.inspections.reference.standard_items", lambda: changed)
    load_checklists()
    second = ChecklistTemplate.objects.get(code="small-works").current()
    assert second.number == first.number + 1
    old.refresh_from_db()
    assert old.checklist == first
    assert old.results.get().item.text == "已在平台登记，告知书已签收"
    assert ChecklistItem.objects.get(version=second, code="A01").text.endswith("公示牌")


def test_checklists_api(world):
    data = _api(world, "grid_worker")("get", "/api/v1/checklists").json()
    standard = next(c for c in data if c["code"] == "small-works")
    assert len(standard["versions"][0]["items"]) == 57 and standard["current_version"] == 1


# --- recording --------------------------------------------------------------------------------------------------
def test_api_records_an_inspection_with_a_general_and_a_major_hazard(world, site):
    post = _api(world, "street_a_officer")
    body = {
        "project_id": site.pk,
        "kind": "patrol",
        "inspected_at": timezone.now().isoformat(),
        "lat": "39.95",
        "lng": "116.41",
        "results": [
            {"item_code": "A01", "answer": "pass"},
            {"item_code": "E04", "answer": "fail", "note": "动火点未配灭火器"},
            {"item_code": "A02", "answer": "fail", "note": "安全生产许可证过期"},
            {"item_code": "B03", "answer": "na"},
        ],
        "conclusion": "限期整改",
    }
    response = post("post", "/api/v1/inspections", body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert sorted(h["level"] for h in data["hazards"]) == ["general", "major"]
    assert all(h["status"] == "open" and h["deadline"] for h in data["hazards"])
    assert data["proposed_stop_order"] is True  # the major hazard
    inspection = Inspection.objects.get(pk=data["id"])
    assert not inspection.passed and inspection.street == world.street_a
    assert AuditEntry.objects.filter(action="hazard.create").count() == 2
    listed = post("get", f"/api/v1/inspections?project={site.pk}&kind=patrol").json()
    assert listed["count"] == 1 and listed["results"][0]["hazard_count"] == 2
    detail = post("get", f"/api/v1/inspections/{inspection.pk}").json()
    assert {r["item_code"]: r["answer"] for r in detail["results"]}["E04"] == "fail"


def test_the_same_submission_twice_records_once(world, site):
    post = _api(world, "street_a_officer")
    body = {
        "project_id": site.pk,
        "kind": "patrol",
        "client_uid": str(uuid.uuid4()),
        "results": [{"item_code": "E04", "answer": "fail"}],
    }
    assert post("post", "/api/v1/inspections", body).status_code == 201
    again = post("post", "/api/v1/inspections", body)
    assert again.status_code == 200
    assert Inspection.objects.count() == 1 and Hazard.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "patrol", "results": [{"item_code": "Z99", "answer": "pass"}]}, "results.0.item_code"),
        ({"kind": "patrol", "results": []}, "results"),
        ({"kind": "spot_check", "results": [{"item_code": "A01", "answer": "pass"}]}, "kind"),
        ({"kind": "joint", "results": [{"item_code": "A01", "answer": "pass"}]}, "departments"),
        (
            {"kind": "patrol", "results": [{"item_code": "A04", "answer": "fail", "level": "major"}]},
            "results.0.level_reason",
        ),
        (
            {
                "kind": "patrol",
                "inspected_at": "2099-01-01T00:00:00+08:00",
                "results": [{"item_code": "A01", "answer": "pass"}],
            },
            "inspected_at",
        ),
    ],
)
def test_bad_inspections_are_refused_with_the_field(world, site, body, field):
    response = _api(world, "street_a_officer")("post", "/api/v1/inspections", {"project_id": site.pk, **body})
    assert response.status_code == 400
    assert field in {d["field"] for d in response.json()["detail"]}
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("street_b_officer", 404), ("builder", 403), ("grid_worker", 201)]
)
def test_who_may_inspect(world, site, persona, status):
    body = {"project_id": site.pk, "kind": "patrol", "results": [{"item_code": "A01", "answer": "pass"}]}
    assert _api(world, persona)("post", "/api/v1/inspections", body).status_code == status


def test_a_joint_inspection_is_seen_by_each_department(world):
    from minorworks.scoperules.models import ProjectType

    site = make_project(world, Status.IN_PROGRESS, project_type=ProjectType.objects.get(code="fitout"))
    # The market regulator supervises no sector: it sees the site only as a member of the joint inspection.
    market = Department.objects.get(code="dc-scjgj")
    body = {
        "project_id": site.pk,
        "kind": "joint",
        "departments": ["dc-yjj", "dc-scjgj"],
        "results": [{"item_code": "E07", "answer": "fail", "note": "消防通道堵塞"}],
    }
    data = _api(world, "district_admin")("post", "/api/v1/inspections", body).json()
    inspection = Inspection.objects.get(pk=data["id"])
    assert set(inspection.departments.values_list("code", flat=True)) == {"dc-yjj", "dc-scjgj"}
    from .factories import UserFactory

    officer = UserFactory(
        username="market", role="department_officer", district=world.district, department=market
    )
    assert (
        _api(world, "dept_officer")("get", f"/api/v1/inspections/{inspection.pk}").status_code == 404
    )  # greening: not it
    token = issue_token(officer)
    seen = Client().get(f"/api/v1/inspections/{inspection.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert seen.status_code == 200
    hazard = Hazard.objects.get(inspection=inspection)
    assert (
        Client().get(f"/api/v1/hazards/{hazard.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    )
    other = Client().get(f"/api/v1/projects/{site.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert other.status_code == 404  # the record, not the whole project


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x8825] = {2: (39.0, 57.0, 0.0), 4: (116.0, 24.0, 0.0)}  # GPSInfo: latitude, longitude
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_the_phone_form_records_answers_and_photos_without_metadata(world, site):
    client = client_for(world, "street_a_officer")
    page = client.get(f"/inspections/new/?project={site.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-item="E01"' in html and 'data-item="F01"' not in html  # hot work yes, confined space no
    jpeg = _jpeg_with_gps()
    assert b"PhoneMaker" in jpeg
    post = {
        "project": site.pk,
        "kind": "patrol",
        "inspected_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "client_uid": str(uuid.uuid4()),
        "A01-answer": "pass",
        "E04-answer": "fail",
        "E04-level": "general",
        "E04-note": "未配灭火器",
        "E04-photos": [SimpleUploadedFile("fire.jpg", jpeg, content_type="image/jpeg")],
    }
    response = client.post(f"/inspections/new/?project={site.pk}", post)
    assert response.status_code == 302, response.content.decode()[:2000]
    inspection = Inspection.objects.get()
    photo = Photo.objects.get(result__inspection=inspection)
    stored = photo.file.read()
    assert b"PhoneMaker" not in stored and b"GPS" not in stored
    assert Image.open(io.BytesIO(stored)).getexif().get(0x8825) is None
    assert client.get(f"/inspections/photos/{photo.pk}/").status_code == 200
    assert client_for(world, "street_b_officer").get(f"/inspections/photos/{photo.pk}/").status_code == 404
    detail = client.get(f"/inspections/{inspection.pk}/").content.decode()
    assert inspection.number in detail and 'data-answer="fail"' in detail


def test_the_form_refuses_a_forged_photo(world, site):
    client = client_for(world, "street_a_officer")
    post = {
        "project": site.pk,
        "kind": "patrol",
        "inspected_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "client_uid": str(uuid.uuid4()),
        "E04-answer": "fail",
        "E04-photos": [SimpleUploadedFile("x.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")],
    }
    response = client.post(f"/inspections/new/?project={site.pk}", post)
    assert response.status_code == 400 and not Inspection.objects.exists()


def test_the_form_is_for_inspectors_of_active_projects(world, site):
    assert client_for(world, "builder").get(f"/inspections/new/?project={site.pk}").status_code == 403
    assert (
        client_for(world, "street_b_officer").get(f"/inspections/new/?project={site.pk}").status_code == 404
    )
    draft = make_project(world, Status.DRAFT)
    assert (
        client_for(world, "street_a_officer").get(f"/inspections/new/?project={draft.pk}").status_code == 403
    )


# --- coverage ------------------------------------------------------------------------------------------------
def test_coverage_orders_overdue_first_and_explains_the_score(world, site):
    fresh = make_project(world, Status.IN_PROGRESS)
    record_inspection(
        actor=world.street_a_officer,
        project=fresh,
        kind="patrol",
        inspected_at=None,
        results=[ResultIn(item_code="A01", answer="pass")],
    )
    old = make_project(world, Status.IN_PROGRESS, hazardous_operations=["lifting"])
    record_inspection(
        actor=world.street_a_officer,
        project=old,
        kind="patrol",
        inspected_at=timezone.now() - dt.timedelta(days=45),
        results=[ResultIn(item_code="G01", answer="fail", note="塔吊未验收")],
    )
    rows = {d.number: d for d in coverage_list(world.street_a_officer)}
    assert rows[old.number].state == "overdue" and rows[fresh.number].state == "ok"
    assert any("重大隐患" in r or "major" in r for r in rows[old.number].reasons)
    order = [d.number for d in coverage_list(world.street_a_officer)]
    assert order.index(old.number) < order.index(fresh.number)
    assert fresh.number not in {d.number for d in coverage_list(world.street_b_officer)}
    page = client_for(world, "street_a_officer").get("/inspections/coverage/").content.decode()
    assert old.number in page and 'data-state="overdue"' in page


def test_coverage_cards_escape_what_people_typed_and_name_the_state_in_its_own_words(world):
    hostile = make_project(
        world, Status.IN_PROGRESS, name='<script>alert("x")</script>&工程', address="<b>东城</b>区&1号"
    )
    Project.objects.filter(pk=hostile.pk).update(created_at=timezone.now() - dt.timedelta(days=60))
    Project.objects.filter(pk=hostile.pk).update(decided_at=timezone.now() - dt.timedelta(days=60))
    page = client_for(world, "street_a_officer").get("/inspections/coverage/").content.decode()
    assert "<script>alert" not in page and "<b>东城" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;工程" in page
    assert "&lt;b&gt;东城&lt;/b&gt;区&amp;1号" in page
    card = page[page.index(f'data-project="{hostile.number}"') :]
    card = card[: card.index('data-testid="inspect"')]
    assert 'data-state="overdue"' in card and "逾期未检查" in card and "逾期未完工" not in card
    assert f'href="/projects/{hostile.pk}/"' in card
