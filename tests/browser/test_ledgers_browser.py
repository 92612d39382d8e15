"""Ledgers in real Chromium: cards on a 375-px phone and a table at a desk; an import whose job page is
polled with htmx until the background job has finished."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from minorworks.core.reference import load_all
from minorworks.core.roles import Role
from minorworks.ledgers.models import ImportJob
from minorworks.orgs.models import Region
from minorworks.projects.models import Status

from ..factories import PersonFactory, ProjectFactory, UserFactory
from .test_foundation_browser import watch_errors
from .test_registry_browser import PHONE, STREET_A, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def officer(db):
    load_all()
    street = Region.objects.get(code=STREET_A)
    user = UserFactory(username="street-a", role=Role.STREET_OFFICER, district=street.parent, street=street)
    for n in range(50):
        ProjectFactory(
            name=f"和平里东街{n}号院外墙修缮工程",
            street=street,
            status=Status.IN_PROGRESS,
            site_manager=PersonFactory(),
            responsible_officer=user,
        )
    return user


def test_ledger_is_cards_on_a_phone_and_a_table_at_a_desk(live_server, new_page, artifacts, officer):
    phone = new_page(viewport=PHONE)
    errors = watch_errors(phone)
    sign_in(phone, live_server.url, "street-a")
    phone.goto(live_server.url + "/ledgers/below-quota/")
    cards = phone.locator("[data-testid=ledger-cards] > li")
    expect(cards.first).to_be_visible()
    assert cards.count() == 50
    expect(phone.locator("[data-testid=ledger-table]")).to_be_hidden()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the phone
    height = phone.evaluate("document.documentElement.scrollHeight")
    phone.screenshot(path=str(artifacts / "ledger-below-quota-375.png"), full_page=True)
    # The 9-column table made this page 10,806 px tall for 50 rows; the links to the other ledgers (six with
    # the reports ledger) take a few lines above the cards.
    assert height < 8_500
    assert errors == []

    desk = new_page()
    sign_in(desk, live_server.url, "street-a")
    desk.goto(live_server.url + "/ledgers/below-quota/")
    expect(desk.locator("[data-testid=ledger-table]")).to_be_visible()
    expect(desk.locator("[data-testid=ledger-cards]")).to_be_hidden()
    desk.screenshot(path=str(artifacts / "ledger-below-quota-1280.png"))


def test_import_job_page_polls_until_the_job_is_done(live_server, new_page, artifacts, officer):
    job = ImportJob.objects.create(
        created_by=officer, original_name="工程.xlsx", size=1, status="running", phase="checking", progress=40
    )
    page = new_page(viewport=PHONE)
    errors = watch_errors(page)
    sign_in(page, live_server.url, "street-a")
    page.goto(f"{live_server.url}/ledgers/import/{job.pk}/")
    expect(page.locator("[data-testid=import-status]")).to_have_attribute("data-status", "running")
    ImportJob.objects.filter(pk=job.pk).update(
        status="done", created_numbers=["DC2026000001", "DC2026000002"]
    )
    expect(page.locator("[data-testid=import-done]")).to_be_visible(timeout=5_000)  # htmx fetched the outcome
    expect(page.locator("[data-testid=import-done]")).to_contain_text("已导入 2 个工程")
    page.screenshot(path=str(artifacts / "import-job-375.png"), full_page=True)
    assert errors == []
