"""Joint meetings (issue 11): an action item from the minutes goes overdue on a frozen clock, is notified once
by the daily job, is completed with evidence by its owner and verified by the convenor."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from minorworks.core.jobs import run_daily
from minorworks.core.models import Notification
from minorworks.core.workflow import NotAllowedNow, NotPermitted
from minorworks.meetings.models import ActionItem, Member
from minorworks.meetings.services import call_meeting, issue_minutes, overdue_count
from minorworks.meetings.workflow import ITEM_WORKFLOW

from .conftest import client_for

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
HELD = dt.datetime(2026, 6, 1, 9, 0, tzinfo=TZ)


@pytest.fixture
def minutes(world):
    street = Member.objects.create(
        district=world.district, kind="street", name=world.street_a.name, street=world.street_a
    )
    dept = Member.objects.create(
        district=world.district,
        kind="department",
        name="区园林绿化局",
        department=world.dept_officer.department,
    )
    with time_machine.travel(HELD, tick=False):
        meeting = call_meeting(
            actor=world.district_admin, title="2026年第二次安全生产联席会议", starts_at=HELD,
            ends_at=HELD + dt.timedelta(hours=2), place="区政府第三会议室", agenda="限额以下工程安全形势分析",
        )  # fmt: skip
        meeting = issue_minutes(
            meeting, actor=world.district_admin, minutes="会议要求各街道开展专项排查。",
            items=[
                {"task": "完成辖区限额以下工程专项排查", "owner": street.pk, "due": dt.date(2026, 6, 15)},
                {"task": "开展园林绿化工程安全检查", "owner": dept.pk, "due": dt.date(2026, 6, 30)},
            ],
        )  # fmt: skip
    return meeting


def test_minutes_are_numbered_and_owners_told(world, minutes):
    assert minutes.minutes_number.startswith("东城安联纪〔2026〕")
    assert (
        Notification.objects.filter(kind="meetings.item_assigned", recipient=world.street_a_officer).count()
        == 1
    )
    assert (
        Notification.objects.filter(kind="meetings.item_assigned", recipient=world.dept_officer).count() == 1
    )


def test_an_item_goes_overdue_is_notified_once_completed_with_evidence_and_verified(world, minutes):
    item = ActionItem.objects.get(owner__street=world.street_a)
    assert not item.is_overdue(dt.date(2026, 6, 15))  # the due day itself is not late
    assert overdue_count(world.district.pk, dt.date(2026, 6, 15)) == 0
    with time_machine.travel(dt.datetime(2026, 6, 16, 6, 0, tzinfo=TZ), tick=False):
        run_daily(only=["meetings.overdue_action_items"])
        run_daily(only=["meetings.overdue_action_items"])  # a second run the same day: skipped
        assert overdue_count(world.district.pk) == 1
        page = client_for(world, "district_admin").get("/meetings/").content.decode()
        assert "完成辖区限额以下工程专项排查" in page and 'data-testid="overdue-items"' in page
        home = client_for(world, "district_admin").get("/").content.decode()
        assert 'data-stat-link="list-check"' in home and 'href="/meetings/"' in home  # on the dashboard
    with time_machine.travel(dt.datetime(2026, 6, 17, 6, 0, tzinfo=TZ), tick=False):
        run_daily(only=["meetings.overdue_action_items"])  # another day: still told only once
    told = Notification.objects.filter(kind="meetings.item_overdue")
    assert sorted(n.recipient.username for n in told) == ["district", "street-a"]
    # the owner completes with evidence; a wrong party may not
    with pytest.raises(NotPermitted):
        ITEM_WORKFLOW.perform("complete", item, actor=world.street_b_officer, evidence="x")
    with time_machine.travel(dt.datetime(2026, 6, 18, 10, 0, tzinfo=TZ), tick=False):
        client = client_for(world, "street_a_officer")
        response = client.post(f"/meetings/items/{item.pk}/complete/", {"complete-evidence": ""})
        assert response.status_code == 400  # evidence is required
        response = client.post(
            f"/meetings/items/{item.pk}/complete/", {"complete-evidence": "排查项目23个，台账见附件"}
        )
        assert response.status_code == 302
        # double submission: the second click is told it is done
        client.post(f"/meetings/items/{item.pk}/complete/", {"complete-evidence": "again"})
    item.refresh_from_db()
    assert item.status == "done" and item.evidence == "排查项目23个，台账见附件"
    assert Notification.objects.filter(kind="meetings.item_done", recipient=world.district_admin).exists()
    with pytest.raises(NotPermitted):
        ITEM_WORKFLOW.perform("verify", item, actor=world.street_a_officer)
    item = ITEM_WORKFLOW.perform("verify", item, actor=world.district_admin)
    assert item.status == "verified" and item.verified_by == world.district_admin
    with pytest.raises(NotAllowedNow):
        ITEM_WORKFLOW.perform("verify", item, actor=world.district_admin)
    with time_machine.travel(dt.datetime(2026, 6, 18, 12, 0, tzinfo=TZ), tick=False):
        assert overdue_count(world.district.pk) == 0


def test_the_convenor_sends_back_and_the_owner_is_told(world, minutes):
    item = ActionItem.objects.get(owner__department=world.dept_officer.department)
    ITEM_WORKFLOW.perform("complete", item, actor=world.dept_officer, evidence="检查记录")
    item = ITEM_WORKFLOW.perform("send_back", item, actor=world.district_admin, reason="缺少检查照片")
    assert item.status == "open"
    assert Notification.objects.filter(kind="meetings.item_returned", recipient=world.dept_officer).exists()


def test_the_overdue_indicator_counts_by_owner_street(world, minutes):
    from minorworks.core.indicators import get

    with time_machine.travel(dt.datetime(2026, 7, 2, 9, 0, tzinfo=TZ), tick=False):
        figures = get("meetings.overdue_action_items").figures(
            world.district, dt.date(2026, 6, 1), dt.date(2026, 6, 30)
        )
    assert {k: v.value for k, v in figures.items()} == {world.street_a.pk: 1}


def test_meeting_pages_use_constant_queries(world, minutes, django_assert_num_queries):
    client = client_for(world, "district_admin")
    with django_assert_num_queries(6):
        assert client.get("/meetings/").status_code == 200
    with django_assert_num_queries(8):
        assert client.get(f"/meetings/{minutes.pk}/").status_code == 200
    item = minutes.items.first()
    with django_assert_num_queries(5):
        assert client.get(f"/meetings/items/{item.pk}/").status_code == 200


def test_action_items_by_the_api(world, minutes):
    from django.test import Client

    from minorworks.accounts.tokens import issue_token

    item = ActionItem.objects.get(owner__street=world.street_a)
    owner = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(world.street_a_officer)}")
    with time_machine.travel(dt.datetime(2026, 6, 16, 9, 0, tzinfo=TZ), tick=False):
        listed = owner.get("/api/v1/meetings/action-items?overdue=true").json()
        assert [i["id"] for i in listed] == [item.pk] and listed[0]["overdue"] is True
        assert (
            owner.post(
                f"/api/v1/meetings/action-items/{item.pk}/complete", {}, content_type="application/json"
            ).status_code
            == 400
        )
        done = owner.post(
            f"/api/v1/meetings/action-items/{item.pk}/complete",
            {"evidence": "排查台账"},
            content_type="application/json",
        )
        assert done.status_code == 200 and done.json()["status"] == "done"
        again = owner.post(
            f"/api/v1/meetings/action-items/{item.pk}/complete",
            {"evidence": "again"},
            content_type="application/json",
        )
        assert again.status_code == 409  # the double submission is refused
    convenor = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(world.district_admin)}")
    assert convenor.post(f"/api/v1/meetings/action-items/{item.pk}/verify").json()["status"] == "verified"
    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(world.builder)}")
        .get(f"/api/v1/meetings/action-items/{item.pk}")
        .status_code
        == 404
    )
