"""Automatic review checks: papers, certificates, hazards against certificates, scope, possible splits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minorworks.projects.models import ProjectPaper, ProjectWorker, Status
from minorworks.registration.checks import run_checks, worst_level
from minorworks.scoperules.models import ProjectType

from .conftest import client_for
from .factories import CertificateFactory, PersonFactory, ProjectFactory, QualificationFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def project(world):
    """A fit-out project ending in 60 days, its contractor with valid papers, no workers yet."""
    p = ProjectFactory(
        street=world.street_a,
        planned_start=days(5),
        planned_end=days(60),
        investment=Decimal("500000"),
        floor_area=Decimal("100"),
    )
    for kind in ("qualification", "safety_licence"):
        on_file = QualificationFactory(enterprise=p.contractor, kind=kind, expires_on=days(365))
        ProjectPaper.objects.create(
            project=p, kind=kind, number=on_file.number, expires_on=on_file.expires_on
        )
    return p


def by_code(results, code):
    return [r for r in results if r.code == code]


def add_worker(project, *certs):
    person = PersonFactory()
    for kind, expires in certs:
        CertificateFactory(person=person, kind=kind, expires_on=expires)
    ProjectWorker.objects.create(project=project, person=person)
    return person


@pytest.mark.parametrize(
    ("expires", "level"),
    [(-1, "error"), (0, "warning"), (59, "warning"), (60, "ok"), (400, "ok")],
)
def test_safety_licence_expiry(project, expires, level):
    project.papers.filter(kind="safety_licence").update(expires_on=days(expires))
    (result,) = by_code(run_checks(project), "contractor_safety_licence")
    assert result.level == level


def test_the_declared_papers_count_and_a_difference_from_the_file_is_flagged(project):
    assert not by_code(run_checks(project), "contractor_file")
    # A later, expired licence on the company's file does not change what this project declared …
    QualificationFactory(enterprise=project.contractor, kind="safety_licence", expires_on=days(-100))
    assert by_code(run_checks(project), "contractor_safety_licence")[0].level == "ok"
    # … but a declared paper the file does not hold is flagged for the street to verify.
    project.papers.filter(kind="safety_licence").update(number="(京)JZ安许证字[2026]999999")
    assert by_code(run_checks(project), "contractor_file")[0].level == "warning"


def test_missing_papers_and_contractor(project):
    project.papers.all().delete()
    results = run_checks(project)
    assert by_code(results, "contractor_qualification")[0].level == "warning"
    assert by_code(results, "contractor_safety_licence")[0].level == "error"
    project.contractor = None
    assert by_code(run_checks(project), "contractor")[0].level == "error"


def test_without_planned_end_only_expiry_counts(project):
    project.planned_end = None
    project.papers.filter(kind="safety_licence").update(expires_on=days(3))
    assert by_code(run_checks(project), "contractor_safety_licence")[0].level == "ok"


@pytest.mark.parametrize(("expires", "level"), [(-1, "error"), (30, "warning"), (60, "ok")])
def test_worker_certificate_expiry(project, expires, level):
    add_worker(project, ("electrician", days(expires)))
    results = by_code(run_checks(project), "worker_certificate")
    assert [r.level for r in results] == [level]


def test_no_workers_is_a_warning(project):
    assert by_code(run_checks(project), "workers")[0].level == "warning"


def test_an_expired_certificate_does_not_cover_a_hazard(project):
    project.hazardous_operations = ["hot_work"]
    add_worker(project, ("welder", days(-1)))
    assert by_code(run_checks(project), "hazard_certificate")[0].level == "error"


def test_excavation_needs_no_certificate(project):
    project.hazardous_operations = ["excavation"]
    assert by_code(run_checks(project), "hazard_certificate")[0].level == "ok"


def test_several_missing_certificates_are_each_named(project):
    project.hazardous_operations = ["hot_work", "height_installation", "temp_power"]
    add_worker(project, ("height", days(365)))
    missing = by_code(run_checks(project), "hazard_certificate")
    assert len(missing) == 2 and {r.level for r in missing} == {"error"}


@pytest.mark.parametrize(
    ("type_code", "investment", "area", "level"),
    [
        ("fitout", "500000", "100", "ok"),
        ("fitout", "2000000", "1000", "error"),  # above quota
        ("residential_interior", "1000", "10", "error"),  # out of scope
        ("fitout", "2000000", None, "warning"),  # cannot judge without the floor area
        ("greening", None, None, "warning"),
    ],
)
def test_scope_verdict(project, type_code, investment, area, level):
    project.project_type = ProjectType.objects.get(code=type_code)
    project.investment = Decimal(investment) if investment else None
    project.floor_area = Decimal(area) if area else None
    assert by_code(run_checks(project), "scope")[0].level == level


def _sibling(project, created_days_ago, investment, **extra):
    sibling = ProjectFactory(
        street=project.street,
        builder=project.builder,
        address=project.address,
        investment=Decimal(investment),
        **extra,
    )
    type(sibling).objects.filter(pk=sibling.pk).update(
        created_at=timezone.now() - dt.timedelta(days=created_days_ago)
    )
    return sibling


def test_possible_split_project(project):
    _sibling(project, 30, "600000")  # 500,000 + 600,000 > 1,000,000
    (split,) = by_code(run_checks(project), "split")
    assert split.level == "warning"


@pytest.mark.parametrize(
    ("days_ago", "investment", "extra", "level"),
    [
        (91, "600000", {}, "ok"),  # outside the 90-day window
        (89, "600000", {}, "warning"),
        (10, "500000", {}, "ok"),  # together exactly 1,000,000: within the limit
        (10, "900000", {"status": Status.REFUSED}, "ok"),  # a refused registration does not count
    ],
)
def test_split_window_threshold_and_status(project, days_ago, investment, extra, level):
    _sibling(project, days_ago, investment, **extra)
    assert by_code(run_checks(project), "split")[0].level == level


def test_another_builder_at_the_same_address_is_no_split(project):
    ProjectFactory(street=project.street, address=project.address, investment=Decimal("900000"))
    assert by_code(run_checks(project), "split")[0].level == "ok"


def test_a_clean_registration_is_all_ok(project, world):
    from minorworks.training.services import hold_training, sign_in

    project.hazardous_operations = ["temp_power", "excavation"]
    person = add_worker(project, ("electrician", days(365)))
    # The training capability's check (issue 11): the worker has effective safety training.
    training = hold_training(
        actor=world.street_a_officer, topic="安全培训", starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3, hours=-2), place="会议室", trainer="王老师",
    )  # fmt: skip
    sign_in(training, name=person.name, unit="施工单位", phone=person.phone)
    results = run_checks(project)
    assert worst_level(results) == "ok", [(r.code, r.message) for r in results if r.level != "ok"]
    assert {r.code for r in results} == {
        "contractor_qualification",
        "contractor_safety_licence",
        "worker_certificate",
        "hazard_certificate",
        "scope",
        "split",
        "worker_training",
    }


def test_fixed_number_of_queries(project):
    project.hazardous_operations = ["hot_work", "height"]
    add_worker(project, ("welder", days(365)))
    with CaptureQueriesContext(connection) as few:
        run_checks(project)
    for _ in range(12):
        add_worker(project, ("welder", days(10)), ("height", days(-5)), ("electrician", days(300)))
    _sibling(project, 5, "100")
    with CaptureQueriesContext(connection) as many:
        results = run_checks(project)
    assert len(many) == len(few) <= 9  # the training check (issue 11) adds one query
    assert len(by_code(results, "worker_certificate")) == 24  # every problem certificate named


def test_messages_follow_the_language(project, settings):
    from django.utils import translation

    project.papers.all().delete()
    with translation.override("en"):
        english = by_code(run_checks(project), "contractor_safety_licence")[0].message
    with translation.override("zh-hans"):
        chinese = by_code(run_checks(project), "contractor_safety_licence")[0].message
    assert english == "No safety production licence of the contractor is declared."
    assert chinese == "未申报施工单位安全生产许可证。"
    assert chinese != english


def test_the_builder_sees_the_reviewers_checks_and_other_builders_do_not(world, project_a):
    url = f"/projects/{project_a.pk}/"
    assert 'data-check="scope"' in client_for(world, "street_a_officer").get(url).content.decode()
    assert 'data-check="scope"' in client_for(world, "builder").get(url).content.decode()
    assert client_for(world, "other_builder").get(url).status_code == 404
