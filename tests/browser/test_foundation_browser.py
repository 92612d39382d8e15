"""The first browser test: a street officer signs in, sees the street's dashboard, switches language;
and the shell holds at 375 px (no horizontal overflow, the menu opens from the toggler)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from minorworks.core.reference import load_all
from minorworks.core.roles import Role
from minorworks.orgs.models import Region
from minorworks.projects.models import Status

from ..factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-2026"  # UserFactory's password
STREET_A = "110101010"  # 和平里街道
STREET_B = "110101015"  # 体育馆路街道
# What street A holds; street B gets more of everything so a leak would show in the numbers.
STREET_A_PROJECTS = {Status.SUBMITTED: 3, Status.IN_PROGRESS: 2, Status.ACCEPTED: 1, Status.STOPPED: 1}
STREET_B_PROJECTS = {Status.SUBMITTED: 4, Status.IN_PROGRESS: 5, Status.STOPPED: 2, Status.DRAFT: 1}
PHONE = {"width": 375, "height": 812}


def seed_streets() -> None:
    """Reference data, a street officer of 和平里 and projects in two streets."""
    load_all()
    street_a = Region.objects.get(code=STREET_A)
    street_b = Region.objects.get(code=STREET_B)
    UserFactory(username="street-a", role=Role.STREET_OFFICER, district=street_a.parent, street=street_a)
    for street, mix in ((street_a, STREET_A_PROJECTS), (street_b, STREET_B_PROJECTS)):
        community = street.children.order_by("sort").first()
        for status, count in mix.items():
            ProjectFactory.create_batch(count, street=street, community=community, status=status)


def watch_errors(page: Page) -> list[str]:
    """Collect script errors and console errors (CSP violations land there)."""
    errors: list[str] = []

    def on_console(msg) -> None:
        # The browser's own /favicon.ico probe is not the page's doing (no icon is declared yet).
        if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"console: {msg.text} at {msg.location.get('url')}")

    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on("console", on_console)
    return errors


def sign_in(page: Page, base: str, username: str = "street-a") -> None:
    """Open the dashboard, get sent to the login form, and sign in through it (Chinese UI)."""
    page.goto(base + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(base + "/")


def stat(page: Page, icon: str) -> str:
    """The number shown on the dashboard card with ``icon``."""
    return page.locator(f"[data-stat='{icon}']").inner_text().strip()


def assert_street_a_numbers(page: Page) -> None:
    expect(page.locator("[data-stat='building']")).to_have_text(str(sum(STREET_A_PROJECTS.values())))
    assert stat(page, "hourglass-split") == "3"  # awaiting review: submitted only
    assert stat(page, "cone-striped") == "3"  # active: in progress + accepted
    assert stat(page, "sign-stop") == "1"
    assert stat(page, "calendar-x") == "0"
    assert stat(page, "binoculars") == "0"


def no_horizontal_overflow(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide at {PHONE['width']} px"


def test_street_officer_signs_in_sees_street_dashboard_and_switches_language(
    live_server, transactional_db, new_page, artifacts
):
    seed_streets()
    page = new_page()
    errors = watch_errors(page)
    sign_in(page, live_server.url)

    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_test_id("dashboard-title")).to_have_text(re.compile(r"仪表板.*和平里街道"))
    expect(page.get_by_text("登记工程")).to_be_visible()
    assert_street_a_numbers(page)  # 7 of 19: street B's projects are not counted
    page.screenshot(path=artifacts / "foundation-dashboard-desktop-zh.png", full_page=True)

    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("dashboard-title")).to_have_text(re.compile(r"^Dashboard"))
    expect(page.get_by_text("Registered projects")).to_be_visible()
    expect(page.get_by_text("登记工程")).to_have_count(0)
    expect(page.get_by_test_id("lang-switch")).to_have_text("中文")
    assert_street_a_numbers(page)
    page.screenshot(path=artifacts / "foundation-dashboard-desktop-en.png", full_page=True)

    page.reload()  # the choice is kept (language cookie), not just for one response
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_test_id("dashboard-title")).to_have_text(re.compile(r"^仪表板"))
    expect(page.get_by_test_id("lang-switch")).to_have_text("English")
    assert errors == []


def test_phone_layout_has_no_overflow_and_menu_opens(live_server, transactional_db, new_page, artifacts):
    seed_streets()
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    errors = watch_errors(page)

    page.goto(live_server.url + "/accounts/login/")
    no_horizontal_overflow(page)
    page.screenshot(path=artifacts / "foundation-login-375.png", full_page=True)
    sign_in(page, live_server.url)

    assert_street_a_numbers(page)
    no_horizontal_overflow(page)
    sidenav = page.locator("#sidenav")
    projects_link = sidenav.get_by_role("link", name="工程")
    expect(projects_link).to_be_hidden()  # off-canvas below the lg breakpoint
    page.screenshot(path=artifacts / "foundation-dashboard-375.png", full_page=True)

    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    toggler.click()
    expect(sidenav).to_have_class(re.compile(r"\bshow\b"))
    expect(projects_link).to_be_visible()
    page.wait_for_timeout(400)  # let the slide-in transition finish before the picture
    page.screenshot(path=artifacts / "foundation-menu-375.png")
    no_horizontal_overflow(page)

    projects_link.click()
    expect(page).to_have_url(live_server.url + "/projects/")
    expect(page.get_by_test_id("project-table")).to_be_visible()
    no_horizontal_overflow(page)  # on a phone each project is a card, no sideways scrolling
    # CJK text breaks after any character: squeezed columns used to show one character per line.
    # The status badge in a card's corner is as wide as its word and stays on one line.
    narrowest = page.evaluate(
        "Math.min(...Array.from(document.querySelectorAll('[data-testid=project-table] td:not(.cell-corner)'))"
        ".filter(td => getComputedStyle(td).display !== 'none').map(td => td.getBoundingClientRect().width))"
    )
    assert narrowest >= 60, f"a project table cell is only {narrowest:.0f} px wide at 375 px"
    tallest_badge = page.evaluate(
        "Math.max(...Array.from(document.querySelectorAll('[data-testid=project-table] td.cell-corner .badge'),"
        " b => b.getBoundingClientRect().height))"
    )
    assert tallest_badge < 30, f"a status badge wraps ({tallest_badge:.0f} px high)"
    page.screenshot(path=artifacts / "foundation-projects-375.png", full_page=True)
    assert errors == []
