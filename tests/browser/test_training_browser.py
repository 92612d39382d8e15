"""A training's QR code scanned on a 375-px phone in real Chromium (issue 11's acceptance): the street officer's
training page shows the code; decoding a screenshot of it gives the public sign-in URL, which the attendee
opens on a phone and registers on; the attendance list shows them, and a worker of a project with the same
name and phone shows as trained on the project's page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from minorworks.core.reference import load_all
from minorworks.core.roles import Role
from minorworks.orgs.models import Region
from minorworks.projects.models import ProjectWorker, Status
from minorworks.training.models import Attendance
from minorworks.training.services import hold_training

from ..factories import EnterpriseFactory, PersonFactory, ProjectFactory, UserFactory
from .test_inspection_browser import PHONE, sign_in

pytestmark = pytest.mark.browser


def test_qr_sign_in_on_a_phone_and_the_worker_shows_as_trained(live_server, new_page, artifacts):
    load_all()
    street = Region.objects.get(code="110101010")
    officer_user = UserFactory(
        username="officer", role=Role.STREET_OFFICER, district=street.parent, street=street
    )
    builder = EnterpriseFactory(name="北京扫码建设有限公司", kinds=["builder", "contractor"])
    project = ProjectFactory(
        street=street, community=street.children.order_by("sort").first(), builder=builder, contractor=builder,
        status=Status.IN_PROGRESS,
    )  # fmt: skip
    worker = PersonFactory(name="周小川", phone="13712345678")
    ProjectWorker.objects.create(project=project, person=worker, trade="架子工")
    now = timezone.now()
    training = hold_training(
        actor=officer_user, topic="脚手架搭设安全培训", starts_at=now - dt.timedelta(minutes=10),
        ends_at=now + dt.timedelta(hours=1), place="和平里街道会议室", trainer="王老师", audience="架子工",
    )  # fmt: skip

    officer = new_page()
    sign_in(officer, live_server.url, "officer")
    officer.goto(f"{live_server.url}/projects/{project.pk}/")
    expect(officer.locator("[data-testid=worker-training-panel] [data-worker=周小川]")).to_have_attribute(
        "data-trained", "no"
    )
    officer.goto(f"{live_server.url}/trainings/{training.pk}/")
    shot = officer.locator("[data-testid=signin-qr] svg").screenshot()
    codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)).convert("L"))
    assert codes, "the QR code on the training page does not decode"
    url = codes[0].text
    assert url == f"{live_server.url}/sign-in/t/{training.signin_code}/"

    phone = new_page(
        viewport=PHONE, is_mobile=True, has_touch=True
    )  # the attendee's own phone, not signed in
    phone.goto(url)
    expect(phone.locator("h1")).to_contain_text("脚手架搭设安全培训")
    phone.locator("#id_name").fill("周小川")
    phone.locator("#id_unit").fill("北京扫码建设有限公司")
    phone.locator("#id_phone").fill("137 1234 5678")
    phone.screenshot(path=str(artifacts / "training-signin-phone.png"), full_page=True)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    phone.locator("[data-testid=signin-submit]").click()
    expect(phone.locator("[data-testid=signin-done]")).to_be_visible()
    assert Attendance.objects.get(training=training).source == "qr"

    officer.reload()
    expect(officer.locator("[data-testid=attendance-list] [data-attendee=周小川]")).to_contain_text(
        "137****5678"
    )
    officer.goto(f"{live_server.url}/projects/{project.pk}/")
    expect(officer.locator("[data-testid=worker-training-panel] [data-worker=周小川]")).to_have_attribute(
        "data-trained", "yes"
    )
    officer.screenshot(path=str(artifacts / "training-project-panel.png"), full_page=True)
