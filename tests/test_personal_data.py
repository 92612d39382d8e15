"""Personal numbers: encrypted at rest, found by keyed hash, masked on every page and API answer, revealed
only by an explicit, audited POST (issue 6 §3)."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client

from minorworks.accounts.tokens import issue_token
from minorworks.core.crypto import TOKEN_PREFIX, blind_index
from minorworks.core.models import AuditEntry
from minorworks.orgs.models import Enterprise, Person
from minorworks.projects.models import ProjectWorker, Status

from .conftest import PERSONAS, client_for
from .factories import EnterpriseFactory, PersonFactory
from .workflow_support import make_project

pytestmark = pytest.mark.django_db
PHONE, ID_NUMBER = "13912345678", "110101198001011234"


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.fixture
def project(world):
    """An accepted project of street A; its site manager and one worker carry full numbers."""
    project = make_project(world, Status.IN_PROGRESS)
    worker = PersonFactory(name="王师傅", id_number=ID_NUMBER, phone=PHONE)
    ProjectWorker.objects.create(project=project, person=worker, trade="电工")
    return project


# --- at rest ---------------------------------------------------------------------------------------------------
def test_numbers_are_encrypted_in_the_database(world):
    person = PersonFactory(id_number=ID_NUMBER, phone=PHONE)
    company = EnterpriseFactory(contact_phone=PHONE)
    world.street_a_officer.phone = PHONE
    world.street_a_officer.save()
    for table, column, pk in (
        ("orgs_person", "id_number", person.pk),
        ("orgs_person", "phone", person.pk),
        ("orgs_enterprise", "contact_phone", company.pk),
        ("accounts_user", "phone", world.street_a_officer.pk),
    ):
        stored = _raw(table, column, pk)
        assert stored.startswith(TOKEN_PREFIX) and PHONE not in stored and ID_NUMBER not in stored, column
    assert Person.objects.get(pk=person.pk).phone == PHONE  # Python sees the clear value
    assert _raw("orgs_person", "phone_hash", person.pk) == blind_index(PHONE) != PHONE


def test_numbers_are_found_by_keyed_hash_and_never_by_value(world):
    person = PersonFactory(phone=PHONE)
    assert list(Person.objects.filter(phone_hash=blind_index(" 139 1234 5678 "))) == [person]
    with pytest.raises(TypeError, match="blind index"):
        list(Person.objects.filter(phone=PHONE))


def test_the_migration_encrypts_rows_stored_in_clear(world):
    from importlib import import_module

    person = PersonFactory(phone=PHONE, id_number=ID_NUMBER)
    with connection.cursor() as cursor:  # as the data was before the encrypting migration
        cursor.execute(
            "UPDATE orgs_person SET phone = %s, id_number = %s, phone_hash = '' WHERE id = %s",
            [PHONE, ID_NUMBER, person.pk],
        )
    migration = import_module("minorworks.orgs.migrations.0002_encrypt_personal_numbers")
    editor = SimpleNamespace(connection=connection)  # the function needs only the schema editor's connection
    migration.encrypt_existing(apps, editor)
    migration.encrypt_existing(apps, editor)  # idempotent
    assert _raw("orgs_person", "phone", person.pk).startswith(TOKEN_PREFIX)
    assert Person.objects.get(pk=person.pk).id_number == ID_NUMBER
    assert Person.objects.filter(phone_hash=blind_index(PHONE)).exists()


def test_key_rotation_re_encrypts_with_the_new_key(world, settings):
    person = PersonFactory(phone=PHONE)
    old_key, spare = settings.PERSONAL_DATA_KEYS
    settings.PERSONAL_DATA_KEYS = [spare, old_key]  # the new key first, the old one still decrypts
    call_command("rotate_personal_data", stdout=io.StringIO())
    settings.PERSONAL_DATA_KEYS = [spare]  # the old key retired
    assert Person.objects.get(pk=person.pk).phone == PHONE
    assert Person.objects.filter(phone_hash=blind_index(PHONE)).exists()


# --- masked everywhere -------------------------------------------------------------------------------------
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_no_page_or_api_answer_shows_a_full_number(world, project, persona):
    client = client_for(world, persona)
    token = issue_token(getattr(world, persona))
    answers = [
        client.get(f"/projects/{project.pk}/"),
        client.get("/projects/"),
        Client().get(f"/api/v1/projects/{project.pk}", HTTP_AUTHORIZATION=f"Bearer {token}"),
        Client().get("/api/v1/projects", HTTP_AUTHORIZATION=f"Bearer {token}"),
    ]
    for response in answers:
        text = response.content.decode()
        assert PHONE not in text and ID_NUMBER not in text and "13812345678" not in text


# --- revealing -------------------------------------------------------------------------------------------------
def _worker(project) -> Person:
    return ProjectWorker.objects.get(project=project, trade="电工").person


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("street_a_officer", 200),
        ("district_admin", 200),
        ("builder", 200),  # the project's own builder
        ("grid_worker", 403),  # sees the project, may not see numbers
        ("dept_officer", 403),
        ("street_b_officer", 404),
        ("other_builder", 404),
    ],
)
def test_who_may_reveal_in_the_ui(world, project, persona, status):
    person = _worker(project)
    response = client_for(world, persona).post(
        f"/projects/{project.pk}/reveal/", {"person": person.pk, "field": "phone"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == status
    entries = AuditEntry.objects.filter(action="reveal", object_id=str(project.pk))
    if status == 200:
        assert PHONE in response.content.decode() and "no-store" in response["Cache-Control"]
        entry = entries.get()
        actor = getattr(world, persona)
        assert entry.actor == actor and entry.after == {
            "person": person.pk,
            "name": "王师傅",
            "field": "phone",
        }
        assert PHONE not in str(entry.after) + entry.note
    else:
        assert not entries.exists()


def test_reveal_is_post_only_and_only_for_the_projects_people(world, project):
    client = client_for(world, "street_a_officer")
    assert client.get(f"/projects/{project.pk}/reveal/").status_code == 405
    stranger = PersonFactory(phone="13700000000")
    response = client.post(f"/projects/{project.pk}/reveal/", {"person": stranger.pk, "field": "phone"})
    assert response.status_code == 404
    assert (
        client.post(f"/projects/{project.pk}/reveal/", {"person": "x", "field": "phone"}).status_code == 400
    )
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_reveal_through_the_api(world, project):
    person = _worker(project)
    token = issue_token(world.district_admin)

    def post(body):
        return Client().post(
            f"/api/v1/projects/{project.pk}/reveal",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    response = post({"person_id": person.pk, "field": "id_number"})
    assert response.status_code == 200 and response.json()["value"] == ID_NUMBER
    assert response["Cache-Control"] == "no-store"
    assert post({"person_id": person.pk, "field": "name"}).status_code == 400
    assert AuditEntry.objects.filter(action="reveal", actor=world.district_admin).count() == 1


# --- editing with masked numbers -------------------------------------------------------------------------------
def test_an_unchanged_masked_number_keeps_the_stored_one_and_a_wrong_one_is_refused(world):
    from minorworks.registration.registration import set_workers

    project = make_project(world, Status.DRAFT)
    set_workers(
        project, actor=world.builder, rows=[{"name": "王师傅", "id_number": ID_NUMBER, "phone": PHONE}]
    )
    set_workers(
        project,
        actor=world.builder,
        rows=[{"name": "王师傅", "id_number": "1101**********1234", "phone": "139****5678"}],
    )
    person = project.workers.get().person
    assert (person.id_number, person.phone) == (ID_NUMBER, PHONE)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as wrong:
        set_workers(
            project, actor=world.builder, rows=[{"name": "王师傅", "id_number": "", "phone": "139****0000"}]
        )
    assert "workers.0.phone" in wrong.value.message_dict


def test_a_new_registration_refuses_masked_numbers(world):
    token = issue_token(world.builder)
    response = Client().post(
        "/api/v1/projects",
        {
            "name": "x",
            "project_type": "fitout",
            "street": "110101010",
            "site_manager_name": "张",
            "site_manager_phone": "139****5678",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400 and response.json()["detail"][0]["field"] == "site_manager_phone"
    assert not Enterprise.objects.filter(name="x").exists()
