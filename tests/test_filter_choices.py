"""The streets and communities a project filter offers are the user's own scope, on the list page, in the
ledgers and in the API (a city holds ~340 streets: a district's page offered all of them)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from minorworks.accounts.tokens import issue_token
from minorworks.orgs.models import Region

from .conftest import STREET_A, STREET_B, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def xicheng(world):
    """A second district of the city with one street and one community."""
    district = Region.objects.create(
        code="110102", name="西城区", level=Region.Level.DISTRICT, parent=world.district.parent
    )
    street = Region.objects.create(
        code="110102001", name="西长安街街道", level=Region.Level.STREET, parent=district
    )
    Region.objects.create(code="110102001001", name="府右街社区", level=Region.Level.COMMUNITY, parent=street)
    return street


def _options(html: str, name: str) -> set[str]:
    select = re.search(rf'<select[^>]* name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return set(re.findall(r'<option value="([^"]+)"', select.group(1)))


@pytest.mark.parametrize("url", ["/projects/", "/ledgers/below-quota/", "/ledgers/hazards/"])
def test_a_district_administrator_is_offered_the_district_streets_only(world, xicheng, url):
    html = client_for(world, "district_admin").get(url).content.decode()
    streets = _options(html, "street")
    assert {STREET_A, STREET_B} <= streets and xicheng.code not in streets
    assert "110102001001" not in _options(html, "community")


@pytest.mark.parametrize("url", ["/projects/", "/ledgers/below-quota/"])
def test_a_street_officer_is_offered_their_street_only(world, xicheng, url):
    html = client_for(world, "street_a_officer").get(url).content.decode()
    assert _options(html, "street") == {STREET_A}
    communities = _options(html, "community")
    assert world.community_a.code in communities and world.community_b.code not in communities


def test_the_api_names_a_street_outside_the_scope_as_a_bad_filter(world, xicheng):
    token = issue_token(world.district_admin)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/projects", {"street": STREET_A}).status_code == 200
    response = api.get("/api/v1/projects", {"street": xicheng.code})
    assert response.status_code == 400
    assert [d["field"] for d in response.json()["detail"]] == ["street"]
