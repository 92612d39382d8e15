"""A registration never changes a shared record: companies, their papers and people (issue 6 §2, the probe).

The probe: a builder posts a project naming another builder's contractor (same name, or same credit code)
with forged certificate data; before the fix that rewrote the contractor's licence on 22 projects.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from minorworks.accounts.tokens import issue_token
from minorworks.core.models import AuditEntry
from minorworks.orgs.models import Enterprise, Qualification
from minorworks.projects.models import ProjectPaper, Status
from minorworks.registration.checks import run_checks
from minorworks.review import workflow

from .factories import EnterpriseFactory, ProjectFactory, QualificationFactory
from .workflow_support import make_project

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def contractor(world):
    """A contractor of other builders' projects, with its licence on file and declared on 3 projects."""
    company = EnterpriseFactory(
        name="北京老牌施工有限公司", credit_code="91110101MA0A1D0001", kinds=["contractor"]
    )
    licence = QualificationFactory(
        enterprise=company,
        kind="safety_licence",
        number="(京)JZ安许证字[2024]000001",
        expires_on=TODAY.replace(year=TODAY.year + 1),
    )
    for _ in range(3):
        project = ProjectFactory(street=world.street_b, contractor=company)
        ProjectPaper.objects.create(
            project=project, kind="safety_licence", number=licence.number, expires_on=licence.expires_on
        )
    return company


def _post(world, body):
    token = issue_token(world.builder)
    return Client().post(
        "/api/v1/projects", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def _shared_state(company):
    return (
        Enterprise.objects.filter(pk=company.pk).values("name", "credit_code", "kinds").get(),
        sorted(Qualification.objects.filter(enterprise=company).values_list("kind", "number", "expires_on")),
        sorted(
            ProjectPaper.objects.filter(project__contractor=company)
            .exclude(project__builder__name="北京测试建设有限公司")  # the prober's own projects
            .values_list("project_id", "number", "expires_on")
        ),
    )


BASE = {"name": "门店装修", "project_type": "fitout", "street": "110101010"}


@pytest.mark.parametrize("by", ["credit_code", "name"])
def test_a_forged_licence_changes_no_other_project_and_not_the_company(world, contractor, by):
    before = _shared_state(contractor)
    forged = {
        **BASE,
        "contractor_name": contractor.name,
        "contractor_credit_code": contractor.credit_code if by == "credit_code" else "",
        "safety_licence_number": "(京)JZ安许证字[2099]999999",
        "safety_licence_expires": "2099-12-31",
    }
    response = _post(world, forged)
    assert response.status_code == 201, response.content
    assert _shared_state(contractor) == before  # no other project, not the company file
    data = response.json()
    project_contractor = Enterprise.objects.get(
        pk=ProjectPaper.objects.get(project_id=data["id"]).project.contractor_id
    )
    if by == "credit_code":
        assert project_contractor == contractor  # linked by the code, company untouched
    else:
        assert project_contractor != contractor  # a name alone is no identity: a new company record
    # The forged paper is this project's own declaration, for the reviewer to check.
    assert ProjectPaper.objects.get(project_id=data["id"]).number == "(京)JZ安许证字[2099]999999"


def test_a_credit_code_cannot_be_planted_on_a_company_without_one(world):
    bare = EnterpriseFactory(name="北京无码施工队", credit_code="", kinds=["contractor"])
    _post(world, {**BASE, "contractor_name": bare.name, "contractor_credit_code": "91110101MA0PLANT01"})
    bare.refresh_from_db()
    assert bare.credit_code == ""
    assert Enterprise.objects.filter(credit_code="91110101MA0PLANT01").exclude(pk=bare.pk).count() == 1


def test_every_new_company_is_audited(world):
    _post(world, {**BASE, "contractor_name": "北京新开施工有限公司", "designer_name": "北京新设计所"})
    created = AuditEntry.objects.filter(action="enterprise.create").values_list("object_repr", flat=True)
    assert set(created) == {"北京新开施工有限公司", "北京新设计所"}


def test_saving_a_draft_again_makes_no_new_companies(world):
    response = _post(world, {**BASE, "contractor_name": "北京同名施工有限公司"})
    project_id = response.json()["id"]
    count = Enterprise.objects.count()
    token = issue_token(world.builder)
    patched = Client().patch(
        f"/api/v1/projects/{project_id}",
        {"content": "改：墙面翻新"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert patched.status_code == 200
    assert Enterprise.objects.count() == count


def test_the_street_records_verified_papers_on_the_company_file_with_an_audit_row(world):
    project = make_project(world, Status.SUBMITTED)
    company = project.contractor
    assert any(r.code == "contractor_file" for r in run_checks(project))
    workflow.perform("adopt_papers", project, actor=world.street_a_officer)
    paper = ProjectPaper.objects.get(project=project)
    assert company.qualifications.filter(number=paper.number, expires_on=paper.expires_on).exists()
    entry = AuditEntry.objects.get(object_type="orgs.enterprise", object_id=str(company.pk))
    assert entry.action == "enterprise.papers" and entry.actor == world.street_a_officer
    assert paper.number in str(entry.after) and paper.number not in str(entry.before)
    assert not any(r.code == "contractor_file" for r in run_checks(project))
    # Only the project's street may do it; a builder cannot write its own papers onto the file.
    other = make_project(world, Status.SUBMITTED)
    with pytest.raises(workflow.NotPermitted):
        workflow.perform("adopt_papers", other, actor=world.builder)


def test_a_changed_worker_is_a_new_person_not_an_edit(world):
    from minorworks.registration.registration import set_workers

    project = make_project(world, Status.DRAFT)
    rows = [{"name": "王师傅", "id_number": "110101198001011234", "phone": "13800001111", "trade": "电工"}]
    set_workers(project, actor=world.builder, rows=rows)
    first = project.workers.get().person
    set_workers(project, actor=world.builder, rows=[{**rows[0], "phone": "13900002222"}])
    first.refresh_from_db()
    assert first.phone == "13800001111"  # the old record stays as it was
    assert project.workers.get().person.phone == "13900002222"


def test_expired_dates_do_not_leak_into_other_projects(world, contractor):
    """The reviewer of another builder's project still sees that project's own licence."""
    other = ProjectPaper.objects.filter(project__contractor=contractor).first()
    _post(
        world,
        {
            **BASE,
            "contractor_name": contractor.name,
            "contractor_credit_code": contractor.credit_code,
            "safety_licence_number": other.number,
            "safety_licence_expires": (TODAY - dt.timedelta(days=1)).isoformat(),
        },
    )
    other.refresh_from_db()
    assert other.expires_on > TODAY
