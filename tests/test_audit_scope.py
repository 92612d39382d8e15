"""The audit log per district, sign-ins and exports audited, history naming the person and unit."""

import json

import pytest
from django.test import Client

from minorworks.accounts.tokens import issue_token
from minorworks.core.audit import record
from minorworks.core.models import AuditEntry
from minorworks.core.roles import Role
from minorworks.orgs.models import Region

from .conftest import client_for
from .factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-2026"


@pytest.fixture
def second_district(world):
    """西城区 with one street, a project there and its administrator."""
    city = Region.objects.get(code="110000")
    xicheng = Region.objects.create(code="110102", name="西城区", level=Region.Level.DISTRICT, parent=city)
    street = Region.objects.create(
        code="110102001", name="西长安街街道", level=Region.Level.STREET, parent=xicheng
    )
    admin = UserFactory(username="district-2", role=Role.DISTRICT_ADMIN, district=xicheng)
    project = ProjectFactory(street=street, district=xicheng, name="西城区某院落修缮工程")
    return admin, project


def test_each_district_admin_reads_only_its_districts_entries(world, project_a, second_district):
    admin_2, project_2 = second_district
    record(actor=world.street_a_officer, action="project.update", obj=project_a)
    record(actor=admin_2, action="project.update", obj=project_2)
    mine = client_for(world, "district_admin").get("/audit/").content.decode()
    assert project_a.number in mine and project_2.number not in mine
    client = Client()
    client.force_login(admin_2)
    theirs = client.get("/audit/").content.decode()
    assert project_2.number in theirs and project_a.number not in theirs


def test_entries_are_attributed_to_the_records_district(world, project_a, second_district):
    admin_2, project_2 = second_district
    assert record(actor=world.builder, action="x", obj=project_a).district == world.district
    assert record(actor=admin_2, action="x", obj=project_2).district == project_2.district
    assert record(actor=world.street_b_officer, action="x", target=("t", "1", "t")).district == world.district


def test_ui_sign_in_success_and_failure_are_audited(world):
    client = Client()
    client.post("/accounts/login/", {"username": "street-a", "password": "wrong"})
    client.post("/accounts/login/", {"username": "nobody-here", "password": "wrong"})
    client.post("/accounts/login/", {"username": "street-a", "password": PASSWORD})
    failed = AuditEntry.objects.filter(action="auth.sign_in_failed").order_by("id")
    assert [e.object_repr for e in failed] == [str(world.street_a_officer), "nobody-here"]
    assert failed[0].object_id == str(world.street_a_officer.pk) and failed[0].district == world.district
    assert all(e.channel == "ui" and e.ip == "127.0.0.1" and e.actor is None for e in failed)
    success = AuditEntry.objects.get(action="auth.sign_in")
    assert success.actor == world.street_a_officer and success.channel == "ui"


def test_api_sign_in_success_and_failure_are_audited(world):
    client = Client()
    for password in ("wrong", PASSWORD):
        client.post(
            "/api/v1/auth/token",
            json.dumps({"username": "street-b", "password": password}),
            content_type="application/json",
        )
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "channel"))
    assert actions == [("auth.sign_in_failed", "api"), ("auth.sign_in", "api")]


def test_ledger_exports_are_audited_and_read_by_the_exporters_district(world, project_a, second_district):
    """Exports are audited by the ledger engine (core.ledgers.export); here: they land in the audit page of
    the exporter's district only."""
    client = client_for(world, "street_a_officer")
    response = client.get("/ledgers/below-quota/export.xlsx", {"q": "和平里"})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    entry = AuditEntry.objects.get(action="ledger.export")
    assert entry.actor == world.street_a_officer and entry.channel == "ui"
    assert entry.after["ledger"] == "below-quota" and "和平里" in str(entry.after["filters"])
    assert entry.district == world.district and entry.actor_unit == "和平里街道"
    token = issue_token(world.district_admin)
    Client().get("/api/v1/ledgers/stopped.xlsx", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert AuditEntry.objects.filter(action="ledger.export", channel="api").count() == 1
    page = client_for(world, "district_admin").get("/audit/").content.decode()
    assert "导出台账" in page and "和平里街道" in page
    admin_2, _project = second_district
    other = Client()
    other.force_login(admin_2)
    assert "和平里街道" not in other.get("/audit/").content.decode()


def test_history_names_the_person_and_unit_not_the_login(world, project_a):
    officer = world.street_a_officer
    officer.display_name = "赵晓明"
    officer.save()
    record(actor=officer, action="project.update", obj=project_a)
    html = client_for(world, "street_a_officer").get(f"/projects/{project_a.pk}/").content.decode()
    history = html[html.index('id="history"') :]
    assert "赵晓明" in history and "和平里街道" in history
    assert officer.username not in history
    page = client_for(world, "district_admin").get("/audit/").content.decode()
    assert "赵晓明" in page and "和平里街道" in page
