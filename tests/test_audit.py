"""The audit log records who changed what, and cannot be rewritten."""

import pytest

from minorworks.core.audit import history_of, record, snapshot
from minorworks.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_record_keeps_actor_before_and_after(world, project_a):
    before = snapshot(project_a, ["name", "address"])
    project_a.name = "新名称"
    after = snapshot(project_a, ["name", "address"])
    entry = record(actor=world.street_a_officer, action="update", obj=project_a, before=before, after=after)
    assert entry.actor == world.street_a_officer
    assert entry.actor_label == "street-a"
    assert entry.changes() == [("name", before["name"], "新名称")]
    assert list(history_of(project_a)) == [entry]


def test_audit_rows_are_append_only(world, project_a):
    entry = record(actor=world.street_a_officer, action="update", obj=project_a)
    entry.note = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


def test_audit_page_is_for_the_district_admin(world, project_a):
    from .conftest import client_for

    record(actor=world.street_a_officer, action="update", obj=project_a)
    response = client_for(world, "district_admin").get("/audit/")
    assert response.status_code == 200
    assert project_a.number in response.content.decode()
    assert client_for(world, "street_a_officer").get("/audit/").status_code == 403
