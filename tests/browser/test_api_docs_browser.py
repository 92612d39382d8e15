"""The API documentation page renders in Chromium under our CSP, from our own static files."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_foundation_browser import watch_errors

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_swagger_ui_renders_from_local_files(live_server, new_page, artifacts):
    page = new_page()
    errors = watch_errors(page)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + "/api/v1/docs")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/auth/token").first).to_be_visible()
    expect(page.locator(".info .title")).to_contain_text("minorworks API")
    page.screenshot(path=str(artifacts / "api-docs.png"), full_page=False)
    assert errors == []
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requested), requested


def test_bad_input_page_names_the_field_on_a_phone(live_server, transactional_db, new_page, artifacts):
    from .test_foundation_browser import PHONE, no_horizontal_overflow, seed_streets, sign_in

    seed_streets()
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    errors = watch_errors(page)
    sign_in(page, live_server.url)
    page.goto(live_server.url + "/projects/")
    page.goto(live_server.url + "/projects/?project_type=%00", referer=live_server.url + "/projects/")
    expect(page.get_by_test_id("bad-input")).to_contain_text("project_type")
    expect(page.get_by_test_id("bad-input")).to_contain_text("空字符")
    expect(page.get_by_test_id("go-back")).to_be_visible()
    no_horizontal_overflow(page)
    page.screenshot(path=str(artifacts / "bad-input-phone-zh.png"), full_page=True)
    page.get_by_test_id("go-back").click()
    expect(page).to_have_url(live_server.url + "/projects/")
    assert [e for e in errors if "400" not in e] == []
