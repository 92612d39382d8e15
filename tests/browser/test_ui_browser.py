"""A newcomer's stumbles, checked in Chromium at 375 px and 1280 px (issue 6 §8).

Lists are cards on a phone and tables at a desk, with no sideways scrolling; the status filter is checkboxes;
error pages are styled and in the user's language; the map picker fills the coordinates with tiles, with the
grid alone, from the browser's location, and the inputs still work without JavaScript. Screenshots go to
test-artifacts/ (named ui-*.png).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from minorworks.core.reference import load_all
from minorworks.core.roles import Role
from minorworks.leads.models import Lead
from minorworks.orgs.models import Region
from minorworks.projects.models import Status

from ..factories import EnterpriseFactory, ProjectFactory, UserFactory
from .test_foundation_browser import PASSWORD, watch_errors

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESK = {"width": 1280, "height": 900}
STREET_A = "110101010"  # 和平里街道
ROWS = 50
PER_CARD = 170  # px: a card of the project list on a phone is about 140 px high; the table was 220 px per row


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("[data-testid=login-submit]").click()
    expect(page.locator("[data-testid=dashboard-title]")).to_be_visible()


def no_sideways_scroll(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def navbar_on_one_row(page: Page) -> None:
    """The brand, the language button and the user menu share one line."""
    tops = page.evaluate(
        "[...document.querySelectorAll('.navbar .navbar-brand, .navbar [data-testid=lang-switch], "
        ".navbar .dropdown-toggle')].map(e => Math.round(e.getBoundingClientRect().top + e.offsetHeight / 2))"
    )
    assert len(tops) == 3 and max(tops) - min(tops) <= 4, tops
    assert page.locator("nav.navbar").bounding_box()["height"] <= 64


@pytest.fixture
def lists(db):
    """A street officer, a builder, 50 projects in the officer's street and 30 leads."""
    load_all()
    street = Region.objects.get(code=STREET_A)
    community = street.children.order_by("sort").first()
    UserFactory(username="street-a", role=Role.STREET_OFFICER, district=street.parent, street=street)
    UserFactory(username="builder", role=Role.BUILDER, enterprise=EnterpriseFactory(kinds=["builder"]))
    statuses = [Status.IN_PROGRESS, Status.STOPPED, Status.ACCEPTED, Status.COMPLETED, Status.SUBMITTED]
    builder = EnterpriseFactory(name="北京市东城区园林绿化工程有限责任公司第三分公司", kinds=["builder"])
    for i in range(ROWS):
        ProjectFactory(
            street=street,
            community=community,
            status=statuses[i % len(statuses)],
            builder=builder,
            name=f"和平里东街{i}号院老旧小区综合整治及屋面防水修缮工程",
            investment=Decimal(650000 + i * 1000),
        )
    for i in range(30):
        Lead.objects.create(
            district=street.parent,
            street=street,
            community=community,
            address=f"北京市东城区和平里北街{i}号院内",
            state=Lead.State.REGISTERED if i % 3 else Lead.State.OPEN,
            found_at=timezone.now() - dt.timedelta(days=i),
        )
    return street


def test_project_list_is_cards_on_a_phone_and_a_table_at_a_desk(live_server, new_page, artifacts, lists):
    base = live_server.url
    phone = new_page(viewport=PHONE)
    errors = watch_errors(phone)
    sign_in(phone, base, "street-a")
    phone.goto(base + "/projects/")
    rows = phone.locator("[data-testid=project-row]")
    expect(rows).to_have_count(25)
    no_sideways_scroll(phone, PHONE["width"])
    navbar_on_one_row(phone)
    expect(phone.locator("[data-testid=project-table] thead")).to_be_hidden()
    card = rows.first
    assert card.bounding_box()["width"] <= PHONE["width"]
    # Each figure is labelled (a CSS label, so read as the screen reader reads it), with a full-width colon
    # and thousands separators in Chinese too.
    seen = card.aria_snapshot()
    assert re.search(r"投资额（元）：\d{3},\d{3}", seen), seen
    assert re.search(r"计划工期：\d{4}-\d\d-\d\d 至 \d{4}-\d\d-\d\d", seen), seen
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height <= 25 * PER_CARD + 700, height
    phone.screenshot(path=str(artifacts / "ui-projects-375.png"), full_page=True)

    desk = new_page(viewport=DESK)
    sign_in(desk, base, "street-a")
    desk.goto(base + "/projects/?page=2")
    expect(desk.locator("[data-testid=project-table] thead")).to_be_visible()
    expect(desk.locator("[data-testid=project-row]")).to_have_count(ROWS - 25)
    no_sideways_scroll(desk, DESK["width"])
    desk.screenshot(path=str(artifacts / "ui-projects-1280.png"), full_page=True)
    assert errors == []


def test_status_filter_is_checkboxes_a_phone_can_use(live_server, new_page, artifacts, lists):
    base = live_server.url
    phone = new_page(viewport=PHONE)
    sign_in(phone, base, "street-a")
    phone.goto(base + "/projects/")
    # The Chinese web font may swap in after the first paint and move the check boxes under a click.
    phone.wait_for_function("document.fonts.status === 'loaded'")
    phone.get_by_role("button", name="筛选").first.click()
    status = phone.locator("[data-multi-choice=status]")
    expect(status.locator("summary")).to_have_text("全部")
    status.locator("summary").click()
    phone.wait_for_function("document.fonts.status === 'loaded'")
    phone.get_by_label("在施").check()
    phone.get_by_label("停工", exact=True).check()
    phone.screenshot(path=str(artifacts / "ui-status-filter-375.png"))
    sort = phone.locator("#id_ordering")
    assert "按登记时间（新→旧）" in sort.inner_text()
    assert "descending" not in sort.inner_text() and "降序" not in sort.inner_text()
    phone.locator("#project-filters button.btn-primary").click()
    expect(phone).to_have_url(re.compile(r"status=in_progress&status=stopped"))
    expect(phone.locator("[data-testid=project-row]")).to_have_count(20)  # 10 in progress + 10 stopped
    assert "在施、停工" in phone.locator("[data-multi-choice=status] summary").aria_snapshot()


def test_lead_list_shows_states_in_words(live_server, new_page, artifacts, lists):
    base = live_server.url
    for viewport, name in ((PHONE, "375"), (DESK, "1280")):
        page = new_page(viewport=viewport)
        errors = watch_errors(page)
        sign_in(page, base, "street-a")
        page.goto(base + "/projects/leads/")
        expect(page.locator("[data-testid=lead-row]")).to_have_count(25)
        no_sideways_scroll(page, viewport["width"])
        states = page.locator("[data-testid=lead-row] [data-state=registered]")
        expect(states.first).to_have_text("已登记")  # not 登记时间, the sort key's word
        expect(page.locator("[data-testid=lead-row] [data-state=open]").first).to_have_text("待处置")
        page.screenshot(path=str(artifacts / f"ui-leads-{name}.png"), full_page=True)
        assert errors == []
    desk = page
    desk.goto(base + "/ledgers/")
    expect(
        desk.locator("main a.btn", has_text="打开").first
    ).to_be_visible()  # the ledger button: 打开, not 待处置


@pytest.mark.parametrize(
    ("locale", "title_404", "title_403"),
    [("zh-CN", "页面不存在", "您无权访问此页面"), ("en-US", "Page not found", "You may not open this page")],
)
def test_error_pages_in_the_shell_with_a_way_back(
    live_server, new_page, artifacts, lists, locale, title_404, title_403
):
    base = live_server.url
    for viewport, name in ((PHONE, "375"), (DESK, "1280")):
        page = new_page(viewport=viewport, locale=locale)
        errors = watch_errors(page)
        response = page.goto(base + "/no-such-page/")
        assert response.status == 404
        expect(page.locator("[data-testid=error-page] h1")).to_have_text(title_404)
        expect(page.locator("[data-testid=error-login]")).to_be_visible()  # anonymous: sign in
        no_sideways_scroll(page, viewport["width"])
        page.screenshot(path=str(artifacts / f"ui-404-{locale}-{name}.png"), full_page=True)
        sign_in(page, base, "builder")
        response = page.goto(base + "/projects/scope-rules/")
        assert response.status == 403
        expect(page.locator("[data-testid=error-page] h1")).to_have_text(title_403)
        no_sideways_scroll(page, viewport["width"])
        navbar_on_one_row(page)  # in English too: the title gives way, the buttons keep one line
        page.screenshot(path=str(artifacts / f"ui-403-{locale}-{name}.png"), full_page=True)
        page.locator("[data-testid=error-home]").click()
        expect(page.locator("[data-testid=dashboard-title]")).to_be_visible()
        # The browser reports the error status of the page itself; nothing else may fail (CSP, scripts).
        assert [e for e in errors if "status of 404" not in e and "status of 403" not in e] == []


def _open_registration(page: Page, base: str) -> None:
    sign_in(page, base, "builder")
    page.goto(base + "/projects/new/")


def test_map_picker_without_tiles_fills_the_coordinates(live_server, new_page, artifacts, lists, settings):
    settings.MAP_TILE_URL = ""
    base = live_server.url
    for viewport, name in ((PHONE, "375"), (DESK, "1280")):
        page = new_page(viewport=viewport)
        errors = watch_errors(page)
        _open_registration(page, base)
        picker = page.locator("[data-testid=map-picker]")
        expect(picker).to_be_visible()
        expect(picker).to_contain_text("未配置地图底图")
        assert picker.locator("canvas").count() > 0  # the coordinate grid
        no_sideways_scroll(page, viewport["width"])
        picker.locator(".map-picker-canvas").click(position={"x": 60, "y": 60})
        lat, lng = (
            float(page.locator("#id_latitude").input_value()),
            float(page.locator("#id_longitude").input_value()),
        )
        assert 39.85 < lat < 40.0 and 116.3 < lng < 116.5, (lat, lng)
        expect(picker.locator(".map-pin")).to_be_visible()
        # Typing coordinates moves the pin there.
        page.locator("#id_latitude").fill("39.955100")
        page.locator("#id_longitude").fill("116.415200")
        page.locator("#id_longitude").press("Tab")
        pin = picker.locator(".map-pin").bounding_box()
        canvas = picker.locator(".map-picker-canvas").bounding_box()
        assert abs(pin["x"] + pin["width"] / 2 - (canvas["x"] + canvas["width"] / 2)) < 4
        picker.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"ui-map-grid-{name}.png"), full_page=True)
        assert errors == []


def test_map_picker_with_tiles_and_with_the_browser_location(
    live_server, new_page, artifacts, lists, settings
):
    # Tiles from the live server itself (the network is closed): any image per {z}/{x}/{y} will do.
    settings.MAP_TILE_URL = live_server.url + "/static/vendor/leaflet/images/layers.png?z={z}&x={x}&y={y}"
    settings.MAP_TILE_ATTRIBUTION = "测试底图 <b>©</b>"
    page = new_page(
        viewport=PHONE, geolocation={"latitude": 39.9512, "longitude": 116.4105}, permissions=["geolocation"]
    )
    errors = watch_errors(page)
    _open_registration(page, live_server.url)
    picker = page.locator("[data-testid=map-picker]")
    expect(picker.locator("img.leaflet-tile-loaded").first).to_be_attached()
    expect(picker.locator(".leaflet-control-attribution")).to_have_text(
        "测试底图 <b>©</b>"
    )  # text, not markup
    page.get_by_role("button", name="使用我的位置").click()
    expect(page.locator("#id_latitude")).to_have_value("39.951200")
    expect(page.locator("#id_longitude")).to_have_value("116.410500")
    expect(picker.locator(".map-pin")).to_be_visible()
    page.screenshot(path=str(artifacts / "ui-map-tiles-375.png"), full_page=True)
    assert errors == []


def test_without_javascript_the_coordinates_are_plain_inputs(live_server, new_page, artifacts, lists):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    _open_registration(page, live_server.url)
    expect(page.locator("[data-testid=map-picker]")).to_be_hidden()
    page.locator("#id_latitude").fill("39.955100")
    expect(page.locator("#id_latitude")).to_have_value("39.955100")
    expect(page.locator("#id_longitude")).to_be_editable()
