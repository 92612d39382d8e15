"""Residents' reports: dispatch, the handling loop, abuse protection, photos without EXIF, the three rates
against hand-computed values on a frozen clock and working-day calendar, escalation, scoping and identity."""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from PIL import Image

from minorworks.core import crypto
from minorworks.core.indicators import get as indicator
from minorworks.core.models import AuditEntry
from minorworks.core.notifications import Notification
from minorworks.core.workflow import NotPermitted
from minorworks.reports import daily, rates
from minorworks.reports.feedback import rate
from minorworks.reports.intake import receive_report
from minorworks.reports.keys import key_for
from minorworks.reports.models import Channel, Open311Key, Rating, Report, Status
from minorworks.reports.rules import calendar, deadlines
from minorworks.reports.workflow import REPORT_WORKFLOW

from .conftest import client_for
from .samples_reports import jpeg

pytestmark = pytest.mark.django_db
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the rate limiter counts in the cache
    yield
    cache.clear()


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BEIJING)


def report_in(world, street=None, **extra) -> Report:
    data = {
        "category": "hazard",
        "street": street,
        "address": "和平里北街5号",
        "description": "脚手架无防护网",
    }
    return receive_report(actor=None, data={**data, **extra}).report


def form_data(**extra) -> dict:
    return {
        "category": "hazard",
        "address": "和平里北街5号",
        "description": "脚手架没有防护网",
        "anonymous": "on",
        "form_uid": str(uuid.uuid4()),
        **extra,
    }


# --- dispatch -------------------------------------------------------------------------------------------


def test_from_a_qr_page_the_report_goes_to_the_projects_street(world, project_a, client):
    project_a.status = "in_progress"
    project_a.save()
    page = client.get(f"/p/{project_a.public_id}/")
    assert f"/reports/new/?project={project_a.public_id}" in page.content.decode()
    response = client.post("/reports/new/", form_data(project=project_a.public_id, address=""))
    assert response.status_code == 302 and "/reports/t/" in response["Location"]
    report = Report.objects.get()
    assert (report.street, report.project, report.status) == (world.street_a, project_a, Status.ASSIGNED)
    assert Notification.objects.filter(recipient=world.street_a_officer, kind="reports.received").exists()
    receipt = client.get(response["Location"]).content.decode()
    assert report.number in receipt and report.secret in receipt


def test_without_a_street_the_report_waits_at_the_district_desk(world, client):
    client.post("/reports/new/", form_data())
    report = Report.objects.get()
    assert report.street is None and report.status == Status.DESK and report.district == world.district
    desk = client_for(world, "district_admin").get("/reports/").content.decode()
    assert report.number in desk
    assert report.number not in client_for(world, "street_a_officer").get("/reports/").content.decode()
    assert Notification.objects.filter(recipient=world.district_admin, kind="reports.received").exists()


def test_street_boundaries_as_geojson_place_a_point(world, tmp_path, settings):
    from minorworks.reports import places

    square = [[116.40, 39.95], [116.42, 39.95], [116.42, 39.97], [116.40, 39.97], [116.40, 39.95]]
    path = tmp_path / "streets.geojson"
    geometry = {"type": "Polygon", "coordinates": [square]}
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": {"code": world.street_b.code}, "geometry": geometry}
                ],
            }
        )
    )
    settings.REPORTS_STREET_BOUNDARIES = str(path)
    places._load.cache_clear()
    inside = report_in(world, latitude=Decimal("39.96"), longitude=Decimal("116.41"))
    outside = report_in(world, latitude=Decimal("39.90"), longitude=Decimal("116.41"))
    assert inside.street == world.street_b and outside.street is None


# --- the loop -------------------------------------------------------------------------------------------


def test_accept_handle_close_rate_once_and_not_satisfied_reopens(world, project_a):
    report = report_in(world, world.street_a)
    officer = world.street_a_officer
    with pytest.raises(NotPermitted):
        REPORT_WORKFLOW.perform("accept", report, actor=world.street_b_officer)
    REPORT_WORKFLOW.perform("accept", report, actor=officer)
    REPORT_WORKFLOW.perform("link_project", report, actor=officer, project_number=project_a.number)
    REPORT_WORKFLOW.perform("close", report, actor=officer, reply="已责令整改，防护网已补齐。")
    assert report.status == Status.CLOSED and report.project == project_a and report.responded_at
    assert rate(report, rating=Rating.NOT_SATISFIED, comment="还是没有网") is True
    assert rate(report, rating=Rating.SATISFIED) is False  # once
    report.refresh_from_db()
    assert (report.status, report.rating) == (Status.REVIEW, Rating.NOT_SATISFIED)
    assert Notification.objects.filter(recipient=world.district_admin, kind="reports.not_satisfied").exists()
    REPORT_WORKFLOW.perform("dispatch", report, actor=world.district_admin, street=world.street_a)
    assert report.status == Status.ASSIGNED
    assert AuditEntry.objects.filter(action="report.rate", object_id=str(report.pk)).count() == 1


def test_send_back_to_the_desk_with_a_reason_and_merge_duplicates(world):
    first, second = report_in(world, world.street_a), report_in(world, world.street_a)
    REPORT_WORKFLOW.perform("send_back", first, actor=world.street_a_officer, reason="不在本街道辖区")
    assert (first.status, first.street, first.returned_reason) == (Status.DESK, None, "不在本街道辖区")
    REPORT_WORKFLOW.perform("merge", second, actor=world.street_a_officer, into_number=first.number)
    assert second.status == Status.MERGED and second.merged_into == first


def test_an_unregistered_site_report_creates_a_lead_and_a_second_joins_it(world):
    from minorworks.leads.models import Lead

    first = report_in(world, world.street_a, category="unregistered")
    second = report_in(world, world.street_a, category="unregistered")
    for report in (first, second):
        REPORT_WORKFLOW.perform("accept", report, actor=world.street_a_officer)
    REPORT_WORKFLOW.perform("join_lead", first, actor=world.street_a_officer, note="夜间施工无公示")
    REPORT_WORKFLOW.perform("join_lead", second, actor=world.street_a_officer, lead_id=first.lead_id)
    assert Lead.objects.count() == 1 and first.lead_id == second.lead_id


def test_double_submit_of_the_form_records_one_report(world, client):
    data = form_data(street=str(world.street_a.pk))
    one, two = client.post("/reports/new/", data), client.post("/reports/new/", data)
    assert Report.objects.count() == 1 and one["Location"] == two["Location"]


def test_the_honeypot_records_nothing_but_looks_like_success(world, client):
    response = client.post("/reports/new/", form_data(website="http://spam.example"))
    assert response.status_code == 200 and Report.objects.count() == 0


def test_the_eleventh_report_in_a_minute_from_one_client_is_refused(world, client):
    with time_machine.travel(at(2026, 12, 1, 10, 0, 0), tick=False):
        for _i in range(10):
            assert client.post("/reports/new/", form_data()).status_code == 302
        refused = client.post("/reports/new/", form_data())
    assert refused.status_code == 429
    assert "Too many reports" in refused.content.decode() or "举报过于频繁" in refused.content.decode()
    assert Report.objects.count() == 10
    other = client.post("/reports/new/", form_data(), REMOTE_ADDR="10.9.9.9")  # another client is not limited
    assert other.status_code == 302


def test_bad_input_gets_field_messages_not_500(world, client):
    response = client.post(
        "/reports/new/",
        form_data(description="x" * 100_000, reporter_phone="abc", anonymous="", category="bad"),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert 'data-field-error="description"' in text and 'data-field-error="category"' in text
    assert Report.objects.count() == 0


def test_photos_are_stored_without_exif_or_gps(world, client):
    source = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (39.0, 57.0, 1.5), 3: "E", 4: (116.0, 24.0, 30.0)})
    Image.new("RGB", (64, 48), (10, 120, 200)).save(source, format="JPEG", exif=exif.tobytes())
    raw = source.getvalue()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the upload really carries GPS
    upload = jpeg()
    upload.file = io.BytesIO(raw)
    upload.size = len(raw)
    client.post("/reports/new/", {**form_data(), "photos": [upload]})
    photo = Report.objects.get().photos.get()
    stored = photo.file.read()
    assert b"Exif" not in stored and b"PhoneMaker" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()
    six = [jpeg(f"{i}.jpg") for i in range(6)]
    response = client.post("/reports/new/", {**form_data(), "photos": six})
    assert response.status_code == 400 and Report.objects.count() == 1


# --- identity -------------------------------------------------------------------------------------------


def test_the_reporters_identity_is_seen_by_the_handling_officers_only(world, project_a):
    report = report_in(
        world, world.street_a, anonymous=False, reporter_name="李举报", reporter_phone="13912345678"
    )
    officer = client_for(world, "street_a_officer")
    page = officer.get(f"/reports/{report.pk}/").content.decode()
    assert "李举报" in page and "139****5678" in page and "13912345678" not in page  # masked until revealed
    assert "李举报" in client_for(world, "district_admin").get(f"/reports/{report.pk}/").content.decode()
    assert client_for(world, "street_b_officer").get(f"/reports/{report.pk}/").status_code == 404
    assert client_for(world, "street_b_officer").post(f"/reports/{report.pk}/reveal/").status_code == 404
    assert officer.get(f"/reports/{report.pk}/reveal/").status_code == 405
    revealed = officer.post(f"/reports/{report.pk}/reveal/").content.decode()
    assert "13912345678" in revealed
    assert AuditEntry.objects.filter(action="report.reveal", actor=world.street_a_officer).count() == 1
    assert "13912345678" not in str(list(AuditEntry.objects.values()))
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_phone FROM reports_report WHERE id = %s", [report.pk])
        stored = cursor.fetchone()[0]
    assert "13912345678" not in stored  # encrypted at rest
    anonymous = client_for(world, "anonymous")
    for url in (f"/reports/t/{report.secret}/", "/open311/v2/requests.json", "/open311/v2/requests.xml"):
        text = anonymous.get(url).content.decode()
        assert "李举报" not in text and "13912345678" not in text
    export = client_for(world, "district_admin").get("/ledgers/reports/export.xlsx")
    content = b"".join(export.streaming_content)
    assert export.status_code == 200 and "李举报".encode() not in content


# --- deadlines, calendar, rates -------------------------------------------------------------------------


def test_deadlines_follow_the_working_day_calendar():
    # Thursday before the Mid-Autumn holiday (Fri 2026-09-25 off): the next working day is Monday.
    respond, resolve = deadlines(at(2026, 9, 24, 10, 0))
    assert respond == at(2026, 9, 28, 23, 59, 59) and resolve == at(2026, 10, 1, 10, 0)
    # Saturday 2026-09-19: Sunday the 20th is a make-up working day.
    assert deadlines(at(2026, 9, 19, 9, 0))[0] == at(2026, 9, 20, 23, 59, 59)
    assert not calendar().is_working_day(dt.date(2026, 10, 1)) and calendar().is_working_day(
        dt.date(2026, 10, 10)
    )


def _handled(world, when, *, respond_after_h, rating=None, close=True):
    with time_machine.travel(when, tick=False):
        report = report_in(world, world.street_a)
    with time_machine.travel(when + dt.timedelta(hours=respond_after_h), tick=False):
        REPORT_WORKFLOW.perform("accept", report, actor=world.street_a_officer)
        if close:
            REPORT_WORKFLOW.perform("close", report, actor=world.street_a_officer, reply="已处理")
            if rating:
                rate(report, rating=rating)
    return report


def test_the_three_rates_against_hand_computed_values(world):
    # Period: September 2026. Received Tue 2026-09-01 10:00 → respond by Wed 09-02 23:59:59.
    day = at(2026, 9, 1, 10, 0)
    _handled(world, day, respond_after_h=2, rating=Rating.SATISFIED)  # on time, resolved, satisfied
    _handled(world, day, respond_after_h=40, rating=Rating.BASIC)  # late (Thu 02:00), resolved, basic
    _handled(world, day, respond_after_h=3, rating=Rating.NOT_SATISFIED)  # on time, resolved → review
    _handled(world, day, respond_after_h=1, close=False)  # on time, not resolved
    with time_machine.travel(day, tick=False):
        never = report_in(world, world.street_a)  # never responded
        dup = report_in(world, world.street_a)
        REPORT_WORKFLOW.perform("merge", dup, actor=world.street_a_officer, into_number=never.number)
    with time_machine.travel(at(2026, 10, 8, 9, 0), tick=False):
        report_in(world, world.street_a)  # outside the period
    found = rates.street_rates(world.district.pk, dt.date(2026, 9, 1), dt.date(2026, 9, 30))[
        world.street_a.pk
    ]
    # received 5 (merged excluded); responded on time 3; resolved 3; rated 3: (1 + 1 × 0.8) ÷ 3.
    assert (found.received, found.responded_on_time, found.resolved, found.rated) == (5, 3, 3, 3)
    assert found.response_rate == Decimal("0.6")
    assert found.resolution_rate == Decimal("0.6")
    assert found.satisfaction_rate == Decimal("1.8") / 3
    figures = {
        code: indicator(code).figures(world.district, dt.date(2026, 9, 1), dt.date(2026, 9, 30))[
            world.street_a.pk
        ]
        for code in (
            "reports.received",
            "reports.response_rate",
            "reports.resolution_rate",
            "reports.satisfaction_rate",
            "reports.handled_on_time",
        )
    }
    assert figures["reports.received"].value == 5
    assert figures["reports.response_rate"].value == found.response_rate
    assert figures["reports.resolution_rate"].value == found.resolution_rate
    assert figures["reports.satisfaction_rate"].value == found.satisfaction_rate
    assert (figures["reports.handled_on_time"].numerator, figures["reports.handled_on_time"].denominator) == (
        3,
        5,
    )
    with time_machine.travel(at(2026, 10, 8, 9, 0), tick=False):
        page = client_for(world, "district_admin").get("/reports/rates/?start=2026-09-01&end=2026-09-30")
    text = page.content.decode()
    assert "60.0%" in text and "60.0%" in text and "响应率" in text  # definitions shown (Chinese UI)


def test_the_daily_job_escalates_overdue_reports_once(world):
    with time_machine.travel(at(2026, 9, 1, 10, 0), tick=False):
        late = report_in(world, world.street_a)
    with time_machine.travel(at(2026, 9, 3, 9, 0), tick=False):
        assert daily.escalate_overdue() == (1, 0)
        assert daily.escalate_overdue() == (0, 0)
    with time_machine.travel(at(2026, 9, 9, 9, 0), tick=False):
        assert daily.escalate_overdue() == (0, 1)
        page = client_for(world, "street_a_officer").get(f"/reports/{late.pk}/")
    assert 'data-testid="overdue"' in page.content.decode()
    assert Notification.objects.filter(recipient=world.district_admin, kind="reports.overdue").count() == 2


# --- staff intake, keys, ledger, query counts -----------------------------------------------------------


def test_staff_enter_a_hotline_report_with_its_ticket_number(world):
    client = client_for(world, "district_admin")
    response = client.post(
        "/reports/intake/",
        {
            "channel": "12345",
            "external_number": "GD20261201-0042",
            "category": "noise",
            "street": str(world.street_b.pk),
            "address": "东四十条",
            "description": "夜间施工噪音",
            "reporter_phone": "13800001111",
            "form_uid": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.channel, report.external_number, report.street) == (
        "12345",
        "GD20261201-0042",
        world.street_b,
    )
    assert report.received_by == world.district_admin and report.reporter_phone == "13800001111"


def test_open311_keys_from_the_ui_and_the_command_and_revocation(world, capsys):
    client = client_for(world, "district_admin")
    page = client.post("/reports/open311-keys/", {"name": "12345平台"}).content.decode()
    raw = page.split("<code>")[1].split("</code>")[0]
    key = key_for(raw)
    assert key is not None and key.name == "12345平台" and raw not in str(Open311Key.objects.values())
    client.post(f"/reports/open311-keys/{key.pk}/revoke/")
    assert key_for(raw) is None
    call_command("open311_key", "FixMyStreet")
    printed = capsys.readouterr().out.strip()
    assert key_for(printed).name == "FixMyStreet"


def test_list_and_detail_queries_are_constant(world, django_assert_num_queries):
    for _i in range(3):
        report_in(world, world.street_a)
    client = client_for(world, "street_a_officer")
    client.get("/reports/")  # warm the session
    with django_assert_num_queries(5):
        client.get("/reports/")
    for _i in range(3):
        report_in(world, world.street_a)
    with django_assert_num_queries(5):
        client.get("/reports/")
    report = Report.objects.first()
    with django_assert_num_queries(6):
        client.get(f"/reports/{report.pk}/")


def test_demo_has_reports_in_every_state_from_every_channel_with_ratings(reference):
    from minorworks.demo.generate import load_demo

    load_demo(projects=60, seed=7, today=dt.date(2026, 12, 1))
    reports = Report.objects.all()
    assert set(reports.values_list("status", flat=True)) == set(Status.values)
    assert set(reports.values_list("channel", flat=True)) == {c.value for c in Channel}
    assert set(reports.exclude(rating="").values_list("rating", flat=True)) == set(Rating.values)
    future = at(2026, 12, 1, 0, 0)  # nothing that happened lies in the future
    for name in ("received_at", "responded_at", "closed_at", "rated_at"):
        assert reports.filter(**{f"{name}__gt": future}).count() == 0, name
    assert reports.filter(status=Status.MERGED, merged_into__isnull=True).count() == 0
    assert len({r.street_id for r in reports if r.street_id}) > 3
    district = reports.first().district
    figures = rates.street_rates(district.pk, dt.date(2026, 6, 1), dt.date(2026, 11, 30))
    assert rates.total(figures).received > 100
    assert next(iter(reports.exclude(anonymous=True))).reporter_phone.startswith("139")


def test_the_public_page_lists_closed_replies_without_personal_data(world, project_a, client):
    project_a.status = "in_progress"
    project_a.save()
    report = report_in(
        world, project=project_a, anonymous=False, reporter_name="李举报", reporter_phone="13912345678"
    )
    REPORT_WORKFLOW.perform("accept", report, actor=world.street_a_officer)
    REPORT_WORKFLOW.perform(
        "close", report, actor=world.street_a_officer, reply="已整改。联系电话13811112222"
    )
    text = client.get(f"/p/{project_a.public_id}/").content.decode()
    assert "已整改" in text and "13811112222" not in text and "李举报" not in text


def test_the_list_narrows_by_street_and_period_for_the_indicators_drill_down(world):
    with time_machine.travel(at(2026, 9, 1, 10, 0), tick=False):
        september = report_in(world, world.street_a)
    with time_machine.travel(at(2026, 10, 1, 10, 0), tick=False):
        october = report_in(world, world.street_b)
    client = client_for(world, "district_admin")
    text = client.get(
        f"/reports/?street={world.street_a.pk}&start=2026-09-01&end=2026-09-30"
    ).content.decode()
    assert september.number in text and october.number not in text
    assert client.get("/reports/?street=x&start=nonsense&end=2026-99-99").status_code == 200


def test_list_cards_escape_the_place_flag_late_reports_and_decrypt_no_reporter(world, monkeypatch):
    with time_machine.travel(at(2026, 9, 1, 10, 0), tick=False):
        late = report_in(
            world,
            world.street_a,
            address='<img src=x onerror="alert(1)">&院',
            reporter_name="王五",
            anonymous=False,
        )
    at_desk = report_in(world, None)
    decrypted: list[str] = []
    real = crypto.decrypt
    monkeypatch.setattr(crypto, "decrypt", lambda stored: decrypted.append(stored) or real(stored))
    with time_machine.travel(at(2026, 9, 30, 10, 0), tick=False):
        page = client_for(world, "district_admin").get("/reports/").content.decode()
    assert [token for token in decrypted if token] == []  # no reporter name or phone is decrypted for it
    card = page[page.index(f'data-report="{late.number}"') :]
    card = card[: card.index("</a>")]
    assert "<img" not in card and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;院" in card
    assert "text-bg-danger" in card and "2026-09-01 10:00" in card and world.street_a.name in card
    desk = page[page.index(f'data-report="{at_desk.number}"') :]
    assert "区分拨台" in desk[: desk.index("</a>")]


def test_open311_lists_in_constant_queries(world, client, django_assert_num_queries):
    for _i in range(2):
        report_in(world, world.street_a)
    with django_assert_num_queries(1):
        client.get("/open311/v2/requests.json")
    for _i in range(3):
        report_in(world)
    with django_assert_num_queries(1):
        assert len(client.get("/open311/v2/requests.xml").content) > 100


def test_the_desk_dispatches_from_the_page_by_street_code(world):
    report = report_in(world)
    desk = client_for(world, "district_admin")
    page = desk.get(f"/reports/{report.pk}/").content.decode()
    assert f'value="{world.street_b.code}"' in page
    response = desk.post(f"/reports/{report.pk}/dispatch/", {"dispatch-street": world.street_b.code})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.street) == (Status.ASSIGNED, world.street_b)
    bad = desk.post(f"/reports/{report.pk}/dispatch/", {"dispatch-street": "nowhere"})
    assert bad.status_code in (302, 400)


def test_the_form_and_the_private_page_speak_english_too(world, client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    form = client.get("/reports/new/").content.decode()
    assert "Report a problem with building works" in form and "I am here" in form
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "举报施工问题" in client.get("/reports/new/").content.decode()
