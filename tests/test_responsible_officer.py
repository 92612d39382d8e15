"""The responsible officer (责任人): set when a street accepts, reassigned by the street; and the Excel
import's own transition, which no UI or API route offers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from minorworks.accounts.tokens import issue_token
from minorworks.core.audit import history_of
from minorworks.core.roles import Role
from minorworks.notices.models import Notice
from minorworks.projects.models import Status
from minorworks.review import workflow

from .conftest import client_for
from .factories import UserFactory
from .workflow_support import make_project

pytestmark = pytest.mark.django_db
S = Status


@pytest.fixture
def colleague(world):
    """A second officer of street A."""
    return UserFactory(
        username="street-a2",
        display_name="李四",
        role=Role.STREET_OFFICER,
        district=world.district,
        street=world.street_a,
    )


def test_accepting_officer_becomes_responsible(world):
    project = make_project(world, S.SUBMITTED)
    assert project.responsible_officer is None
    result = workflow.perform("accept", project, actor=world.street_a_officer)
    assert result.responsible_officer == world.street_a_officer
    entry = history_of(project).get()
    assert entry.after["responsible_officer"] == world.street_a_officer.pk


def test_street_reassigns_the_responsible_officer(world, colleague):
    project = make_project(world, S.IN_PROGRESS, responsible_officer=world.street_a_officer)
    client = client_for(world, "street_a_officer")
    page = client.get(f"/projects/{project.pk}/").content.decode()
    offered = page.split('name="assign_officer-officer"')[1].split("</select>")[0]
    assert "李四" in offered and world.street_b_officer.username not in offered  # this street's officers only
    response = client.post(
        f"/projects/{project.pk}/assign-officer/", {"assign_officer-officer": colleague.pk}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.responsible_officer == colleague
    assert 'data-testid="responsible-officer">李四' in client.get(f"/projects/{project.pk}/").content.decode()
    entry = history_of(project).get()
    assert entry.action == "assign_officer" and entry.after["responsible_officer_label"] == "李四"


def test_an_officer_of_another_street_cannot_be_made_responsible(world):
    project = make_project(world, S.ACCEPTED)
    response = client_for(world, "street_a_officer").post(
        f"/projects/{project.pk}/assign-officer/", {"assign_officer-officer": world.street_b_officer.pk}
    )
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.responsible_officer is None and not history_of(project).exists()


def test_assignment_is_for_the_street_only_and_post_only(world, colleague):
    project = make_project(world, S.ACCEPTED)
    url = f"/projects/{project.pk}/assign-officer/"
    assert client_for(world, "builder").post(url, {"assign_officer-officer": colleague.pk}).status_code == 403
    assert (
        client_for(world, "street_b_officer").post(url, {"assign_officer-officer": colleague.pk}).status_code
        == 404
    )
    assert client_for(world, "street_a_officer").get(url).status_code == 405
    project.refresh_from_db()
    assert project.responsible_officer is None


def test_assignment_over_the_api(world, colleague):
    project = make_project(world, S.COMPLETED)
    token = issue_token(world.street_a_officer)
    response = Client().post(
        f"/api/v1/projects/{project.pk}/assign-officer",
        {"officer": str(colleague.pk)},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert project.responsible_officer == colleague
    again = Client().post(
        f"/api/v1/projects/{project.pk}/assign-officer",
        {"officer": str(colleague.pk)},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert again.status_code == 400  # nothing changed


# --- the import's transition ------------------------------------------------------------------------------
def test_import_transition_accepts_a_draft_on_the_given_date_and_issues_the_notice(world):
    project = make_project(world, S.DRAFT)
    day = timezone.localdate() - dt.timedelta(days=40)
    result = workflow.perform("import", project, actor=world.district_admin, decided_on=day, note="第 2 行")
    assert result.status == S.ACCEPTED
    assert timezone.localtime(result.decided_at).date() == day
    assert Notice.objects.get(project=project).issued_by == world.district_admin
    assert (
        result.responsible_officer is None
    )  # a district importer names no officer unless the file's street has one
    entry = history_of(project).get()
    assert (entry.action, entry.before["status"], entry.after["status"]) == ("import", "draft", "accepted")


def test_import_transition_refuses_a_future_date_and_other_parties(world):
    project = make_project(world, S.DRAFT)
    with pytest.raises(workflow.InvalidInput):
        workflow.perform(
            "import",
            project,
            actor=world.street_a_officer,
            decided_on=timezone.localdate() + dt.timedelta(days=1),
        )
    with pytest.raises(workflow.NotPermitted):
        workflow.perform("import", project, actor=world.builder, decided_on=timezone.localdate())
    with pytest.raises(workflow.InvalidInput):
        workflow.perform("import", project, actor=world.street_a_officer)  # the date is required
    project.refresh_from_db()
    assert project.status == S.DRAFT


def test_import_transition_has_no_route_and_is_never_offered(world):
    project = make_project(world, S.DRAFT)
    assert client_for(world, "street_a_officer").post(f"/projects/{project.pk}/import/").status_code == 404
    token = issue_token(world.street_a_officer)
    response = Client().post(
        f"/api/v1/projects/{project.pk}/import",
        "{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 404
    assert "import" not in workflow.PROJECT_WORKFLOW.open_actions(project, world.street_a_officer)
    project.refresh_from_db()
    assert project.status == S.DRAFT
