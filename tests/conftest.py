"""Shared personas and fixtures: district admin, street officers of street A and B, department officer,
grid worker, builder, and the anonymous resident."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client
from pytest_django.plugin import blocking_manager_key

from minorworks.accounts.models import User
from minorworks.core.reference import load_all
from minorworks.core.roles import Role
from minorworks.orgs.models import Department, Region
from minorworks.scoperules.models import ProjectType

from .factories import EnterpriseFactory, ProjectFactory, UserFactory

STREET_A = "110101010"  # 和平里街道
STREET_B = "110101015"  # 体育馆路街道


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data once into the test database, outside the per-test transactions."""
    with django_db_blocker.unblock():
        load_all()


# Fixtures that make pytest-django run a test outside a rolled-back transaction (and flush afterwards);
# live_server asks for transactional_db only at run time, so it is not in the fixture closure by that name.
_FLUSHING_FIXTURES = frozenset({"transactional_db", "live_server", "django_db_reset_sequences"})


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        return True
    return not _FLUSHING_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


def pytest_collection_modifyitems(items):
    """Run transactional tests last: their flush empties the reference data the others share."""
    items.sort(key=_transactional)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Reload the reference data after a transactional test's flush: under pytest-xdist a worker may run
    other tests after it, whatever the collection order."""
    result = yield
    if _transactional(item) and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            load_all()
    return result


@pytest.fixture
def reference(db):
    """Beijing/Dongcheng reference data (loaded once per test transaction; idempotent)."""
    if not Region.objects.filter(code=STREET_A).exists():
        load_all()
    return Region.objects.get(code="110101")


@dataclass
class World:
    district: Region
    street_a: Region
    street_b: Region
    community_a: Region
    community_b: Region
    district_admin: User
    street_a_officer: User
    street_b_officer: User
    dept_officer: User
    grid_worker: User
    builder: User
    other_builder: User


@pytest.fixture
def world(reference) -> World:
    district = reference
    street_a = Region.objects.get(code=STREET_A)
    street_b = Region.objects.get(code=STREET_B)
    community_a = street_a.children.order_by("sort").first()
    community_b = street_b.children.order_by("sort").first()
    enterprise = EnterpriseFactory(name="北京测试建设有限公司", kinds=["builder", "contractor"])
    other = EnterpriseFactory(name="北京别家建设有限公司", kinds=["builder"])
    return World(
        district=district,
        street_a=street_a,
        street_b=street_b,
        community_a=community_a,
        community_b=community_b,
        district_admin=UserFactory(
            username="district",
            role=Role.DISTRICT_ADMIN,
            district=district,
            department=Department.objects.get(code="dc-zjw"),
        ),
        street_a_officer=UserFactory(
            username="street-a", role=Role.STREET_OFFICER, district=district, street=street_a
        ),
        street_b_officer=UserFactory(
            username="street-b", role=Role.STREET_OFFICER, district=district, street=street_b
        ),
        dept_officer=UserFactory(
            username="dept",
            role=Role.DEPARTMENT_OFFICER,
            district=district,
            department=Department.objects.get(code="dc-ylj"),  # greening bureau: sees greening projects only
        ),
        grid_worker=UserFactory(
            username="grid", role=Role.GRID_WORKER, district=district, street=street_a, community=community_a
        ),
        builder=UserFactory(username="builder", role=Role.BUILDER, enterprise=enterprise),
        other_builder=UserFactory(username="builder2", role=Role.BUILDER, enterprise=other),
    )


PERSONAS = [
    "anonymous",
    "district_admin",
    "street_a_officer",
    "street_b_officer",
    "dept_officer",
    "grid_worker",
    "builder",
]


def client_for(world: World, persona: str) -> Client:
    """A test client signed in as ``persona`` (anonymous: not signed in)."""
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client


@pytest.fixture
def project_a(world):
    """A greening project in street A, community A, built and contracted by the builder persona."""
    return ProjectFactory(
        street=world.street_a,
        community=world.community_a,
        builder=world.builder.enterprise,
        contractor=world.builder.enterprise,
        project_type=ProjectType.objects.get(code="greening"),
        planned_start=dt.date.today() + dt.timedelta(days=10),
    )
