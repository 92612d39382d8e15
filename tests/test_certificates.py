"""The certificate rule: which hazardous operation needs which special-operation certificate (one table, one place).

Basis: 《特种作业人员安全技术培训考核管理规定》附件《特种作业目录》 and 建质〔2008〕75号; demolition and confined-space
work have no certificate and are checked on paper.
"""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone, translation

from minorworks.core.models import AuditEntry
from minorworks.orgs.certificates import REQUIREMENTS, SPECIAL_KINDS, CertificateKind
from minorworks.orgs.models import Certificate
from minorworks.projects.models import HazardousOperation, ProjectWorker
from minorworks.registration.checks import run_checks
from minorworks.registration.forms import WorkerForm

from .factories import CertificateFactory, PersonFactory, ProjectFactory, QualificationFactory

pytestmark = pytest.mark.django_db
NEXT_YEAR = timezone.localdate() + dt.timedelta(days=365)

# operation → the worker sets (one tuple of kinds per worker) → passes? (no hazard_certificate error)
TABLE = [
    ("hot_work", [], False),
    ("hot_work", [("welder",)], True),
    ("hot_work", [("electrician",)], False),
    ("temp_power", [("electrician",)], True),
    ("temp_power", [("welder",)], False),
    ("height", [], True),  # working at height as such needs no certificate
    ("height_installation", [("height",)], True),
    ("height_installation", [("height_rigging",)], False),
    ("height_installation", [], False),
    ("scaffold", [("scaffolder",)], True),
    ("scaffold", [("height_rigging",)], True),  # 登高架设作业 covers putting up scaffolds
    ("scaffold", [("height",)], False),
    ("scaffold", [], False),
    ("lifting", [("lifting",)], False),  # an operator alone: no signaller / rigger
    ("lifting", [("rigger",)], False),
    ("lifting", [("lifting",), ("rigger",)], True),  # two workers
    ("lifting", [("lifting", "rigger")], True),  # one worker holding both
    ("confined_space", [], True),  # no certificate exists: a paper check instead
    ("demolition", [], True),
    ("excavation", [], True),
    ("confined_space", [("training",)], True),
]


@pytest.fixture
def project(world):
    p = ProjectFactory(street=world.street_a, investment=Decimal("500000"), floor_area=Decimal("100"))
    QualificationFactory(enterprise=p.contractor, kind="qualification")
    QualificationFactory(enterprise=p.contractor, kind="safety_licence")
    return p


def _staff(project, workers):
    for kinds in workers:
        person = PersonFactory()
        for kind in kinds:
            CertificateFactory(person=person, kind=kind, expires_on=NEXT_YEAR)
        ProjectWorker.objects.create(project=project, person=person)


@pytest.mark.parametrize(("operation", "workers", "passes"), TABLE)
def test_operation_needs_its_certificates(project, operation, workers, passes):
    project.hazardous_operations = [operation]
    _staff(project, workers)
    results = [r for r in run_checks(project) if r.code == "hazard_certificate"]
    assert (all(r.level == "ok" for r in results)) is passes, [r.message for r in results]


def test_lifting_without_anyone_names_both_missing_certificates(project):
    project.hazardous_operations = ["lifting"]
    with translation.override("en"):
        errors = [r.message for r in run_checks(project) if r.code == "hazard_certificate"]
    assert len(errors) == 2
    assert "Crane operator" in errors[0] and "Lifting signaller and rigger" in errors[1]


def test_a_scaffold_error_offers_either_certificate(project):
    project.hazardous_operations = ["scaffold"]
    with translation.override("en"):
        (error,) = [r.message for r in run_checks(project) if r.code == "hazard_certificate"]
    assert "Construction scaffolder or Erection at height" in error


@pytest.mark.parametrize("operation", ["confined_space", "demolition"])
def test_no_certificate_operations_tell_the_reviewer_what_to_check_on_paper(project, operation):
    project.hazardous_operations = [operation]
    with translation.override("en"):
        results = run_checks(project)
    (paper,) = [r for r in results if r.code == "hazard_paper"]
    assert paper.level == "warning"
    assert "No special-operation certificate exists" in paper.message and "training record" in paper.message
    assert "第三十七条" in paper.message  # the basis is named
    assert [r.level for r in results if r.code == "hazard_certificate"] == ["ok"]


def test_working_at_height_alone_asks_for_nothing(project):
    project.hazardous_operations = ["height"]
    assert not [r for r in run_checks(project) if r.code.startswith("hazard_") and r.level != "ok"]


def test_every_operation_has_exactly_one_rule_and_only_known_kinds():
    assert set(REQUIREMENTS) == set(HazardousOperation.values)
    for rule in REQUIREMENTS.values():
        assert rule.basis
        assert not (rule.certificates and rule.on_paper)
        for group in rule.certificates:
            assert set(group) <= SPECIAL_KINDS  # a training record never stands in for a certificate


def test_demolition_and_confined_space_are_no_certificate_kinds():
    assert not {"confined_space", "demolition"} & set(CertificateKind.values)
    offered = dict(WorkerForm().fields["certificate_kind"].choices)
    assert "confined_space" not in offered and "demolition" not in offered
    assert "training" in offered


def test_the_migration_turns_former_kinds_into_audited_training_records():
    migration = importlib.import_module(
        "minorworks.orgs.migrations.0005_certificates_without_demolition_confined_space"
    )
    person = PersonFactory(name="旧证人")
    old = Certificate.objects.create(person=person, kind="confined_space", number="T1", expires_on=NEXT_YEAR)
    kept = Certificate.objects.create(person=person, kind="welder", number="T2", expires_on=NEXT_YEAR)
    migration.reclassify(apps, None)
    old.refresh_from_db()
    kept.refresh_from_db()
    assert (old.kind, kept.kind) == ("training", "welder")
    (entry,) = AuditEntry.objects.filter(action="certificate.reclassify", object_id=str(old.pk))
    assert entry.before["kind"] == "confined_space" and entry.before["kind_label"] == "有限空间作业"
    assert entry.after["kind"] == "training"
    migration.restore(apps, None)
    old.refresh_from_db()
    assert old.kind == "confined_space"
