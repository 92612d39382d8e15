"""Issue 9's acceptance on a 375-px phone in real Chromium: a resident reports a hazard from a project's QR page
and gets a tracking number; the street officer of the project's street accepts, handles and closes it; the
resident sees the reply through the private link and rates it; the rates page counts it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from minorworks.core.reference import load_all
from minorworks.core.roles import Role
from minorworks.orgs.models import Region
from minorworks.projects.models import Status
from minorworks.reports.models import Report

from ..factories import EnterpriseFactory, ProjectFactory, UserFactory
from .test_inspection_browser import PHONE, act, sign_in

pytestmark = pytest.mark.browser


def test_resident_reports_from_the_qr_page_officer_closes_resident_rates(live_server, new_page, artifacts):
    load_all()
    street = Region.objects.get(code="110101010")
    other = Region.objects.filter(level="street").exclude(pk=street.pk).first()
    UserFactory(username="officer", role=Role.STREET_OFFICER, district=street.parent, street=street)
    UserFactory(username="other", role=Role.STREET_OFFICER, district=street.parent, street=other)
    builder = EnterpriseFactory(name="北京京华置业有限公司", kinds=["builder", "contractor"])
    project = ProjectFactory(
        street=street,
        builder=builder,
        contractor=builder,
        status=Status.IN_PROGRESS,
        name="和平里北街5号院外墙修缮工程",
    )
    base = live_server.url

    here = {"latitude": 39.958765, "longitude": 116.418321}
    resident = new_page(viewport=PHONE, geolocation=here, permissions=["geolocation"])
    resident.goto(f"{base}/p/{project.public_id}/")
    resident.locator("[data-testid=report-online]").click()
    expect(resident.locator("[data-testid=report-project]")).to_contain_text(project.number)
    resident.locator("input[name=category][value=hazard]").check()
    resident.locator("[data-testid=i-am-here]").click()
    expect(resident.locator("#id_latitude")).to_have_value("39.958765")
    resident.locator("#id_description").fill("脚手架外侧没有挂安全网，砖块掉到人行道上")
    resident.locator("[data-testid=report-submit]").click()
    number = resident.locator("[data-testid=tracking-number]").inner_text()
    assert number.startswith("DCJB")
    assert str(Report.objects.get(number=number).latitude) == "39.958765"
    private = resident.locator("[data-testid=private-link]").get_attribute("href")
    width = resident.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the receipt overflows: {width}px"
    resident.screenshot(path=str(artifacts / "report-receipt-375.png"), full_page=True)

    officer = new_page(viewport=PHONE)
    sign_in(officer, base, "officer")
    officer.goto(f"{base}/reports/")
    officer.locator(f"[data-report={number}]").click()
    act(officer, "accept")
    expect(officer.locator("[data-testid=report-status]")).to_have_attribute("data-status", "accepted")
    act(officer, "close", reply="已责令施工单位当天挂设安全网并清理人行道，街道已复查。")
    expect(officer.locator("[data-testid=report-status]")).to_have_attribute("data-status", "closed")
    assert officer.evaluate("document.documentElement.scrollWidth") <= 375

    resident.goto(private)
    expect(resident.locator("[data-testid=track-reply]")).to_contain_text("安全网")
    resident.locator("input[name=rating][value=satisfied]").check()
    resident.locator("[data-testid=rate-submit]").click()
    expect(resident.locator("[data-testid=track-rating]")).to_be_visible()
    assert Report.objects.get(number=number).rating == "satisfied"

    officer.goto(f"{base}/reports/rates/")
    card = officer.locator(f"[data-street='{street.name}']")
    expect(card.locator("[data-rate=received]")).to_have_text("1")
    expect(card.locator("[data-rate=response]")).to_have_text("100.0%")
    expect(card.locator("[data-rate=satisfaction]")).to_have_text("100.0%")
    expect(officer.locator("[data-testid=rate-definitions]")).to_contain_text("响应率")
    officer.screenshot(path=str(artifacts / "report-rates-375.png"), full_page=True)
