"""Queries that stay cheap at city scale: no DISTINCT for a status filter, the split check served by its
expression index (and still case-insensitive), list rows read as values, not model objects."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from minorworks.accounts.tokens import issue_token
from minorworks.projects.models import Project, Status
from minorworks.registration.checks import run_checks

from .conftest import client_for
from .factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _selects(queries, table="projects_project"):
    return [q["sql"] for q in queries if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]]


@pytest.mark.parametrize(
    "url", ["/projects/?status=accepted&status=stopped", "/ledgers/below-quota/?status=accepted"]
)
def test_a_status_filter_adds_no_distinct(world, url):
    ProjectFactory.create_batch(2, street=world.street_a, status=Status.ACCEPTED)
    with CaptureQueriesContext(connection) as seen:
        response = client_for(world, "district_admin").get(url)
    assert response.status_code == 200
    projects = _selects(seen.captured_queries)
    assert projects and not [sql for sql in projects if "DISTINCT" in sql.upper()]


def test_the_project_list_reads_values_not_model_objects(world, monkeypatch):
    ProjectFactory.create_batch(3, street=world.street_a, status=Status.ACCEPTED)
    built = []
    original = Project.from_db.__func__

    def counting(cls, db, field_names, values):
        built.append(cls)
        return original(cls, db, field_names, values)

    monkeypatch.setattr(Project, "from_db", classmethod(counting))
    response = client_for(world, "district_admin").get("/projects/")
    assert response.status_code == 200 and response.content.decode().count('data-testid="project-row"') == 3
    token = issue_token(world.district_admin)
    answer = Client().get("/api/v1/projects", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200 and len(answer.json()["results"]) == 3
    assert answer.json()["results"][0]["street"] == world.street_a.code
    assert built == []


def _split_sql(project) -> str:
    with CaptureQueriesContext(connection) as seen:
        run_checks(project)
    found = [
        q["sql"] for q in seen.captured_queries if "LOWER(" in q["sql"].upper() and "address" in q["sql"]
    ]
    assert found, "the split check ran no address query"
    return found[0]


def test_the_split_check_is_case_insensitive_and_uses_its_expression_index(world):
    first = ProjectFactory(street=world.street_a, address="和平里东街A座", investment=Decimal("600000"))
    second = ProjectFactory(
        street=world.street_a,
        builder=first.builder,
        address="和平里东街a座 ",
        investment=Decimal("600000"),
        created_at=first.created_at + dt.timedelta(days=3),
    )
    result = {check.code: check for check in run_checks(second)}["split"]
    assert result.level == "warning"  # "a座" is "A座": the other registration was found
    sql = _split_sql(second)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM projects_project "
                "WHERE builder_id = %s AND LOWER(address) = LOWER(%s)",
                [second.builder_id, "和平里东街a座"],
            )
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "project_builder_address_ci" in plan, plan
    assert 'LOWER("projects_project"."address")' in sql


COUNT_OF_A_COLUMN = re.compile(r'COUNT\("\w+"\."(id|pk)"\)')


@pytest.mark.parametrize("persona", ["district_admin", "street_a_officer"])
def test_dashboard_and_bulletin_counts_count_rows_not_ids(world, persona):
    """COUNT(*) / COUNT(1) FILTER: PostgreSQL can answer them from a covering index, which holds no row id."""
    from minorworks.bulletins import domain, ranking
    from minorworks.core.indicators import registered

    ProjectFactory.create_batch(3, street=world.street_a, status=Status.IN_PROGRESS)
    with CaptureQueriesContext(connection) as page:
        assert client_for(world, persona).get("/").status_code == 200
    start, end = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
    items = ranking.items_of([{"code": code, "weight": 1} for code in registered()])
    with CaptureQueriesContext(connection) as bulletin:
        rows = ranking.compute(world.district_admin.district_id, start, end, items)
    assert rows and domain  # the ranking ran (every indicator)
    counted = [q["sql"] for q in [*page.captured_queries, *bulletin.captured_queries] if "COUNT(" in q["sql"]]
    assert len(counted) >= 5
    assert [sql for sql in counted if COUNT_OF_A_COLUMN.search(sql)] == []
