"""The inbox on a phone, in real Chromium: a return by the street reaches the builder's bell; the builder
opens it, lands on the project and the badge is gone; the channel page holds at 375 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from minorworks.core.reference import load_all
from minorworks.core.roles import Role
from minorworks.orgs.models import Region
from minorworks.projects.models import Status
from minorworks.review import workflow

from ..factories import EnterpriseFactory, ProjectFactory, UserFactory
from .test_foundation_browser import PHONE, no_horizontal_overflow, watch_errors
from .test_registry_browser import sign_in

pytestmark = pytest.mark.browser
STREET_A = "110101010"


def test_builder_reads_a_return_notice_on_a_phone(live_server, transactional_db, new_page, artifacts):
    load_all()
    street = Region.objects.get(code=STREET_A)
    company = EnterpriseFactory(name="北京京华建筑工程有限公司", kinds=["builder", "contractor"])
    UserFactory(username="builder", role=Role.BUILDER, enterprise=company)
    officer = UserFactory(
        username="street-a", role=Role.STREET_OFFICER, district=street.parent, street=street
    )
    project = ProjectFactory(
        street=street,
        community=street.children.order_by("sort").first(),
        builder=company,
        contractor=company,
        status=Status.SUBMITTED,
    )
    workflow.perform("return", project, actor=officer, reason="缺少施工合同，请补充上传")

    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    errors = watch_errors(page)
    sign_in(page, live_server.url, "builder")
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    no_horizontal_overflow(page)
    page.get_by_test_id("inbox-link").click()
    card = page.locator("[data-notification]")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(f"登记 {project.number} 已退回补正")
    expect(card).to_contain_text("缺少施工合同")
    no_horizontal_overflow(page)
    page.screenshot(path=artifacts / "notifications-inbox-375.png", full_page=True)

    card.get_by_test_id("open").click()
    expect(page).to_have_url(f"{live_server.url}/projects/{project.pk}/")
    expect(page.get_by_test_id("unread-count")).to_have_count(0)

    page.goto(live_server.url + "/notifications/channels/")
    no_horizontal_overflow(page)
    page.locator("#id_email").uncheck()
    page.get_by_test_id("save-channels").click()
    expect(page.locator("#id_email")).not_to_be_checked()
    expect(page.locator("#id_webhook")).to_be_checked()
    page.screenshot(path=artifacts / "notifications-channels-375.png", full_page=True)
    assert errors == []
