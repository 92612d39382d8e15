"""The registry walked as its users walk it, in real Chromium:

the builder registers and submits; the officer of another street cannot see it; the right street officer
(on a phone) returns it with a reason; the builder corrects and resubmits; the officer accepts; the builder
acknowledges the notice; the public QR page shows the project without personal data.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from minorworks.core.models import AuditEntry
from minorworks.core.reference import load_all
from minorworks.core.roles import Role
from minorworks.orgs.models import Region
from minorworks.projects.models import Project, Status

from ..factories import EnterpriseFactory, UserFactory
from .test_foundation_browser import PASSWORD, watch_errors

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
STREET_A = "110101010"  # 和平里街道
STREET_B = "110101015"  # 体育馆路街道
MANAGER_PHONE = "13911112222"
PROJECT_NAME = "和平里东街12号院屋面防水修缮工程"


def sign_in(page: Page, base: str, username: str) -> None:
    """Sign in through the login form."""
    page.goto(base + "/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("[data-testid=login-submit]").click()
    expect(page.locator("[data-testid=dashboard-title]")).to_be_visible()


def act(page: Page, action: str, **fields: str) -> None:
    """Press a workflow action on the detail page, filling its form first when it has one."""
    box = page.locator(f"details[data-action={action}]")
    if box.count():
        box.locator("summary").click()
        for name, value in fields.items():
            box.locator(f"[name$={name}]").fill(value)
    page.locator(f"[data-submit={action}]").click()


def test_registration_review_notice_and_public_page(live_server, new_page, artifacts):
    load_all()
    street_a = Region.objects.get(code=STREET_A)
    street_b = Region.objects.get(code=STREET_B)
    company = EnterpriseFactory(name="北京京华建筑工程有限公司", kinds=["builder", "contractor"])
    UserFactory(username="builder", role=Role.BUILDER, enterprise=company)
    UserFactory(username="street-a", role=Role.STREET_OFFICER, district=street_a.parent, street=street_a)
    UserFactory(username="street-b", role=Role.STREET_OFFICER, district=street_b.parent, street=street_b)
    base = live_server.url
    start = timezone.localdate() + dt.timedelta(days=14)

    # 1. The builder registers a draft on its portal and submits it.
    builder = new_page()
    errors = watch_errors(builder)
    sign_in(builder, base, "builder")
    builder.goto(base + "/projects/new/")
    builder.locator("#id_name").fill(PROJECT_NAME)
    builder.locator("#id_project_type").select_option("building")
    builder.locator("#id_street").select_option(STREET_A)
    expect(builder.locator("#id_community option")).not_to_have_count(1)  # htmx loaded the communities
    builder.locator("#id_community").select_option(index=1)
    builder.locator("#id_address").fill("北京市东城区和平里东街12号")
    builder.locator("#id_latitude").fill("39.955100")
    builder.locator("#id_longitude").fill("116.415200")
    builder.locator("#id_investment").fill("450000")
    builder.locator("#id_floor_area").fill("180")
    builder.locator("#id_planned_start").fill(start.isoformat())
    builder.locator("#id_planned_end").fill((start + dt.timedelta(days=45)).isoformat())
    builder.locator("#id_content").fill("屋面防水层铲除重做，女儿墙修补，雨水管更换。")
    builder.locator("#id_contractor_name").fill("北京恒达建筑工程有限公司")
    builder.locator("#id_contractor_credit_code").fill("91110101MA01234567")
    builder.locator("#id_qualification_number").fill("D211012345")
    builder.locator("#id_qualification_expires").fill((start + dt.timedelta(days=700)).isoformat())
    builder.locator("#id_safety_licence_number").fill("(京)JZ安许证字[2024]012345")
    builder.locator("#id_safety_licence_expires").fill((start + dt.timedelta(days=700)).isoformat())
    builder.locator("#id_site_manager_name").fill("王建国")
    builder.locator("#id_site_manager_phone").fill(MANAGER_PHONE)
    builder.locator("[data-testid=save-draft]").click()
    expect(builder.locator(".alert-danger")).to_have_count(0)
    project = Project.objects.get(name=PROJECT_NAME)
    assert project.status == Status.DRAFT
    # The contract is uploaded on the edit page; its type is checked by content.
    builder.goto(f"{base}/projects/{project.pk}/edit/")
    upload = builder.locator("form[action$='/attachments/']")
    upload.locator("[name=kind]").select_option("contract")
    upload.locator("[name=file]").set_input_files(
        files=[
            {
                "name": "施工合同.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
            }
        ]
    )
    upload.locator("button").click()
    builder.goto(f"{base}/projects/{project.pk}/")
    act(builder, "submit")
    expect(builder.locator("[data-testid=project-status]")).to_have_attribute("data-status", "submitted")

    # 2. The officer of another street cannot see it.
    other = new_page()
    sign_in(other, base, "street-b")
    response = other.goto(f"{base}/projects/{project.pk}/")
    assert response is not None and response.status == 404
    other.goto(base + "/projects/")
    expect(other.get_by_text(PROJECT_NAME)).to_have_count(0)

    # 3. The right street officer, on a phone, returns it with a reason.
    officer = new_page(viewport=PHONE)
    officer_errors = watch_errors(officer)
    sign_in(officer, base, "street-a")
    officer.goto(base + "/projects/")
    officer.get_by_role("link", name=project.number).click()
    expect(officer).to_have_url(re.compile(rf"/projects/{project.pk}/$"))
    act(officer, "return", reason="施工合同缺少甲方盖章页，请补充后重新提交。")
    expect(officer.locator("[data-testid=project-status]")).to_have_attribute("data-status", "returned")
    assert officer.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    officer.screenshot(path=str(artifacts / "registry-officer-returned-375.png"), full_page=True)

    # 4. The builder sees the reason, corrects and resubmits.
    builder.goto(f"{base}/projects/{project.pk}/")
    expect(builder.locator("[data-testid=review-note]")).to_contain_text("甲方盖章页")
    builder.goto(f"{base}/projects/{project.pk}/edit/")
    builder.locator("#id_content").fill("屋面防水层铲除重做，女儿墙修补，雨水管更换。合同已补充盖章页。")
    builder.locator("[data-testid=save-draft]").click()
    builder.goto(f"{base}/projects/{project.pk}/")
    act(builder, "submit")
    expect(builder.locator("[data-testid=project-status]")).to_have_attribute("data-status", "submitted")

    # 5. The officer accepts: the notice is issued.
    officer.goto(f"{base}/projects/{project.pk}/")
    act(officer, "accept")
    expect(officer.locator("[data-testid=project-status]")).to_have_attribute("data-status", "accepted")
    expect(officer.locator("[data-testid=notice-number]")).not_to_be_empty()

    # 6. The builder acknowledges the notice in the portal; it counts only once the contractor (another
    #    unit here) has acknowledged too.
    builder.goto(f"{base}/projects/{project.pk}/")
    act(builder, "acknowledge_notice")
    expect(builder.locator("[data-testid=notice-acknowledged]")).to_have_attribute("data-acknowledged", "0")
    project.refresh_from_db()
    UserFactory(username="contractor", role=Role.BUILDER, enterprise=project.contractor)
    contractor = new_page(viewport=PHONE)
    sign_in(contractor, base, "contractor")
    contractor.goto(f"{base}/projects/{project.pk}/")
    act(contractor, "acknowledge_notice")
    expect(contractor.locator("[data-testid=notice-acknowledged]")).to_have_attribute(
        "data-acknowledged", "1"
    )
    builder.reload()
    expect(builder.locator("[data-testid=notice-acknowledged]")).to_have_attribute("data-acknowledged", "1")
    builder.screenshot(path=str(artifacts / "registry-builder-acknowledged.png"), full_page=True)

    # 7. The public page behind the QR code shows the project and no personal data.
    project.refresh_from_db()
    resident = new_page(viewport=PHONE)
    resident.goto(f"{base}/p/{project.public_id}/")
    body = resident.locator("body").inner_text()
    assert PROJECT_NAME in body
    assert MANAGER_PHONE not in body
    assert "139****2222" in body
    assert "王建国" not in body
    resident.screenshot(path=str(artifacts / "registry-public-375.png"), full_page=True)

    # The database afterwards: one audit row per step, the notice acknowledged by the builder's user.
    actions = list(
        AuditEntry.objects.filter(object_type="projects.project", object_id=str(project.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    for action in ("submit", "return", "accept", "acknowledge_notice"):
        assert action in actions, actions
    assert actions.count("submit") == 2
    assert project.notice.builder_ack_at is not None
    assert errors == [] and officer_errors == []
