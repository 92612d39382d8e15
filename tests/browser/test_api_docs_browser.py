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
