"""Accidents (issue 11): the Decree 493 grade at every bound, every deadline on a frozen clock, regrading
within and after the casualty-change window, the API's answers, masking, the stop-work proposal, closure."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.test import Client

from minorworks.accidents import grading
from minorworks.accidents.deadlines import deadlines_of, end_of_day, is_late
from minorworks.accidents.models import Accident, Casualty
from minorworks.accidents.services import change_casualties, report_accident
from minorworks.accidents.workflow import ACCIDENT_WORKFLOW
from minorworks.accounts.tokens import issue_token
from minorworks.core.models import AuditEntry
from minorworks.projects.models import Status
from minorworks.stoporders.models import StopOrder

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
OCCURRED = dt.datetime(2026, 3, 10, 22, 30, tzinfo=TZ)
INFORMED = dt.datetime(2026, 3, 10, 23, 15, tzinfo=TZ)

# --- the grade at every bound of each figure (以上 includes the bound, 以下 excludes it) --------------------
GRADE_TABLE = [
    # deaths
    ((0, 0, 0), "general"),
    ((2, 0, 0), "general"),
    ((3, 0, 0), "larger"),
    ((9, 0, 0), "larger"),
    ((10, 0, 0), "major"),
    ((29, 0, 0), "major"),
    ((30, 0, 0), "especially_major"),
    # serious injuries
    ((0, 9, 0), "general"),
    ((0, 10, 0), "larger"),
    ((0, 49, 0), "larger"),
    ((0, 50, 0), "major"),
    ((0, 99, 0), "major"),
    ((0, 100, 0), "especially_major"),
    # direct loss (yuan)
    ((0, 0, Decimal("9999999.99")), "general"),
    ((0, 0, 10_000_000), "larger"),
    ((0, 0, Decimal("49999999.99")), "larger"),
    ((0, 0, 50_000_000), "major"),
    ((0, 0, Decimal("99999999.99")), "major"),
    ((0, 0, 100_000_000), "especially_major"),
    # the highest grade that any figure reaches
    ((2, 10, 0), "larger"),
    ((3, 50, 0), "major"),
    ((1, 1, 100_000_000), "especially_major"),
    ((29, 99, Decimal("99999999.99")), "major"),
]


@pytest.mark.parametrize(("figures", "expected"), GRADE_TABLE)
def test_grade_at_every_bound(figures, expected):
    assert grading.grade(*figures, on=dt.date(2026, 3, 10)).grade == expected


def test_grades_come_from_the_dated_data_file(tmp_path, monkeypatch):
    """A later version of the table applies from its valid_from (the bounds are data, not code)."""
    raw = json.loads(grading.DATA.read_text(encoding="utf-8"))
    later = json.loads(json.dumps(raw["versions"][0]))
    later["valid_from"] = "2030-01-01"
    later["grades"][2]["min_deaths"] = 5  # a made-up amendment: 较大 from 5 deaths
    raw["versions"].append(later)
    path = tmp_path / "grades.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    monkeypatch.setattr(grading, "DATA", path)
    grading.versions.cache_clear()
    try:
        assert grading.grade(3, 0, 0, on=dt.date(2029, 12, 31)).grade == "larger"
        assert grading.grade(3, 0, 0, on=dt.date(2030, 1, 1)).grade == "general"
    finally:
        grading.versions.cache_clear()


# --- deadlines on a frozen clock ---------------------------------------------------------------------------


def _report(world, project=None, **overrides):
    fields = {
        "actor": world.street_a_officer, "project": project, "occurred_at": OCCURRED, "head_informed_at": INFORMED,
        "place": "脚手架东侧", "course": "作业人员从脚手架坠落", "deaths": 1, "serious_injuries": 2,
        "direct_loss": Decimal("1200000"),
    }  # fmt: skip
    if project is None:
        fields["site"] = "东城区某胡同12号院内"
    fields.update(overrides)
    return report_accident(**fields)


DEADLINE_TABLE = [
    # kind, key, expected (local)
    ("construction", "report_due", dt.datetime(2026, 3, 11, 0, 15, tzinfo=TZ)),  # 1 hour after informed
    ("construction", "supplement_until", dt.datetime(2026, 4, 9, 23, 59, 59, tzinfo=TZ)),  # D+30
    ("fire", "supplement_until", dt.datetime(2026, 3, 17, 23, 59, 59, tzinfo=TZ)),  # D+7
    ("road_traffic", "supplement_until", dt.datetime(2026, 3, 17, 23, 59, 59, tzinfo=TZ)),
    ("construction", "investigation_due", dt.datetime(2026, 5, 9, 23, 59, 59, tzinfo=TZ)),  # D+60
    ("construction", "investigation_due_latest", dt.datetime(2026, 7, 8, 23, 59, 59, tzinfo=TZ)),  # D+120
]


@pytest.mark.parametrize(("kind", "key", "expected"), DEADLINE_TABLE)
def test_every_deadline(world, kind, key, expected):
    with time_machine.travel(dt.datetime(2026, 3, 10, 23, 40, tzinfo=TZ), tick=False):
        accident = _report(world, kind=kind)
    assert deadlines_of(accident)[key] == expected
    # onward: 2 hours after the report reached the first level (here: when it was filed)
    assert deadlines_of(accident)["onward_due"] == dt.datetime(2026, 3, 11, 1, 40, tzinfo=TZ)


def test_the_first_day_is_not_counted_and_a_day_deadline_ends_at_midnight_shanghai():
    end = end_of_day(dt.date(2026, 3, 10) + dt.timedelta(days=30))
    assert end.isoformat() == "2026-04-09T23:59:59+08:00"
    assert not is_late(end, dt.datetime(2026, 4, 9, 23, 59, 59, 900000, tzinfo=TZ))  # still day D+30
    assert is_late(end, dt.datetime(2026, 4, 10, 0, 0, tzinfo=TZ))
    assert not is_late(end, dt.datetime(2026, 4, 9, 15, 59, 59, tzinfo=dt.UTC))  # 23:59:59 in Beijing
    assert is_late(end, dt.datetime(2026, 4, 9, 16, 0, tzinfo=dt.UTC))  # 2026-04-10 00:00 in Beijing


@pytest.mark.parametrize(
    ("received", "grade_figures", "expected"),
    [
        (
            dt.datetime(2026, 5, 1, 10, 0, tzinfo=TZ),
            {},
            dt.datetime(2026, 5, 16, 23, 59, 59, tzinfo=TZ),
        ),  # +15
        (
            dt.datetime(2026, 5, 1, 10, 0, tzinfo=TZ),
            {"deaths": 30},
            dt.datetime(2026, 5, 31, 23, 59, 59, tzinfo=TZ),
        ),
    ],
)
def test_reply_deadline_after_the_report_is_received(world, received, grade_figures, expected):
    with time_machine.travel(dt.datetime(2026, 3, 10, 23, 40, tzinfo=TZ), tick=False):
        accident = _report(world, **grade_figures)
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, 0, tzinfo=TZ), tick=False):
        ACCIDENT_WORKFLOW.perform(
            "form_team", accident, actor=world.district_admin, team_members="区应急局、区住建委"
        )
        ACCIDENT_WORKFLOW.perform(
            "record_findings", accident, actor=world.district_admin, causes="违章作业", nature="责任事故",
            handling_proposals="对施工单位罚款", preventive_measures="加强培训",
        )  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 5, 2, 9, 0, tzinfo=TZ), tick=False):
        accident = ACCIDENT_WORKFLOW.perform(
            "submit_report", accident, actor=world.district_admin, received_at=received
        )
    assert deadlines_of(accident)["reply_due"] == expected


def test_the_emergency_bureau_leads_a_general_accident(world):
    accident = _report(
        world,
        occurred_at=dt.datetime(2026, 1, 1, 8, tzinfo=TZ),
        head_informed_at=dt.datetime(2026, 1, 1, 9, tzinfo=TZ),
    )
    assert accident.grade == "general"
    accident = ACCIDENT_WORKFLOW.perform(
        "form_team", accident, actor=world.district_admin, team_members="调查组"
    )
    assert accident.lead_department.code.endswith("-yjj")


def test_the_investigation_extends_once_by_at_most_60_days(world):
    from minorworks.core.workflow import Blocked, InvalidInput

    with time_machine.travel(dt.datetime(2026, 3, 10, 23, 40, tzinfo=TZ), tick=False):
        accident = _report(world)
        ACCIDENT_WORKFLOW.perform("form_team", accident, actor=world.district_admin, team_members="调查组")
        with pytest.raises(InvalidInput):
            ACCIDENT_WORKFLOW.perform(
                "extend", accident, actor=world.district_admin, until=dt.date(2026, 7, 9), reason="复杂"
            )
        accident = ACCIDENT_WORKFLOW.perform(
            "extend", accident, actor=world.district_admin, until=dt.date(2026, 7, 8), reason="复杂"
        )
        assert deadlines_of(accident)["investigation_due"] == dt.datetime(2026, 7, 8, 23, 59, 59, tzinfo=TZ)
        with pytest.raises(Blocked):
            ACCIDENT_WORKFLOW.perform(
                "extend", accident, actor=world.district_admin, until=dt.date(2026, 7, 1), reason="再延"
            )


# --- casualty changes: regrade within the window, not after ------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "when", "regraded"),
    [
        ("construction", dt.datetime(2026, 4, 9, 23, 59, tzinfo=TZ), True),  # day 30: within
        ("construction", dt.datetime(2026, 4, 10, 0, 1, tzinfo=TZ), False),  # day 31: after
        ("fire", dt.datetime(2026, 3, 17, 20, 0, tzinfo=TZ), True),  # day 7
        ("fire", dt.datetime(2026, 3, 18, 8, 0, tzinfo=TZ), False),  # day 8
    ],
)
def test_a_casualty_change_regrades_only_within_the_window(world, kind, when, regraded):
    with time_machine.travel(dt.datetime(2026, 3, 10, 23, 40, tzinfo=TZ), tick=False):
        accident = _report(world, kind=kind)
    assert accident.grade == "general"
    with time_machine.travel(when, tick=False):
        change = change_casualties(
            accident, actor=world.street_a_officer, deaths=3, note="一人经抢救无效死亡"
        )
    accident.refresh_from_db()
    assert accident.deaths == 3  # the figures are always recorded
    assert change.within_window is regraded
    assert accident.grade == ("larger" if regraded else "general")
    assert change.grade_before == "general"


# --- the report itself -------------------------------------------------------------------------------------


def test_a_report_on_a_project_proposes_a_stop_work_order_and_keeps_casualties_encrypted(world, project_a):
    project_a.status = Status.IN_PROGRESS
    project_a.save()
    accident = _report(
        world, project=project_a, actor=world.builder,
        casualties=[{"name": "张三丰", "id_number": "110101199001011234", "outcome": "death"}],
    )  # fmt: skip
    assert not accident.on_behalf
    order = StopOrder.objects.get(project=project_a)
    assert order.status == "proposed" and accident.number in order.reason
    raw = Casualty.objects.filter(accident=accident).values_list("name", "id_number")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select name, id_number from accidents_casualty")
        stored = cursor.fetchall()
    assert "张三丰" not in str(stored) and "110101199001011234" not in str(stored)
    assert list(raw)  # readable through the field
    audit = AuditEntry.objects.filter(object_id=str(accident.pk))
    assert "张三丰" not in str(list(audit.values())) and "110101199001011234" not in str(list(audit.values()))


def test_a_builder_reports_only_on_its_own_projects(world, project_a):
    from django.http import Http404

    with pytest.raises(Http404):
        _report(world, project=project_a, actor=world.other_builder)


# --- the API -----------------------------------------------------------------------------------------------


def _api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}")


@pytest.mark.parametrize(
    ("query", "grade"),
    [
        ("deaths=2&serious_injuries=9&direct_loss=9999999", "general"),
        ("deaths=3", "larger"),
        ("serious_injuries=50", "major"),
        ("direct_loss=100000000", "especially_major"),
    ],
)
def test_the_grade_endpoint(world, query, grade):
    response = _api(world.street_a_officer).get(f"/api/v1/accidents/grade?{query}")
    assert response.status_code == 200
    assert response.json()["grade"] == grade and response.json()["reason"]


@pytest.mark.parametrize(
    "query",
    [
        "deaths=-1",
        "serious_injuries=abc",
        "direct_loss=-0.01",
        "deaths=1.5",
        "deaths=NaN",
        "direct_loss=1e400",
    ],
)
def test_the_grade_endpoint_refuses_bad_figures(world, query):
    response = _api(world.street_a_officer).get(f"/api/v1/accidents/grade?{query}")
    assert response.status_code == 400
    assert response.json()["detail"][0]["field"] in {"deaths", "serious_injuries", "direct_loss"}


def test_the_grade_endpoint_is_for_staff(world):
    assert _api(world.builder).get("/api/v1/accidents/grade?deaths=1").status_code == 403
    assert Client().get("/api/v1/accidents/grade?deaths=1").status_code == 401


def test_post_accident_answers_number_grade_and_deadlines_with_time_zone(world):
    body = {
        "site": "东城区某路88号", "kind": "fire", "occurred_at": "2026-03-10T22:30:00+08:00",
        "head_informed_at": "2026-03-10T23:15:00+08:00", "place": "地下室", "course": "电焊引燃保温材料",
        "deaths": 3, "direct_loss": "500000",
        "casualties": [{"name": "李四", "id_number": "110101199001011234", "outcome": "death"}],
    }  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 3, 10, 23, 40, tzinfo=TZ), tick=False):
        response = _api(world.street_a_officer).post(
            "/api/v1/accidents", body, content_type="application/json"
        )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["grade"] == "larger" and data["number"].startswith("DCSG2026")
    assert data["deadlines"]["report_due"] == "2026-03-11T00:15:00+08:00"
    assert data["deadlines"]["supplement_until"] == "2026-03-17T23:59:59+08:00"
    assert data["deadlines"]["investigation_due"] == "2026-05-09T23:59:59+08:00"
    assert data["deadlines"]["investigation_due_latest"] == "2026-07-08T23:59:59+08:00"
    assert (
        data["casualties"][0]["name"] == "李*" and data["casualties"][0]["id_number"] == "1101**********1234"
    )
    assert "李四" not in response.content.decode()


def test_casualty_changes_and_investigation_report_by_the_api(world):
    with time_machine.travel(dt.datetime(2026, 3, 10, 23, 40, tzinfo=TZ), tick=False):
        accident = _report(world)
    client = _api(world.district_admin)
    with time_machine.travel(dt.datetime(2026, 3, 20, 9, 0, tzinfo=TZ), tick=False):
        response = client.post(
            f"/api/v1/accidents/{accident.pk}/casualty-changes",
            {"serious_injuries": 10},
            content_type="application/json",
        )
        assert response.status_code == 200 and response.json()["grade"] == "larger"
        assert (
            client.post(
                f"/api/v1/accidents/{accident.pk}/casualty-changes",
                {"deaths": -1},
                content_type="application/json",
            ).status_code
            == 400
        )
        client.post(
            f"/api/v1/accidents/{accident.pk}/form-team",
            {"team_members": "调查组"},
            content_type="application/json",
        )
        client.post(
            f"/api/v1/accidents/{accident.pk}/record-findings",
            {
                "causes": "违章",
                "nature": "责任事故",
                "handling_proposals": "处罚",
                "preventive_measures": "培训",
            },
            content_type="application/json",
        )
        response = client.post(
            f"/api/v1/accidents/{accident.pk}/investigation-report", {"received_at": "2026-03-19T10:00:00+08:00"},
            content_type="application/json",
        )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["deadlines"]["reply_due"] == "2026-04-03T23:59:59+08:00"
    assert _api(world.street_b_officer).get(f"/api/v1/accidents/{accident.pk}").status_code == 404


def test_closure_checks_the_four_principles(world):
    from minorworks.core.workflow import InvalidInput

    accident = _report(world)
    a = world.district_admin
    ACCIDENT_WORKFLOW.perform("form_team", accident, actor=a, team_members="调查组")
    ACCIDENT_WORKFLOW.perform(
        "record_findings",
        accident,
        actor=a,
        causes="c",
        nature="n",
        handling_proposals="h",
        preventive_measures="p",
    )
    ACCIDENT_WORKFLOW.perform("submit_report", accident, actor=a, received_at=OCCURRED + dt.timedelta(days=1))
    ACCIDENT_WORKFLOW.perform("record_reply", accident, actor=a, reply="同意")
    with pytest.raises(InvalidInput):
        ACCIDENT_WORKFLOW.perform(
            "close", accident, actor=a, cause_found=True, responsible_handled=True, people_educated=True
        )
    assert Accident.objects.get(pk=accident.pk).status == "replied"  # rolled back
    accident = ACCIDENT_WORKFLOW.perform(
        "close",
        accident,
        actor=a,
        cause_found=True,
        responsible_handled=True,
        people_educated=True,
        measures_taken=True,
    )
    assert accident.status == "closed"


def test_pages_and_api_use_constant_queries(world, django_assert_num_queries):
    for n in range(3):
        _report(world, place=f"地点{n}", casualties=[{"name": "王五", "outcome": "minor"}])
    client = _api(world.street_a_officer)
    with django_assert_num_queries(QUERIES_API_LIST):
        assert client.get("/api/v1/accidents").status_code == 200
    page = Client()
    page.force_login(world.street_a_officer)
    with django_assert_num_queries(QUERIES_PAGE_LIST):
        assert page.get("/accidents/").status_code == 200
    accident = Accident.objects.first()
    with django_assert_num_queries(QUERIES_PAGE_DETAIL):
        assert page.get(f"/accidents/{accident.pk}/").status_code == 200


QUERIES_API_LIST = 6
QUERIES_PAGE_LIST = 5
QUERIES_PAGE_DETAIL = 7


def test_the_daily_job_notifies_a_passed_investigation_deadline_once(world):
    from minorworks.core.jobs import run_daily
    from minorworks.core.models import Notification

    with time_machine.travel(dt.datetime(2026, 3, 10, 23, 40, tzinfo=TZ), tick=False):
        accident = _report(world)
    for day, told in ((dt.date(2026, 5, 9), 0), (dt.date(2026, 5, 10), 1), (dt.date(2026, 5, 11), 1)):
        with time_machine.travel(dt.datetime.combine(day, dt.time(6, 0), tzinfo=TZ), tick=False):
            run_daily(only=["accidents.deadlines"])
        assert (
            Notification.objects.filter(
                kind="accident.deadline_passed", recipient=world.district_admin
            ).count()
            == told
        )
    accident.refresh_from_db()
    assert accident.deadlines_notified == ["investigation_due"]


def test_the_quick_report_form_and_its_field_errors(world, project_a):
    client = Client()
    client.force_login(world.builder)
    assert client.get("/accidents/new/").status_code == 200
    assert client.post("/accidents/new/", {"course": "\x00" * 3, "place": "a" * 100_000}).status_code == 400
    bad = client.post("/accidents/new/", {"project": project_a.pk, "kind": "construction", "deaths": "-1"})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert 'data-field-error="deaths"' in page and 'data-field-error="occurred_at"' in page
    good = client.post(
        "/accidents/new/",
        {
            "project": project_a.pk, "kind": "construction", "occurred_at": "2026-03-10T22:30",
            "head_informed_at": "2026-03-10T23:00", "place": "基坑", "course": "坍塌", "deaths": "0", "missing": "0",
            "serious_injuries": "0", "minor_injuries": "2", "direct_loss": "20000",
        },
    )  # fmt: skip
    assert good.status_code == 302
    accident = Accident.objects.get()
    assert (
        accident.project == project_a
        and accident.unit == project_a.contractor.name
        and not accident.on_behalf
    )
    detail = client.get(good["Location"]).content.decode()
    assert 'data-deadline="report_due"' in detail and "2026-03-11 00:00" in detail


def test_revealing_a_casualty_is_audited_and_limited(world):
    accident = _report(
        world, casualties=[{"name": "张三丰", "id_number": "110101199001011234", "outcome": "death"}]
    )
    casualty = accident.casualties.get()
    url = f"/accidents/{accident.pk}/casualties/{casualty.pk}/reveal"
    officer = Client()
    officer.force_login(world.street_a_officer)
    page = officer.get(f"/accidents/{accident.pk}/").content.decode()
    assert "张**" in page and "张三丰" not in page
    assert officer.get(url).status_code == 405
    response = officer.post(url)
    assert response.json() == {"name": "张三丰", "id_number": "110101199001011234"}
    entry = AuditEntry.objects.get(action="reveal", object_id=str(accident.pk))
    assert "张三丰" not in str(entry.after) + entry.note
    other = Client()
    other.force_login(world.street_b_officer)
    assert other.post(url).status_code == 404
    grid = Client()
    grid.force_login(world.grid_worker)
    assert grid.post(url).status_code == 403


def test_the_accident_count_indicator_groups_by_street_and_local_day(world):
    from minorworks.core.indicators import get

    _report(
        world,
        occurred_at=dt.datetime(2026, 3, 1, 0, 30, tzinfo=TZ),
        head_informed_at=dt.datetime(2026, 3, 1, 1, tzinfo=TZ),
    )
    _report(
        world,
        occurred_at=dt.datetime(2026, 2, 28, 23, 30, tzinfo=TZ),
        head_informed_at=dt.datetime(2026, 3, 1, 1, tzinfo=TZ),
    )
    _report(
        world, actor=world.street_b_officer,
        occurred_at=dt.datetime(2026, 3, 31, 23, 59, tzinfo=TZ), head_informed_at=dt.datetime(2026, 4, 1, 1, tzinfo=TZ),
    )  # fmt: skip
    figures = get("accidents.count").figures(world.district, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert {k: v.value for k, v in figures.items()} == {world.street_a.pk: 1, world.street_b.pk: 1}


def test_a_late_report_is_marked(world):
    with time_machine.travel(
        dt.datetime(2026, 3, 11, 0, 16, tzinfo=TZ), tick=False
    ):  # 1 h 1 min after informed
        accident = _report(world)
    page = Client()
    page.force_login(world.street_a_officer)
    assert 'data-testid="reported-late"' in page.get(f"/accidents/{accident.pk}/").content.decode()
