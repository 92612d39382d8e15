"""The sites map: layers scoped like every list, sites near a point, bad input refused; chart links."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minorworks.projects.models import Status

from .conftest import client_for
from .factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _site(street, community, status, lat, lng):
    return ProjectFactory(
        street=street, community=community, status=status, latitude=Decimal(lat), longitude=Decimal(lng)
    )


def test_layers_are_scoped_and_near_me_finds_the_nearest(world, django_assert_num_queries):
    a = _site(world.street_a, world.community_a, Status.IN_PROGRESS, "39.9500", "116.4100")
    b = _site(world.street_b, world.community_b, Status.STOPPED, "39.8900", "116.4200")
    _site(world.street_a, world.community_a, Status.DRAFT, "39.9501", "116.4101")  # not active: not drawn
    street = client_for(world, "street_a_officer")
    # session, user, 3 project layers, leads, density (1; a second once it has sites), residents' reports
    with django_assert_num_queries(8):
        layers = street.get("/map/points.json").json()["layers"]
    assert [p["url"] for p in layers["active"]["points"]] == [f"/projects/{a.pk}/"]
    assert layers["stopped"]["points"] == []  # street B's stopped site is not street A's
    district = client_for(world, "district_admin").get("/map/points.json").json()["layers"]
    assert [p["url"] for p in district["stopped"]["points"]] == [f"/projects/{b.pk}/"]
    near = street.get("/map/near.json?lat=39.9505&lng=116.4102").json()["sites"]
    assert [s["number"] for s in near] == [a.number] and near[0]["km"] < 0.1
    assert street.get("/map/near.json?lat=north&lng=1").status_code == 400
    assert street.get("/map/near.json?lat=100&lng=1").status_code == 400
    assert client_for(world, "builder").get("/map/").status_code == 403


def test_every_card_and_chart_point_links_to_a_list(world):
    ProjectFactory(street=world.street_a, status=Status.SUBMITTED)
    response = client_for(world, "district_admin").get("/")
    html = response.content.decode()
    assert 'href="/projects/?status=submitted"' in html and 'href="/projects/?overdue=true"' in html
    charts = response.context["charts"]
    for series in charts["trends"]["series"] + charts["hazards"]["series"]:
        assert len(series["links"]) == len(series["data"]) and all(
            link.startswith("/") for link in series["links"]
        )
    assert 'data-testid="live-ranking-table"' in html and html.count('<details class="chart-table') >= 4
