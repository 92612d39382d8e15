"""The district dashboard's charts and map render (desktop and 375 px), a click on a chart element opens the
filtered list, a bulletin is generated, edited, issued, and appears on a street's dashboard."""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from minorworks.core.reference import load_all
from minorworks.core.roles import Role
from minorworks.orgs.models import Region
from minorworks.projects.models import Project

from .. import bulletin_data
from ..conftest import STREET_A, STREET_B
from ..factories import UserFactory
from .test_foundation_browser import PHONE, no_horizontal_overflow, sign_in, watch_errors

pytestmark = pytest.mark.browser


def seed():
    """Reference data, the district administrator, a street officer, the bulletin data set with coordinates."""
    load_all()
    a, b = Region.objects.get(code=STREET_A), Region.objects.get(code=STREET_B)
    district = a.parent
    admin = UserFactory(username="district", role=Role.DISTRICT_ADMIN, district=district)
    UserFactory(username="street-a", role=Role.STREET_OFFICER, district=district, street=a)
    world = SimpleNamespace(
        street_a=a,
        street_b=b,
        community_a=a.children.order_by("sort").first(),
        community_b=b.children.order_by("sort").first(),
        district_admin=admin,
    )
    bulletin_data.build(world)
    for i, project in enumerate(Project.objects.order_by("pk")):
        project.latitude = Decimal("39.9288") + Decimal(i) / 500
        project.longitude = Decimal("116.4164") + Decimal(i % 3) / 400
        project.save(update_fields=["latitude", "longitude"])


def drawn(page) -> None:
    expect(page.locator("canvas.mw-chart[data-drawn='1']").first).to_be_visible()


def test_charts_map_and_a_bulletin_from_draft_to_the_streets(
    live_server, transactional_db, new_page, artifacts
):
    seed()
    base = live_server.url
    page = new_page()
    errors = watch_errors(page)
    sign_in(page, base, "district")
    drawn(page)
    expect(page.get_by_test_id("live-ranking-table")).to_contain_text("和平里街道")
    assert page.locator("canvas.mw-chart[data-drawn='1']").count() == 4
    page.screenshot(path=str(artifacts / "dashboard-district-desktop.png"), full_page=True)

    # a click on the "open" bar of the hazard chart opens the list of open hazards
    point = page.evaluate(
        """() => { const c = document.querySelector('[data-testid=chart-hazards] canvas');
                   const el = c.mwChart.getDatasetMeta(0).data[0]; const r = c.getBoundingClientRect();
                   return {x: r.left + el.x, y: r.top + (el.y + el.base) / 2}; }"""
    )
    page.mouse.click(point["x"], point["y"])
    expect(page).to_have_url(re.compile(r"/inspections/hazards/\?status=open$"))
    expect(page.locator("h1")).to_be_visible()

    # the map: layers drawn on the coordinate grid (no tiles configured)
    page.goto(base + "/map/")
    expect(page.locator("[data-sites-map][data-loaded='1']")).to_be_attached()
    expect(page.get_by_test_id("layer-table").locator("[data-layer='active']")).to_be_visible()
    page.screenshot(path=str(artifacts / "map-district-desktop.png"), full_page=True)

    # a bulletin: generated, edited, issued
    page.goto(base + "/bulletins/")
    page.locator("#id_period_start").fill("2026-10-01")
    page.locator("#id_period_end").fill("2026-10-31")
    page.get_by_test_id("generate").click()
    expect(page.get_by_test_id("bulletin-status")).to_have_text("待印发")
    expect(page.get_by_test_id("ranking-table")).to_contain_text("和平里街道")
    findings = page.locator("#id_findings")
    findings.fill(findings.input_value() + "\n各街道要再接再厉，巩固成效。")
    page.get_by_test_id("save-draft").click()
    expect(page.locator("#id_findings")).to_have_value(re.compile("再接再厉"))
    page.screenshot(path=str(artifacts / "bulletin-draft-desktop.png"), full_page=True)
    page.get_by_test_id("issue").click()
    expect(page.get_by_test_id("bulletin-status")).to_have_text("已印发")
    number = page.get_by_test_id("bulletin-number").inner_text()
    expect(page.get_by_test_id("bulletin-text")).to_contain_text("再接再厉")
    # every figure drills down: the street's hazards of the period
    page.locator("[data-testid=ranking-table] tr[data-street] [data-drill='inspections.count']").first.click()
    expect(page).to_have_url(re.compile(r"/inspections/\?street="))
    assert errors == []

    # the street sees it on its dashboard, on a phone
    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    phone_errors = watch_errors(phone)
    sign_in(phone, base, "street-a")
    expect(phone.get_by_test_id("latest-bulletin")).to_contain_text(number)
    drawn(phone)
    no_horizontal_overflow(phone)
    phone.screenshot(path=str(artifacts / "dashboard-street-phone.png"), full_page=True)
    phone.goto(base + "/map/")
    expect(phone.locator("[data-sites-map][data-loaded='1']")).to_be_attached()
    no_horizontal_overflow(phone)
    phone.screenshot(path=str(artifacts / "map-street-phone.png"), full_page=True)
    assert phone_errors == []

    district_phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(district_phone, base, "district")
    drawn(district_phone)
    no_horizontal_overflow(district_phone)
    district_phone.screenshot(path=str(artifacts / "dashboard-district-phone.png"), full_page=True)
