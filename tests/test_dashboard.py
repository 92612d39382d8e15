"""Dashboards: counts per scope, a constant number of queries whatever the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minorworks.projects.models import Status

from .conftest import client_for
from .factories import ProjectFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize(
    "persona", ["district_admin", "street_a_officer", "dept_officer", "grid_worker", "builder"]
)
@pytest.mark.parametrize("url", ["/", "/projects/"])
def test_query_count_is_constant(world, persona, url):
    client = client_for(world, persona)
    ProjectFactory(street=world.street_a, community=world.community_a, builder=world.builder.enterprise)
    few, _ = queries_for(client, url)
    for _ in range(15):
        ProjectFactory(street=world.street_a, community=world.community_a, builder=world.builder.enterprise)
    many, _ = queries_for(client, url)
    assert few == many
    assert many == PINNED[(persona, url)]


# The dashboard computes its charts on each request in the tests (DASHBOARD_CACHE_SECONDS = 0): the trends
# (a range count per month and series: 36, each read from an index), hazard status (2), the latest bulletin and the street's trend; the district's live
# ranking adds one grouped query per indicator of its scheme (cached for minutes in production).
PINNED = {
    ("district_admin", "/"): 56,
    ("street_a_officer", "/"): 46,
    ("dept_officer", "/"): 43,
    ("grid_worker", "/"): 46,
    ("builder", "/"): 43,
    ("district_admin", "/projects/"): 8,
    ("street_a_officer", "/projects/"): 8,
    ("dept_officer", "/projects/"): 8,
    ("grid_worker", "/projects/"): 8,
    ("builder", "/projects/"): 8,
}


def test_street_dashboard_counts_only_its_street(world):
    ProjectFactory.create_batch(3, street=world.street_a, status=Status.SUBMITTED)
    ProjectFactory.create_batch(2, street=world.street_b, status=Status.SUBMITTED)
    _, response = queries_for(client_for(world, "street_a_officer"), "/")
    assert response.context["counts"]["awaiting_review"] == 3
    _, response = queries_for(client_for(world, "street_b_officer"), "/")
    assert response.context["counts"]["awaiting_review"] == 2
    _, response = queries_for(client_for(world, "district_admin"), "/")
    assert response.context["counts"]["awaiting_review"] == 5
    assert {row["street__name"] for row in response.context["streets"]} == {"和平里街道", "体育馆路街道"}


def test_department_sees_its_sectors_only(world, project_a):
    ProjectFactory(street=world.street_b)  # fit-out: not the greening bureau's sector
    _, response = queries_for(client_for(world, "dept_officer"), "/")
    assert response.context["counts"]["total"] == 1
