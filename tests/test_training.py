"""Safety training (issue 11): the QR sign-in (window, honeypot, rate limit, idempotence), the quiz, staff
registration, and project workers matched to effective attendance by name and phone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from minorworks.projects.models import ProjectWorker
from minorworks.registration.checks import run_checks
from minorworks.training.models import Attendance
from minorworks.training.panels import project_panel
from minorworks.training.services import hold_training, sign_in

from .conftest import client_for
from .factories import PersonFactory

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 6, 1, 9, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _training(world, **extra):
    return hold_training(
        actor=world.street_a_officer, topic="高处作业安全培训", starts_at=START, ends_at=START + dt.timedelta(hours=2),
        place="街道会议室", trainer="王老师", audience="施工人员", **extra,
    )  # fmt: skip


def _post(training, **data):
    body = {"name": "刘一", "unit": "北京测试建设有限公司", "phone": "13911112222", "website": "", **data}
    return Client().post(f"/sign-in/t/{training.signin_code}/", body)


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        (START - dt.timedelta(minutes=31), 410),
        (START - dt.timedelta(minutes=30), 200),
        (START + dt.timedelta(hours=2), 200),
        (START + dt.timedelta(hours=2, seconds=1), 410),
    ],
)
def test_the_code_is_valid_only_during_the_session(world, moment, status):
    training = _training(world)
    with time_machine.travel(moment, tick=False):
        response = _post(training)
    assert response.status_code == status
    assert Attendance.objects.filter(training=training).count() == (1 if status == 200 else 0)


def test_sign_in_is_idempotent_by_phone_and_validates_input(world):
    training = _training(world)
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        assert _post(training).status_code == 200
        assert _post(training, name="刘一").status_code == 200
        bad = _post(training, phone="12345", name="")
        assert bad.status_code == 400
        assert (
            'data-field-error="phone"' in bad.content.decode()
            and 'data-field-error="name"' in bad.content.decode()
        )
        assert _post(training, name="\x00" * 5 + "a" * 100000).status_code == 400
    assert Attendance.objects.filter(training=training).count() == 1
    assert Attendance.objects.get().source == "qr"


def test_the_honeypot_records_nothing(world):
    training = _training(world)
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        assert _post(training, website="http://spam.example").status_code == 200
    assert not Attendance.objects.exists()


def test_one_address_is_rate_limited(world):
    training = _training(world)
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        statuses = [_post(training, phone=f"139{n:08d}").status_code for n in range(22)]
    assert statuses[:20] == [200] * 20 and statuses[20:] == [429, 429]


def test_the_quiz_decides_whether_attendance_is_effective(world):
    quiz = [
        {"question": "高处作业必须系好什么？", "options": ["安全带", "领带"], "answer": 0},
        {"question": "发现隐患应当？", "options": ["报告", "忽略"], "answer": 0},
    ]
    training = _training(world, quiz=quiz, pass_mark=2)
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        _post(training, phone="13900000001", q0="0", q1="0")
        _post(training, phone="13900000002", q0="0", q1="1")
        assert _post(training, phone="13900000003").status_code == 400  # the quiz must be answered
    assert dict(Attendance.objects.values_list("score", "effective")) == {2: True, 1: False}


def test_staff_register_attendees_and_the_page_masks_phones(world):
    training = _training(world)
    client = client_for(world, "street_a_officer")
    response = client.post(
        f"/trainings/{training.pk}/register", {"name": "陈二", "unit": "某单位", "phone": "13811112222"}
    )
    assert response.status_code == 302
    page = client.get(f"/trainings/{training.pk}/").content.decode()
    assert "陈二" in page and "138****2222" in page and "13811112222" not in page
    assert (
        client_for(world, "street_b_officer").post(f"/trainings/{training.pk}/register", {}).status_code
        == 404
    )
    assert Attendance.objects.get().source == "staff"


def test_workers_are_matched_by_name_and_phone(world, project_a):
    trained = PersonFactory(name="赵六", phone="13922223333")
    same_phone_other_name = PersonFactory(name="赵七", phone="13922224444")
    untrained = PersonFactory(name="钱八", phone="13922225555")
    for person in (trained, same_phone_other_name, untrained):
        ProjectWorker.objects.create(project=project_a, person=person)
    training = _training(world)
    sign_in(training, name="赵六", unit="施工队", phone="139 2222 3333")
    sign_in(training, name="赵八", unit="施工队", phone="13922224444")  # the phone matches, the name does not
    with time_machine.travel(START + dt.timedelta(days=3), tick=False):
        panel = project_panel(project_a, type("R", (), {"user": world.street_a_officer})())
        assert {r["name"]: r["trained"] for r in panel["rows"]} == {
            "赵六": True,
            "赵七": False,
            "钱八": False,
        }
        codes = {r.code: r.level for r in run_checks(project_a)}
        assert codes["worker_training"] == "ok"
    with time_machine.travel(START + dt.timedelta(days=370), tick=False):  # older than 12 months: not counted
        assert {r.code: r.level for r in run_checks(project_a)}["worker_training"] == "warning"


def test_the_valid_period_is_a_setting(world, project_a, settings):
    person = PersonFactory(name="孙九", phone="13933334444")
    ProjectWorker.objects.create(project=project_a, person=person)
    sign_in(_training(world), name="孙九", unit="施工队", phone="13933334444")
    settings.TRAINING_VALID_MONTHS = 1
    with time_machine.travel(START + dt.timedelta(days=40), tick=False):
        assert {r.code: r.level for r in run_checks(project_a)}["worker_training"] == "warning"
    settings.TRAINING_VALID_MONTHS = 12
    with time_machine.travel(START + dt.timedelta(days=40), tick=False):
        assert {r.code: r.level for r in run_checks(project_a)}["worker_training"] == "ok"


def test_training_pages_use_constant_queries(world, django_assert_num_queries):
    training = _training(world)
    for n in range(4):
        sign_in(training, name=f"人{n}", unit="单位", phone=f"1390000{n:04d}")
    client = client_for(world, "street_a_officer")
    with django_assert_num_queries(5):
        assert client.get("/trainings/").status_code == 200
    with django_assert_num_queries(5):
        assert client.get(f"/trainings/{training.pk}/").status_code == 200


def test_the_attendance_ledger_exports_one_training_with_masked_phones(world):
    import io

    from openpyxl import load_workbook

    training = _training(world)
    other = _training(world, pass_mark=0)
    sign_in(training, name="吴一", unit="单位甲", phone="13955556666")
    sign_in(other, name="郑二", unit="单位乙", phone="13955557777")
    client = client_for(world, "street_a_officer")
    response = client.get(f"/ledgers/training-attendance/export.xlsx?training={training.pk}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "吴一" in cells and "139****6666" in cells and "郑二" not in cells
    assert "13955556666" not in "".join(cells)
    assert (
        client_for(world, "street_b_officer").get("/ledgers/training-attendance/export.xlsx").status_code
        == 200
    )
    assert (
        "吴一"
        not in client_for(world, "street_b_officer").get("/ledgers/training-attendance/").content.decode()
    )


def test_the_effective_attendance_indicator_is_a_ratio_by_street(world):
    from minorworks.core.indicators import get

    quiz = [{"question": "高处作业必须系好什么？", "options": ["安全带", "领带"], "answer": 0}]
    training = _training(world, quiz=quiz, pass_mark=1)
    sign_in(training, name="甲", unit="单位", phone="13900000011", answers={"q0": "0"})
    sign_in(training, name="乙", unit="单位", phone="13900000012", answers={"q0": "1"})
    figures = get("training.effective_attendance").figures(
        world.district, dt.date(2026, 6, 1), dt.date(2026, 6, 30)
    )
    figure = figures[world.street_a.pk]
    assert (figure.numerator, figure.denominator) == (1, 2)
    assert (
        get("training.effective_attendance").figures(
            world.district, dt.date(2026, 7, 1), dt.date(2026, 7, 31)
        )
        == {}
    )
