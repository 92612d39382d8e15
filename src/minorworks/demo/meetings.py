"""Demo joint meetings and trainings (domain §8: the seed counts 12 meetings and trainings — here 6 joint
meetings with minutes and action items, and 6 safety trainings with attendance), and the joint meeting's
members. Dated back from the demo's today; some action items are overdue, one is verified."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from minorworks.meetings.models import ActionItem, ItemStatus, Meeting, MeetingAttendance, Member, MemberKind
from minorworks.meetings.services import MINUTES
from minorworks.orgs.models import Department, Region
from minorworks.projects.models import ProjectWorker
from minorworks.training.models import Attendance, Host, Source, Training

STATE_OWNED = ["北京东城城市建设投资有限公司", "北京东城国有资产经营有限公司"]
TOPICS = [
    "限额以下工程安全生产管理规定宣贯培训",
    "高处作业与脚手架搭设安全培训",
    "有限空间作业安全培训",
    "施工现场临时用电安全培训",
    "动火作业与消防安全培训",
    "汛期施工安全培训",
]
MEETING_TITLES = [
    "安全生产联席会议第一次全体会议",
    "限额以下工程专项整治推进会",
    "汛期施工安全部署会",
    "安全生产联席会议第二次全体会议",
    "重点时段安全防范工作会",
    "年度工作总结会",
]


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def load_meetings(rng: random.Random, today: dt.date, users: dict[str, Any]) -> dict[str, int]:
    """Members, 6 meetings (minutes, items) and 6 trainings (attendance, some of project workers)."""
    district = users["demo-district"].district
    members = [
        Member(district=district, kind=MemberKind.DEPARTMENT, name=d.name, department=d, sort=n)
        for n, d in enumerate(Department.objects.filter(district=district).order_by("code"))
    ]
    streets = list(Region.objects.filter(parent=district, level=Region.Level.STREET).order_by("sort"))
    members += [
        Member(district=district, kind=MemberKind.STREET, name=s.name, street=s, sort=100 + n)
        for n, s in enumerate(streets)
    ]
    members += [
        Member(district=district, kind=MemberKind.STATE_OWNED, name=name, sort=200 + n)
        for n, name in enumerate(STATE_OWNED)
    ]
    Member.objects.bulk_create(members)
    members = list(Member.objects.filter(district=district))
    admin = users["demo-district"]
    items = 0
    for n, title in enumerate(MEETING_TITLES):
        day = today - dt.timedelta(days=30 * (len(MEETING_TITLES) - n) + rng.randint(0, 5))
        meeting = Meeting.objects.create(
            district=district, title=f"{day.year}年{title}", starts_at=_moment(day, 9), ends_at=_moment(day, 11),
            place="区政府第三会议室", agenda="通报限额以下工程安全形势；部署下一阶段重点工作。", created_by=admin,
            minutes="会议听取了各成员单位工作汇报，研究部署下一阶段限额以下工程安全监管工作。",
            minutes_number=MINUTES.next_number(district="东城", year=day.year), minutes_issued_at=_moment(day, 17),
        )  # fmt: skip
        meeting.members.set(members)
        MeetingAttendance.objects.bulk_create(
            [
                MeetingAttendance(
                    meeting=meeting,
                    name=f"参会代表{k + 1}",
                    unit=m.name,
                    phone=f"1391000{n:02d}{k:02d}",
                    registered_at=_moment(day, 9),
                )  # fmt: skip
                for k, m in enumerate(rng.sample(members, 8))
            ]
        )
        for k, owner in enumerate(rng.sample(members, 3)):
            due = day + dt.timedelta(days=rng.choice([15, 30, 45]))
            late = due < today
            status = ItemStatus.OPEN if (not late or k == 0) else ItemStatus.VERIFIED
            ActionItem.objects.create(
                meeting=meeting, task=f"落实{title}部署的第{k + 1}项任务", owner=owner, due=due, status=status,
                evidence="" if status == ItemStatus.OPEN else "已完成，相关台账报联席会议办公室。",
                completed_at=None if status == ItemStatus.OPEN else _moment(due - dt.timedelta(days=2), 16),
                verified_at=None if status == ItemStatus.OPEN else _moment(due, 10), verified_by=None if status == ItemStatus.OPEN else admin,
            )  # fmt: skip
            items += 1
    workers = list(ProjectWorker.objects.select_related("person", "project").order_by("pk")[:60])
    trainings = 0
    attendances = 0
    for n, topic in enumerate(TOPICS):
        day = today - dt.timedelta(days=25 * (len(TOPICS) - n) + 3)
        street = streets[n % len(streets)]
        training = Training.objects.create(
            host=Host.STREET if n % 2 else Host.DISTRICT, district=district, street=street, topic=topic,
            starts_at=_moment(day, 14), ends_at=_moment(day, 16), place=f"{street.name}会议室", trainer="区住建委安全科",
            audience="施工单位项目负责人、安全员和作业人员", created_by=admin,
        )  # fmt: skip
        trainings += 1
        rows = [
            Attendance(
                training=training,
                name=w.person.name,
                unit=w.project.name[:120],
                phone=w.person.phone,
                source=Source.QR,
                registered_at=_moment(day, 14),
            )  # fmt: skip
            for w in workers[n * 10 : n * 10 + 10]
            if w.person.phone
        ]
        phones: set[str] = set()
        for row in rows:
            if row.phone not in phones:  # one attendance per phone and training
                phones.add(row.phone)
                row.save()
        attendances += len(phones)
    return {
        "meetings": len(MEETING_TITLES),
        "trainings": trainings,
        "action_items": items,
        "attendances": attendances,
    }
