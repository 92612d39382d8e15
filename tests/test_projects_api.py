"""The projects API (CRUD part): list with filters, create a draft, read, update a draft; scoped as the UI."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from minorworks.accounts.tokens import issue_token
from minorworks.core.models import AuditEntry
from minorworks.projects.models import Project, ProjectWorker, Status
from minorworks.scoperules.models import ProjectType

from .conftest import client_for
from .factories import ProjectFactory
from .registration_data import day

pytestmark = pytest.mark.django_db
URL = "/api/v1/projects"


class Api:
    """A JSON client signed in with a bearer token."""

    def __init__(self, user=None):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"} if user else {}

    def get(self, url, params=None, **extra):
        return self.client.get(url, params or {}, **self.headers, **extra)

    def post(self, url, body):
        return self.client.post(url, body, content_type="application/json", **self.headers)

    def patch(self, url, body):
        return self.client.patch(url, body, content_type="application/json", **self.headers)


def api_for(world, persona):
    return Api(getattr(world, persona))


def body(world, **overrides):
    data = {
        "name": "体育馆路3号楼外立面修缮工程",
        "project_type": "building",
        "street": world.street_a.code,
        "community": world.community_a.code,
        "address": "北京市东城区和平里东街3号",
        "latitude": 39.95,
        "longitude": 116.41,
        "investment": "950000",
        "floor_area": 400,
        "planned_start": day(5),
        "planned_end": day(50),
        "content": "外立面修缮",
        "hazardous_operations": ["height", "scaffold"],
        "contractor_name": "北京修缮工程有限公司",
        "qualification_number": "D1",
        "qualification_expires": day(500),
        "safety_licence_number": "AX1",
        "safety_licence_expires": day(500),
        "site_manager_name": "刘经理",
        "site_manager_phone": "13700001234",
        "workers": [
            {
                "name": "高处甲",
                "id_number": "110101198505051111",
                "phone": "13600001111",
                "certificate_kind": "height",
                "certificate_number": "H1",
                "certificate_expires": day(300),
            },
            {
                "name": "高处甲",
                "id_number": "110101198505051111",
                "certificate_kind": "scaffolder",
                "certificate_number": "S1",
                "certificate_expires": day(300),
            },
        ],
    }
    data.update(overrides)
    return data


# --- create -----------------------------------------------------------------------------------------------
def test_builder_creates_a_draft(world):
    response = api_for(world, "builder").post(URL, body(world))
    assert response.status_code == 201, response.content
    data = response.json()
    project = Project.objects.get(pk=data["id"])
    assert data["status"] == "draft" and data["number"] == project.number
    assert project.builder == world.builder.enterprise and project.investment == Decimal("950000")
    assert data["builder"]["name"] == world.builder.enterprise.name
    assert data["street"] == world.street_a.code and data["community"] == world.community_a.code
    assert data["hazardous_operations"] == ["height", "scaffold"]
    (worker,) = data["workers"]  # one person, two certificates
    assert worker["id_number"] == "1101**********1111"
    assert {c["kind"] for c in worker["certificates"]} == {"height", "scaffolder"}
    assert data["site_manager"]["name"] == "刘经理" and data["site_manager"]["phone"] == "137****1234"
    assert [m["field"] for m in data["missing_for_submission"]] == ["attachments"]
    assert AuditEntry.objects.filter(
        action="project.create", object_id=str(project.pk), channel="api"
    ).exists()


def test_street_officer_creates_for_a_builder_and_numbers_stay_masked(world):
    response = api_for(world, "street_a_officer").post(URL, body(world, builder_name="北京某单位"))
    assert response.status_code == 201
    data = response.json()
    assert data["builder"]["name"] == "北京某单位" and data["site_manager"]["phone"] == "137****1234"
    assert data["workers"][0]["id_number"] == "1101**********1111"
    assert "13700001234" not in response.content.decode()


def test_create_needs_the_few_draft_fields(world):
    response = api_for(world, "street_a_officer").post(URL, {})
    assert response.status_code == 400
    fields = {d["field"] for d in response.json()["detail"]}
    assert {"name", "project_type", "street", "builder_name"} <= fields
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"project_type": "castle"}, "project_type"),
        ({"street": "110101015"}, None),  # builder may pick any street: no error here
        ({"community": "110101015001"}, "community"),  # not in street A
        ({"planned_end": day(1)}, "planned_end"),
        ({"investment": -5}, "investment"),
        ({"site_manager_phone": "abc"}, "site_manager_phone"),
        ({"hazardous_operations": ["flying"]}, "hazardous_operations"),
        ({"workers": [{"name": "", "certificate_kind": "welder"}]}, "workers.0.name"),
        ({"workers": [{"name": "甲", "id_number": "1101****1111"}]}, "workers.0.id_number"),
        (
            {
                "workers": [
                    {"name": "甲", "id_number": "110101198505051111"},
                    {"name": "乙", "id_number": "110101198505051111"},
                ]
            },
            "workers.1.id_number",
        ),
    ],
)
def test_create_reports_bad_fields(world, overrides, field):
    response = api_for(world, "builder").post(URL, body(world, **overrides))
    if field is None:
        assert response.status_code == 400  # street B with community A: the community is wrong
        assert {d["field"] for d in response.json()["detail"]} == {"community"}
        return
    assert response.status_code == 400, response.content
    assert field in {d["field"] for d in response.json()["detail"]}
    assert not Project.objects.exists()


def test_create_type_errors_are_400_not_500(world):
    response = api_for(world, "builder").post(URL, body(world, planned_start="next week", latitude="north"))
    assert response.status_code == 400
    assert not Project.objects.exists()


def test_street_officer_cannot_create_in_another_street(world):
    response = api_for(world, "street_a_officer").post(
        URL, body(world, builder_name="X", street=world.street_b.code, community=world.community_b.code)
    )
    assert response.status_code == 400 and "street" in {d["field"] for d in response.json()["detail"]}


@pytest.mark.parametrize("persona", ["grid_worker", "dept_officer", "district_admin"])
def test_other_roles_cannot_create(world, persona):
    assert api_for(world, persona).post(URL, body(world)).status_code == 403
    assert not Project.objects.exists()


def test_anonymous_gets_401(world):
    assert Api().post(URL, body(world)).status_code == 401
    assert Api().get(URL).status_code == 401


def test_session_cookies_are_not_accepted(world):
    assert client_for(world, "builder").get(URL).status_code == 401


# --- list and read ----------------------------------------------------------------------------------------
def test_list_is_scoped_filtered_and_paginated(world):
    greening = ProjectType.objects.get(code="greening")
    for i in range(12):
        ProjectFactory(
            street=world.street_a,
            name=f"A{i:02d}",
            status=Status.SUBMITTED if i < 4 else Status.DRAFT,
            project_type=greening if i % 2 else ProjectType.objects.get(code="fitout"),
        )
    ProjectFactory(street=world.street_b, name="B00")
    api = api_for(world, "street_a_officer")
    page = api.get(URL, {"page_size": 5}).json()
    assert page["count"] == 12 and page["num_pages"] == 3 and len(page["results"]) == 5
    assert "B00" not in {r["name"] for r in page["results"]}
    filtered = api.get(URL, {"status": "submitted", "project_type": "greening"}).json()
    assert filtered["count"] == 2 and {r["status"] for r in filtered["results"]} == {"submitted"}
    ordered = api.get(URL, {"ordering": "name", "page_size": 3, "page": 2}).json()
    assert [r["name"] for r in ordered["results"]] == ["A03", "A04", "A05"]
    assert api.get(URL, {"q": "A07"}).json()["count"] == 1
    assert api_for(world, "street_b_officer").get(URL).json()["count"] == 1
    assert api_for(world, "dept_officer").get(URL).json()["count"] == 6  # greening only


def test_list_bad_filters_are_400(world):
    response = api_for(world, "district_admin").get(URL, {"status": "flying", "start_from": "soon"})
    assert response.status_code == 400
    assert {"status", "start_from"} <= {d["field"] for d in response.json()["detail"]}


def test_list_query_count_is_constant(world):
    api = api_for(world, "district_admin")
    ProjectFactory(street=world.street_a)
    api.get(URL)
    with CaptureQueriesContext(connection) as few:
        api.get(URL)
    ProjectFactory.create_batch(10, street=world.street_b)
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(URL).json()["results"]) == 11
    assert len(many) == len(few)


def test_read_is_scoped(world, project_a):
    assert api_for(world, "grid_worker").get(f"{URL}/{project_a.pk}").status_code == 200
    assert api_for(world, "street_b_officer").get(f"{URL}/{project_a.pk}").status_code == 404
    assert api_for(world, "other_builder").get(f"{URL}/{project_a.pk}").status_code == 404
    assert api_for(world, "builder").get(f"{URL}/999999").status_code == 404


# --- update -----------------------------------------------------------------------------------------------
@pytest.fixture
def created(world):
    return api_for(world, "builder").post(URL, body(world)).json()


def test_patch_changes_only_what_is_sent(world, created):
    response = api_for(world, "builder").patch(f"{URL}/{created['id']}", {"investment": "990000.50"})
    assert response.status_code == 200
    data = response.json()
    assert data["investment"] == "990000.50" and data["name"] == created["name"]
    assert data["contractor"]["name"] == "北京修缮工程有限公司" and len(data["workers"]) == 1
    entry = AuditEntry.objects.get(action="project.update", object_id=str(created["id"]))
    assert entry.after["investment"] == "990000.50" and entry.channel == "api"


def test_patch_workers_replaces_the_list(world, created):
    response = api_for(world, "street_a_officer").patch(
        f"{URL}/{created['id']}", {"workers": [{"name": "新工人", "id_number": "110101199909091234"}]}
    )
    assert response.status_code == 200
    assert [w["name"] for w in response.json()["workers"]] == ["新工人"]
    assert ProjectWorker.objects.filter(project_id=created["id"]).count() == 1


def test_patch_bad_input_changes_nothing(world, created):
    response = api_for(world, "builder").patch(f"{URL}/{created['id']}", {"name": "", "investment": "-1"})
    assert response.status_code == 400
    assert {"name", "investment"} <= {d["field"] for d in response.json()["detail"]}
    assert Project.objects.get(pk=created["id"]).name == created["name"]


def test_patch_is_refused_outside_drafts_and_scope(world, created):
    pk = created["id"]
    assert api_for(world, "street_b_officer").patch(f"{URL}/{pk}", {"name": "x"}).status_code == 404
    assert api_for(world, "other_builder").patch(f"{URL}/{pk}", {"name": "x"}).status_code == 404
    assert api_for(world, "district_admin").patch(f"{URL}/{pk}", {"name": "x"}).status_code == 403
    Project.objects.filter(pk=pk).update(status=Status.SUBMITTED)
    assert api_for(world, "builder").patch(f"{URL}/{pk}", {"name": "x"}).status_code == 409
    Project.objects.filter(pk=pk).update(status=Status.RETURNED)
    assert api_for(world, "builder").patch(f"{URL}/{pk}", {"name": "改正后"}).status_code == 200
    assert Project.objects.get(pk=pk).name == "改正后"


def test_wrong_method_is_405(world, created):
    assert (
        api_for(world, "builder")
        .client.put(
            f"{URL}/{created['id']}", {}, content_type="application/json", **api_for(world, "builder").headers
        )
        .status_code
        == 405
    )


def test_the_public_contact_is_declared_in_full_and_audited_masked(world):
    payload = body(world, public_contact_name="李经理", public_contact_phone="13911112222")
    response = api_for(world, "builder").post(URL, payload)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["public_contact_name"], data["public_contact_phone"]) == ("李经理", "13911112222")
    project = Project.objects.get(pk=data["id"])
    assert (project.public_contact_name, project.public_contact_phone) == ("李经理", "13911112222")
    entry = AuditEntry.objects.get(action="project.create", object_id=str(project.pk))
    assert entry.after["public_contact_name"] == "李经理"
    assert entry.after["public_contact_phone"] == "139****2222"  # no full number in the log
    bad = api_for(world, "builder").patch(f"{URL}/{project.pk}", {"public_contact_phone": "12ab"})
    assert bad.status_code == 400
    assert {d["field"] for d in bad.json()["detail"]} == {"public_contact_phone"}
    nameless = api_for(world, "builder").patch(f"{URL}/{project.pk}", {"public_contact_name": ""})
    assert nameless.status_code == 400
    project.refresh_from_db()
    assert project.public_contact_phone == "13911112222"


def test_the_public_contact_phone_is_encrypted_at_rest(world):
    response = api_for(world, "builder").post(
        URL, body(world, public_contact_name="李经理", public_contact_phone="13911112222")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT public_contact_phone FROM projects_project WHERE id = %s", [response.json()["id"]]
        )
        (raw,) = cursor.fetchone()
    assert "13911112222" not in raw and raw.startswith("gAAAAA")
