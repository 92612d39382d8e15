"""Unregistered-site leads: recorded on patrol, seen within scope, settled by the street or the district."""

from __future__ import annotations

import pytest
from django.test import Client

from minorworks.core.models import AuditEntry
from minorworks.leads.models import Lead

from .conftest import client_for
from .factories import ProjectFactory
from .registration_data import EXE, PNG, upload

pytestmark = pytest.mark.django_db


def _lead_post(world, **overrides):
    data = {
        "street": world.street_a.pk,
        "community": world.community_a.pk,
        "address": "和平里北街9号院内",
        "latitude": "39.961",
        "longitude": "116.415",
        "note": "围挡内有切割作业，未见公示牌",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def lead(world):
    return Lead.objects.create(
        district=world.district,
        street=world.street_a,
        community=world.community_a,
        address="和平里北街1号",
        found_by=world.grid_worker,
    )


# --- recording --------------------------------------------------------------------------------------------
def test_grid_worker_records_a_lead_with_a_photo(world):
    client = client_for(world, "grid_worker")
    assert client.get("/projects/leads/new/").status_code == 200
    response = client.post("/projects/leads/new/", _lead_post(world, photo=upload("现场.png", PNG)))
    lead = Lead.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projects/leads/{lead.pk}/"
    assert lead.state == Lead.State.OPEN and lead.found_by == world.grid_worker
    assert (
        lead.street == world.street_a
        and lead.district == world.district
        and lead.community == world.community_a
    )
    assert str(lead.latitude) == "39.961000"
    assert lead.photo.name.endswith(".png") and "现场" not in lead.photo.name
    assert AuditEntry.objects.filter(action="lead.create", object_id=str(lead.pk)).exists()
    photo = client.get(f"/projects/leads/{lead.pk}/photo/")
    assert photo.status_code == 200 and b"".join(photo.streaming_content) == PNG
    assert photo["Content-Type"] == "image/png" and photo["X-Content-Type-Options"] == "nosniff"
    assert photo["Content-Disposition"].startswith("attachment;")


def test_street_officer_records_a_lead_without_photo_or_community(world):
    client = client_for(world, "street_a_officer")
    assert client.post("/projects/leads/new/", _lead_post(world, community="")).status_code == 302
    assert Lead.objects.get().community is None


def test_a_photo_must_be_an_image(world):
    response = client_for(world, "grid_worker").post(
        "/projects/leads/new/", _lead_post(world, photo=upload("x.jpg", EXE))
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'data-field-error="photo"' in html
    assert "围挡内有切割作业" in html  # the note typed is kept
    assert not Lead.objects.exists()


def test_a_lead_needs_an_address_and_stays_in_the_own_area(world):
    client = client_for(world, "grid_worker")
    html = client.post("/projects/leads/new/", _lead_post(world, address="")).content.decode()
    assert 'data-field-error="address"' in html
    other_community = world.street_a.children.order_by("sort")[1]
    html = client.post(
        "/projects/leads/new/", _lead_post(world, community=other_community.pk)
    ).content.decode()
    assert 'data-field-error="community"' in html
    html = (
        client_for(world, "street_a_officer")
        .post(
            "/projects/leads/new/",
            _lead_post(world, street=world.street_b.pk, community=world.community_b.pk),
        )
        .content.decode()
    )
    assert 'data-field-error="street"' in html
    assert not Lead.objects.exists()


@pytest.mark.parametrize("persona", ["builder", "dept_officer", "district_admin"])
def test_other_roles_do_not_record_leads(world, persona):
    assert client_for(world, persona).post("/projects/leads/new/", _lead_post(world)).status_code == 403
    assert not Lead.objects.exists()


def test_lead_create_refuses_other_methods(world):
    assert client_for(world, "grid_worker").put("/projects/leads/new/").status_code == 405


# --- seeing -----------------------------------------------------------------------------------------------
def test_list_is_scoped_and_filtered(world, lead):
    Lead.objects.create(
        district=world.district, street=world.street_b, address="体育馆路5号", state="stopped"
    )
    page = client_for(world, "street_a_officer").get("/projects/leads/").content.decode()
    assert "和平里北街1号" in page and "体育馆路5号" not in page
    admin = client_for(world, "district_admin")
    assert "体育馆路5号" in admin.get("/projects/leads/").content.decode()
    only_open = admin.get("/projects/leads/", {"state": "open"}).content.decode()
    assert "和平里北街1号" in only_open and "体育馆路5号" not in only_open
    assert client_for(world, "builder").get("/projects/leads/").status_code == 403
    assert client_for(world, "street_a_officer").post("/projects/leads/").status_code == 405


def test_detail_is_404_outside_scope(world, lead):
    url = f"/projects/leads/{lead.pk}/"
    assert client_for(world, "grid_worker").get(url).status_code == 200
    assert client_for(world, "street_b_officer").get(url).status_code == 404
    assert client_for(world, "street_b_officer").get(url + "photo/").status_code == 404
    assert client_for(world, "builder").get(url).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for(world, "grid_worker").post(url).status_code == 405


def test_only_those_who_may_settle_see_the_actions(world, lead):
    url = f"/projects/leads/{lead.pk}/"
    assert 'data-testid="resolve"' in client_for(world, "street_a_officer").get(url).content.decode()
    assert 'data-testid="resolve"' in client_for(world, "district_admin").get(url).content.decode()
    assert 'data-testid="resolve"' not in client_for(world, "grid_worker").get(url).content.decode()


# --- settling ---------------------------------------------------------------------------------------------
def test_registered_links_the_project(world, lead):
    project = ProjectFactory(street=world.street_a)
    client = client_for(world, "street_a_officer")
    response = client.post(
        f"/projects/leads/{lead.pk}/resolve-registered/",
        {"resolve_registered-project_number": project.number.lower()},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.state == "registered" and lead.resolved_project == project
    assert lead.resolved_by == world.street_a_officer and lead.resolved_at is not None
    entry = AuditEntry.objects.get(action="lead.registered")
    assert entry.before["state"] == "open" and entry.after["state"] == "registered"


@pytest.mark.parametrize("outcome", ["stopped", "out_of_scope"])
def test_stopped_and_out_of_scope_need_a_note(world, lead, outcome):
    client = client_for(world, "district_admin")
    url = f"/projects/leads/{lead.pk}/resolve-{outcome.replace('_', '-')}/"
    response = client.post(url, {f"resolve_{outcome}-note": ""})
    assert response.status_code == 400 and 'data-field-error="note"' in response.content.decode()
    assert Lead.objects.get(pk=lead.pk).state == "open"
    assert (
        client.post(
            url, {f"resolve_{outcome}-note": "已责令停工" if outcome == "stopped" else "住宅室内装修"}
        ).status_code
        == 302
    )
    lead.refresh_from_db()
    assert lead.state == outcome and lead.resolution_note and lead.resolved_project is None


def test_registered_needs_a_project_of_the_leads_street(world, lead):
    client = client_for(world, "district_admin")
    elsewhere = ProjectFactory(street=world.street_b)
    for number in ("", "NO-SUCH", elsewhere.number):
        response = client.post(
            f"/projects/leads/{lead.pk}/resolve-registered/", {"resolve_registered-project_number": number}
        )
        assert response.status_code == 400
        assert 'data-field-error="project_number"' in response.content.decode()
    assert Lead.objects.get(pk=lead.pk).state == "open"


def test_a_lead_is_settled_once(world, lead):
    client = client_for(world, "street_a_officer")
    client.post(f"/projects/leads/{lead.pk}/resolve-stopped/", {"resolve_stopped-note": "停工"})
    again = client.post(
        f"/projects/leads/{lead.pk}/resolve-out-of-scope/", {"resolve_out_of_scope-note": "改判"}, follow=True
    )
    assert again.status_code == 200 and "当前无法办理" in again.content.decode()
    assert Lead.objects.get(pk=lead.pk).state == "stopped"
    assert (
        AuditEntry.objects.filter(object_type="leads.lead", action__startswith="lead.")
        .exclude(action="lead.create")
        .count()
        == 1
    )


def test_who_may_not_settle(world, lead):
    url = f"/projects/leads/{lead.pk}/resolve-stopped/"
    post = {"resolve_stopped-note": "x"}
    assert client_for(world, "grid_worker").post(url, post).status_code == 403
    assert client_for(world, "street_b_officer").post(url, post).status_code == 404
    assert client_for(world, "builder").post(url, post).status_code == 403
    assert client_for(world, "street_a_officer").get(url).status_code == 405
    assert Lead.objects.get(pk=lead.pk).state == "open"
