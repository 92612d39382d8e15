"""Keyword search through the full-text index (FTS5 trigram on SQLite, pg_trgm on PostgreSQL): the same
answers as the joined LIKE filter it replaces, Chinese substrings, short keywords, hostile characters, and an
index that follows every write (save, bulk load, delete, a company's new name)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minorworks.core.jurisdiction import district_bound
from minorworks.orgs.models import Enterprise, Region
from minorworks.projects import search
from minorworks.projects.models import Project, Status
from minorworks.projects.search import _joined, keyword_filter

from .conftest import client_for
from .factories import EnterpriseFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def found(value: str) -> set[str]:
    return set(keyword_filter(Project.objects.all(), value).values_list("number", flat=True))


def joined(value: str) -> set[str]:
    return set(Project.objects.filter(_joined(value)).values_list("number", flat=True))


@pytest.fixture
def projects(world):
    builder = EnterpriseFactory(name="北京安建园林绿化工程有限公司", kinds=["builder"])
    contractor = EnterpriseFactory(name="Acme 建设 Ltd")
    return [
        ProjectFactory(
            number="DC2026000123",
            name="和平里东街12号院绿地提升工程",
            address="北京市东城区和平里东街12号",
            builder=builder,
            contractor=contractor,
            street=world.street_a,
        ),
        ProjectFactory(
            number="DC2026000124",
            name="安定门外大街管线改造",
            address="东城区安定门外大街50%地段_北侧",
            street=world.street_b,
            contractor=None,
        ),
        ProjectFactory(
            number="DC2025000001", name="雍和宫大街外立面", address="雍和宫大街1号", street=world.street_a
        ),
    ]


@pytest.mark.parametrize(
    "value",
    [
        "和平里",  # a Chinese substring of a name and an address
        "绿地提升工程",
        "DC2026",  # the number
        "000123",
        "园林绿化",  # the builder
        "acme",  # the contractor, case-insensitively
        "ACME 建设",
        "外大街",
        "50%地段",  # LIKE's wildcards are literal
        "_北侧",
        "院",  # 1–2 characters: the fallback
        "东城",
        "12",
        "不存在的关键词",
        'a"b',  # a quote in an FTS phrase
        "\\",
    ],
)
def test_the_index_answers_as_the_joined_filter_did(projects, value):
    assert found(value) == joined(value), value


def test_chinese_substrings_and_short_keywords_find_their_projects(projects):
    assert found("和平里") == {"DC2026000123"}
    assert found("外大街") == {"DC2026000124"}
    assert found("院") == {"DC2026000123"} and found("东城") == {"DC2026000123", "DC2026000124"}
    assert found("50%") == {"DC2026000124"} and found("%") == {"DC2026000124"}
    assert found("园林绿化") == {"DC2026000123"} and found("acme") == {"DC2026000123"}


def test_the_search_reads_the_index_not_joined_likes(projects):
    with CaptureQueriesContext(connection) as seen:
        assert found("和平里") == {"DC2026000123"}
    *probe, sql = [q["sql"] for q in seen.captured_queries]
    assert "project_search" in sql and "orgs_enterprise" not in sql
    if connection.vendor == "sqlite":
        # The bounded count of the matches, then the rows; few matches: the rows start from them.
        assert len(probe) == 1 and "LIMIT" in probe[0] and "MATCH" in sql and '"id" IN' in sql
    else:
        assert not probe and "LIKE lower(" in sql


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL's planner estimates pg_trgm matches itself"
)
def test_with_many_matches_sqlite_reads_the_scope_first_and_finds_the_same(projects, monkeypatch):
    few = {value: found(value) for value in ("和平里", "大街", "东城区", "不存在的关键词")}
    monkeypatch.setattr(search, "MANY", 1)
    with CaptureQueriesContext(connection) as seen:
        assert found("东城区") == few["东城区"]
    assert '("projects_project"."id" + 0) IN' in seen.captured_queries[-1]["sql"]
    assert {value: found(value) for value in few} == few


def test_the_index_follows_saves_deletes_bulk_loads_and_company_names(projects, world):
    first, second, _third = projects
    first.name = "新名称东华门"
    first.save()
    assert found("东华门") == {"DC2026000123"} and found("绿地提升") == set()
    second.contractor = first.builder
    second.save(update_fields=["contractor"])
    assert found("园林绿化") == {"DC2026000123", "DC2026000124"}
    Enterprise.objects.filter(pk=first.builder_id).update(name="北京东方市政公司")  # no save(): a trigger
    assert found("东方市政") == {"DC2026000123", "DC2026000124"} and found("园林绿化") == set()
    Project.objects.filter(pk=first.pk).delete()
    assert found("东华门") == set()
    fields = {
        f.attname: getattr(first, f.attname) for f in Project._meta.concrete_fields if not f.primary_key
    }
    Project.objects.bulk_create(
        Project(**{**fields, "number": f"BULK{n}", "public_id": f"bulk{n}", "name": f"批量工程{n}号"})
        for n in range(3)
    )
    assert found("批量工程") == {"BULK0", "BULK1", "BULK2"}


def test_the_list_page_and_the_ledger_use_it(projects, world):
    Project.objects.filter(number="DC2026000123").update(status=Status.ACCEPTED)
    page = client_for(world, "district_admin").get("/projects/?q=和平里").content.decode()
    assert "DC2026000123" in page and "DC2026000124" not in page
    ledger = client_for(world, "district_admin").get("/ledgers/below-quota/?q=和平里").content.decode()
    assert "DC2026000123" in ledger
    street_b = client_for(world, "street_b_officer").get("/projects/?q=和平里").content.decode()
    assert "DC2026000123" not in street_b  # the scope still applies


def test_a_district_bound_search_finds_what_the_scope_finds_and_follows_a_move(projects, world):
    """The district named to the index (PostgreSQL) never changes the rows, and the triggers keep it current."""
    other = Region.objects.create(
        code="110102", name="西城区", level="district", parent=world.district.parent
    )

    def in_district(district, value: str) -> set[str]:
        scope = Project.objects.filter(district=district)
        with CaptureQueriesContext(connection) as seen:
            numbers = set(
                keyword_filter(scope, value, district_id=district.pk).values_list("number", flat=True)
            )
        if connection.vendor == "postgresql":
            assert f"district_id = {district.pk}::bigint" in seen.captured_queries[-1]["sql"]
        assert numbers == set(scope.filter(_joined(value)).values_list("number", flat=True))
        return numbers

    assert in_district(world.district, "和平里") == {"DC2026000123"}
    assert in_district(other, "和平里") == set()
    Project.objects.filter(number="DC2026000123").update(district=other)  # no save(): a trigger
    assert in_district(other, "和平里") == {"DC2026000123"}
    assert in_district(world.district, "和平里") == set()


def test_only_a_rule_that_filters_on_the_district_names_it(world):
    assert district_bound(world.district_admin) == world.district.pk
    assert district_bound(world.dept_officer) == world.district.pk
    # A street's or a community's rule filters on the street or the community; a company's on itself.
    for persona in ("street_a_officer", "grid_worker", "builder"):
        assert district_bound(getattr(world, persona)) is None
    assert district_bound(None) is None
