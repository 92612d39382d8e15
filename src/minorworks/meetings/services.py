"""Joint meetings' domain functions: call a meeting, sign in, issue the minutes with action items, overdue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minorworks.core.audit import record, snapshot
from minorworks.core.crypto import blind_index
from minorworks.core.documents.kinds import declare
from minorworks.core.notifications import notify
from minorworks.core.roles import Role
from minorworks.projects.numbering import prefix_for

from .models import ActionItem, ItemStatus, Meeting, MeetingAttendance, Member
from .workflow import convenors_of, owners_of

MINUTES = declare("meeting_minutes", "会议纪要", "{district}安联纪〔{year}〕{n}号")
AUDIT = ["title", "starts_at", "ends_at", "place", "convenor", "agenda"]


def is_convenor(user: Any, district_id: int) -> bool:
    """The district's administrators convene the joint meeting."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.role == Role.DISTRICT_ADMIN
        and user.district_id == district_id
    )


def call_meeting(
    *, actor: Any, title: str, starts_at: dt.datetime, ends_at: dt.datetime, place: str, agenda: str,
    members: list[Member] | None = None, convenor: str = "",
) -> Meeting:  # fmt: skip
    """Call a meeting of the joint meeting of the actor's district."""
    if not is_convenor(actor, actor.district_id):
        raise PermissionDenied(_("Only the district convenes the joint meeting."))
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("The end is before the start.")]})
    with transaction.atomic():
        meeting = Meeting.objects.create(
            district_id=actor.district_id, title=title.strip(), starts_at=starts_at, ends_at=ends_at,
            place=place.strip(), agenda=agenda.strip(), created_by=actor,
            **({"convenor": convenor.strip()} if convenor.strip() else {}),
        )  # fmt: skip
        meeting.members.set(
            members
            if members is not None
            else Member.objects.filter(district_id=actor.district_id, active=True)
        )
        record(actor=actor, action="meeting.call", obj=meeting, after=snapshot(meeting, AUDIT))
    return meeting


def sign_in(meeting: Meeting, *, name: str, unit: str, phone: str) -> tuple[MeetingAttendance, bool]:
    """Record one attendee (idempotent by phone): (the attendance, whether it is new)."""
    existing = MeetingAttendance.objects.filter(meeting=meeting, phone_hash=blind_index(phone)).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            row = MeetingAttendance.objects.create(meeting=meeting, name=name, unit=unit, phone=phone)
            record(actor="public", action="meeting.attend", obj=meeting, after={"attendance": row.pk})
    except IntegrityError:
        return MeetingAttendance.objects.get(meeting=meeting, phone_hash=blind_index(phone)), False
    return row, True


def issue_minutes(meeting: Meeting, *, actor: Any, minutes: str, items: list[dict[str, Any]]) -> Meeting:
    """Issue the minutes (会议纪要, numbered) with their action items; the owners are told."""
    if not is_convenor(actor, meeting.district_id):
        raise PermissionDenied(_("Only the district convenes the joint meeting."))
    if meeting.minutes_number:
        raise ValidationError(_("The minutes are issued already."))
    if not (minutes or "").strip():
        raise ValidationError({"minutes": [_("Write the minutes.")]})
    owners = Member.objects.in_bulk([i.get("owner") for i in items if i.get("owner")])
    errors = []
    for n, item in enumerate(items):
        if (
            not (item.get("task") or "").strip()
            or item.get("owner") not in owners
            or not isinstance(item.get("due"), dt.date)
        ) or owners[item["owner"]].district_id != meeting.district_id:
            errors.append(n)
    if errors:
        raise ValidationError(
            {
                "items": [
                    _("Each action item needs a task, an owner unit of the joint meeting and a due date.")
                ]
            }
        )
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.minutes_number:
            raise ValidationError(_("The minutes are issued already."))
        number = MINUTES.next_number(
            district=meeting.district.name.removesuffix("区") or prefix_for(meeting.district.code)
        )
        Meeting.objects.filter(pk=meeting.pk).update(
            minutes=minutes.strip(), minutes_number=number, minutes_issued_at=timezone.now()
        )
        created = ActionItem.objects.bulk_create(
            [
                ActionItem(meeting=meeting, task=i["task"].strip(), owner=owners[i["owner"]], due=i["due"])
                for i in items
            ]
        )
        record(
            actor=actor,
            action="meeting.minutes",
            obj=meeting,
            after={"number": number, "items": len(created)},
        )
        for action_item in created:
            action_item.meeting = meeting
            notify(
                owners_of(action_item), kind="meetings.item_assigned",
                subject=gettext_lazy("Action item for your unit, due %(due)s: %(task)s"),
                params={"due": action_item.due.isoformat(), "task": action_item.task[:60]},
                url=f"/meetings/items/{action_item.pk}/", obj=meeting, actor=actor,
            )  # fmt: skip
    meeting.refresh_from_db()
    return meeting


def notify_overdue(today: dt.date) -> int:
    """Tell the owners and the convenor of each open item past its due date, once per item (idempotent)."""
    items = list(
        ActionItem.objects.filter(status=ItemStatus.OPEN, due__lt=today, overdue_notified_on__isnull=True)
        .select_related("meeting", "owner")
        .order_by("pk")
    )
    told = 0
    for item in items:
        with transaction.atomic():
            claimed = ActionItem.objects.filter(pk=item.pk, overdue_notified_on__isnull=True).update(
                overdue_notified_on=today
            )
            if not claimed:
                continue
            told += 1
            notify(
                [*owners_of(item), *convenors_of(item)], kind="meetings.item_overdue",
                subject=gettext_lazy("Action item overdue since %(due)s: %(task)s"),
                body=gettext_lazy("Owner unit: %(owner)s. Meeting: %(meeting)s."),
                params={"due": item.due.isoformat(), "task": item.task[:60], "owner": item.owner.name,
                        "meeting": item.meeting.title},
                url=f"/meetings/items/{item.pk}/", obj=item.meeting, actor="system",
            )  # fmt: skip
    return told


def overdue_items(district_id: int, today: dt.date | None = None):
    """Open action items of the district past their due date (the district dashboard's indicator)."""
    today = today or timezone.localdate()
    return ActionItem.objects.filter(meeting__district_id=district_id, status=ItemStatus.OPEN, due__lt=today)


def overdue_count(district_id: int, today: dt.date | None = None) -> int:
    """How many action items of the district are overdue today (for the dashboard, one query)."""
    return overdue_items(district_id, today).count()
