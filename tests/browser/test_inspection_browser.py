"""The rectification loop walked on a 375-px phone in real Chromium (issue 8's acceptance):

a street officer inspects an in-progress project and fails two items (one major) — reloading the page in the
middle and finding the answers still there —, sees the rectification notice, issues the proposed stop order;
the contractor submits proof; the officer verifies and closes the hazards, re-inspects, and the project resumes.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from minorworks.core.reference import load_all
from minorworks.core.roles import Role
from minorworks.inspections.models import Hazard, Inspection
from minorworks.notices.models import Notice
from minorworks.orgs.models import Region
from minorworks.projects.models import Status
from minorworks.stoporders.models import StopOrder

from ..factories import EnterpriseFactory, ProjectFactory, UserFactory
from .test_foundation_browser import PASSWORD

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("[data-testid=login-submit]").click()
    expect(page.locator("[data-testid=dashboard-title]")).to_be_visible()


def answer(page: Page, code: str, value: str) -> None:
    """Go forward through the sections until item ``code`` shows, then press its answer."""
    item = page.locator(f"[data-item={code}]")
    while not item.is_visible():
        page.locator("[data-next]").click()
    item.locator(f"label[for=id_{code}-answer_{ {'pass': 0, 'fail': 1, 'na': 2}[value] }]").click()


def act(page: Page, action: str, **fields: str) -> None:
    box = page.locator(f"details[data-action={action}]")
    if box.count():
        box.locator("summary").click()
        for name, value in fields.items():
            target = box.locator(f"[name$={name}]")
            if target.get_attribute("type") == "checkbox":
                target.check()
            else:
                target.fill(value)
    page.locator(f"[data-submit={action}]").click()


def test_inspect_stop_rectify_verify_resume(live_server, new_page, artifacts):
    load_all()
    street = Region.objects.get(code="110101010")
    UserFactory(username="officer", role=Role.STREET_OFFICER, district=street.parent, street=street)
    builder_co = EnterpriseFactory(name="北京京华置业有限公司", kinds=["builder"])
    contractor_co = EnterpriseFactory(name="北京恒达建筑工程有限公司", kinds=["contractor"])
    UserFactory(username="contractor", role=Role.BUILDER, enterprise=contractor_co)
    project = ProjectFactory(
        street=street,
        builder=builder_co,
        contractor=contractor_co,
        status=Status.IN_PROGRESS,
        hazardous_operations=["hot_work"],
        name="和平里北街5号院外墙修缮工程",
    )
    Notice.objects.create(project=project, number="DCGZTEST0001")
    base = live_server.url

    officer = new_page(viewport=PHONE)
    sign_in(officer, base, "officer")
    officer.goto(f"{base}/projects/{project.pk}/")
    officer.locator("[data-testid=inspect-project]").click()
    expect(officer.locator("[data-testid=inspection-form]")).to_be_visible()
    answer(officer, "A01", "pass")
    answer(officer, "A02", "fail")
    officer.locator("#id_A02-note").fill("施工单位安全生产许可证已过期")
    # The connection drops or the page reloads: the answers are still there.
    officer.reload()
    expect(officer.locator("[data-restored-note]")).to_be_visible()
    expect(officer.locator("#id_A02-answer_1")).to_be_checked()
    expect(officer.locator("#id_A02-note")).to_have_value("施工单位安全生产许可证已过期")
    answer(officer, "E04", "fail")
    officer.locator("#id_E04-note").fill("动火点未配备灭火器")
    officer.screenshot(path=str(artifacts / "inspection-form-375.png"), full_page=True)
    while officer.locator("[data-next]").is_visible():
        officer.locator("[data-next]").click()
    officer.locator("[data-testid=submit-inspection]").click()
    expect(officer.locator("[data-testid=inspection-failed]")).to_be_visible()
    officer.screenshot(path=str(artifacts / "inspection-record-375.png"), full_page=True)
    inspection = Inspection.objects.get(project=project)
    assert sorted(Hazard.objects.filter(inspection=inspection).values_list("level", flat=True)) == [
        "general",
        "major",
    ]
    notice = officer.request.get(f"{base}/inspections/{inspection.pk}/rectification-notice.pdf")
    assert notice.status == 200 and notice.body().startswith(b"%PDF")
    assert officer.evaluate("() => localStorage.length") == 0  # the draft is cleared once recorded

    # The proposed stop order, issued from the project's page.
    officer.goto(f"{base}/projects/{project.pk}/")
    expect(officer.locator("[data-testid=stop-orders-panel] [data-order-status=proposed]")).to_be_visible()
    act(officer, "stop", measures="停止动火作业")
    expect(officer.locator("[data-testid=project-status]")).to_have_attribute("data-status", "stopped")
    assert StopOrder.objects.get(project=project).status == "issued"
    # Resumption is offered but blocked, with its reason, until a re-inspection after the order has passed.
    expect(officer.locator("[data-action=resume][data-blocked='1']")).to_be_visible()

    # The contractor submits proof for each hazard.
    contractor = new_page(viewport=PHONE)
    sign_in(contractor, base, "contractor")
    for hazard in Hazard.objects.filter(inspection=inspection):
        contractor.goto(f"{base}/inspections/hazards/{hazard.pk}/")
        act(contractor, "rectify", note="已整改到位")
        expect(contractor.locator("[data-testid=hazard-status]")).to_have_attribute(
            "data-status", "submitted"
        )
    contractor.screenshot(path=str(artifacts / "hazard-rectified-375.png"), full_page=True)

    # The officer verifies and closes them, re-inspects (everything complies) and lets work resume.
    for hazard in Hazard.objects.filter(inspection=inspection):
        officer.goto(f"{base}/inspections/hazards/{hazard.pk}/")
        act(officer, "verify", passed="on")
        expect(officer.locator("[data-testid=hazard-status]")).to_have_attribute("data-status", "closed")
    officer.goto(f"{base}/inspections/new/?project={project.pk}")
    officer.locator("#id_kind").select_option("reinspection")
    answer(officer, "A02", "pass")
    answer(officer, "E04", "pass")
    while officer.locator("[data-next]").is_visible():
        officer.locator("[data-next]").click()
    officer.locator("[data-testid=submit-inspection]").click()
    expect(officer.locator("[data-testid=inspection-passed]")).to_be_visible()
    officer.goto(f"{base}/projects/{project.pk}/")
    act(officer, "resume")
    expect(officer.locator("[data-testid=project-status]")).to_have_attribute("data-status", "in_progress")
    officer.screenshot(path=str(artifacts / "project-resumed-375.png"), full_page=True)
    assert StopOrder.objects.get(project=project).status == "lifted"
    assert officer.evaluate("() => document.documentElement.scrollWidth") <= 375
