"""Walker samples for accidents, trainings and joint meetings (issue 11)."""

import datetime as dt

from django.utils import timezone

from minorworks.accidents.services import report_accident
from minorworks.meetings.models import Member
from minorworks.meetings.services import call_meeting, issue_minutes
from minorworks.training.services import hold_training, sign_in


def samples(world, request) -> dict:
    """accident_id → an accident on project_a; training_id → street A's training; meeting_id / item_id → the
    district's meeting and its item owned by street A; code → the training's sign-in code."""
    project = request.getfixturevalue("project_a")
    now = timezone.now()
    accident = report_accident(
        actor=world.street_a_officer,
        project=project,
        occurred_at=now - dt.timedelta(hours=2),
        head_informed_at=now - dt.timedelta(hours=1),
        place="样例地点",
        course="样例经过",
        deaths=1,
        casualties=[{"name": "张三", "id_number": "110101199001011234", "outcome": "death"}],
    )
    training = hold_training(
        actor=world.street_a_officer,
        topic="样例培训",
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
        place="街道会议室",
        trainer="李老师",
    )
    sign_in(training, name="王五", unit="样例单位", phone="13800138000")
    member = Member.objects.create(
        district=world.district, kind="street", name=world.street_a.name, street=world.street_a
    )
    meeting = call_meeting(
        actor=world.district_admin,
        title="样例联席会议",
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
        place="区政府",
        agenda="样例议题",
    )
    issue_minutes(
        meeting, actor=world.district_admin, minutes="样例纪要",
        items=[{"task": "样例任务", "owner": member.pk, "due": timezone.localdate() + dt.timedelta(days=3)}],
    )  # fmt: skip
    staff = {"district_admin", "street_a_officer", "street_b_officer", "dept_officer", "grid_worker"}
    return {
        "accident_id": (
            accident.pk,
            {"district_admin", "street_a_officer", "dept_officer", "grid_worker", "builder"},
        ),
        "casualty_id": (
            accident.casualties.get().pk,
            {"district_admin", "street_a_officer", "dept_officer", "grid_worker", "builder"},
        ),
        "training_id": (training.pk, {"district_admin", "street_a_officer"}),
        "meeting_id": (meeting.pk, staff - {"dept_officer"}),
        "item_id": (meeting.items.get().pk, staff - {"dept_officer"}),
        "code": (
            training.signin_code,
            {
                "anonymous",
                "district_admin",
                "street_a_officer",
                "street_b_officer",
                "dept_officer",
                "grid_worker",
                "builder",
            },
        ),
    }
