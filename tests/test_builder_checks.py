"""What the builder sees before submitting (issue 6 §6): the reviewer's checks; an above-quota or out-of-scope
verdict blocks submission and says where to go; the notice counts as acknowledged only when every required
party has acknowledged."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from minorworks.notices.models import Notice
from minorworks.projects.models import Status
from minorworks.registration.registration import missing_for_submission
from minorworks.review import workflow
from minorworks.scoperules.models import ProjectType

from .conftest import client_for
from .factories import EnterpriseFactory
from .workflow_support import make_project

pytestmark = pytest.mark.django_db


def _scope_messages(project) -> list[str]:
    return [message for field, message in missing_for_submission(project) if field == "investment"]


def test_an_above_quota_building_is_blocked_and_sent_to_the_housing_commission(world):
    project = make_project(
        world,
        Status.DRAFT,
        project_type=ProjectType.objects.get(code="fitout"),
        investment=Decimal("1500000"),
        floor_area=Decimal("800"),
    )
    (message,) = _scope_messages(project)
    assert "区住房和城市建设委员会" in message and "规自" not in message
    with pytest.raises(workflow.Blocked) as blocked:
        workflow.perform("submit", project, actor=world.builder)
    assert blocked.value.status == 400 and "investment" in blocked.value.errors
    project.refresh_from_db()
    assert project.status == Status.DRAFT


def test_above_quota_specialist_works_go_to_their_sector_authority(world):
    project = make_project(
        world, Status.DRAFT, project_type=ProjectType.objects.get(code="water"), investment=Decimal("2000000")
    )
    (message,) = _scope_messages(project)
    assert "区水务局" in message and "住房和城市建设" not in message


def test_out_of_scope_works_are_blocked(world):
    project = make_project(
        world, Status.DRAFT, project_type=ProjectType.objects.get(code="residential_interior")
    )
    assert _scope_messages(project)


def test_below_quota_works_are_not_blocked(world):
    project = make_project(world, Status.DRAFT, investment=Decimal("300000"))
    assert _scope_messages(project) == []


def test_the_builder_sees_the_blocking_verdict_on_the_page(world):
    project = make_project(
        world,
        Status.DRAFT,
        project_type=ProjectType.objects.get(code="fitout"),
        investment=Decimal("1500000"),
        floor_area=Decimal("800"),
    )
    html = client_for(world, "builder").get(f"/projects/{project.pk}/").content.decode()
    assert 'data-check="scope"' in html and 'data-level="error"' in html
    assert 'data-field="investment"' in html and "区住房和城市建设委员会" in html


def test_acknowledged_only_when_every_required_party_has(world):
    contractor = EnterpriseFactory(name="另一施工单位", kinds=["contractor"])
    project = make_project(world, Status.ACCEPTED, scan=False, contractor=None)
    project.contractor = contractor
    project.save()
    notice = Notice.objects.get(project=project)
    assert not notice.acknowledged
    notice.builder_ack_at = timezone.now()
    assert not notice.acknowledged  # the contractor has not yet
    notice.contractor_ack_at = timezone.now()
    assert notice.acknowledged
    # A builder that contracts itself acknowledges once for both.
    own = make_project(world, Status.ACCEPTED, scan=False)
    own_notice = Notice.objects.get(project=own)
    own_notice.builder_ack_at = timezone.now()
    assert own_notice.acknowledged
