"""The minutes (会议纪要, numbered) as a block tree, and their scoped download."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone

from minorworks.core.documents import blocks as b
from minorworks.core.documents.store import CONTENT_TYPES, Format, stored_bytes
from minorworks.core.downloads import bytes_download
from minorworks.core.figures import cn_date
from minorworks.core.jurisdiction import get_scoped

from .models import Meeting
from .services import MINUTES


def minutes_content(meeting: Meeting) -> b.Content:
    """The minutes: when, where, who attended, what was decided, the action items with owners and dates."""
    start = timezone.localtime(meeting.starts_at)
    units = sorted({a.unit for a in meeting.attendances.all()})
    items = tuple(
        (str(n), i.task, i.owner.name, cn_date(i.due)) for n, i in enumerate(meeting.items.all(), start=1)
    )
    blocks: list[b.Block] = [
        b.Title("会议纪要"),
        b.NumberLine(meeting.minutes_number),
        b.Paragraph(
            f"{cn_date(start)}，{meeting.convenor}在{meeting.place}召集召开{meeting.title}。"
            f"出席单位：{'、'.join(units) or '（见签到表）'}。现将会议议定事项纪要如下："
        ),
        b.Heading("会议议题"),
        b.Paragraph(meeting.agenda),
        b.Heading("议定事项"),
        b.Paragraph(meeting.minutes),
    ]
    if items:
        blocks += [
            b.Heading("任务分工"),
            b.Table(("序号", "任务", "责任单位", "完成时限"), items, (0.1, 0.46, 0.22, 0.22)),
        ]
    blocks.append(b.Issuer(f"{meeting.convenor}（联席会议办公室）", cn_date(meeting.minutes_issued_at)))
    return b.Content(
        title=f"会议纪要 {meeting.minutes_number}", blocks=tuple(blocks), author=meeting.convenor
    )


def minutes_response(user: Any, pk: int, fmt: Format) -> HttpResponse:
    """The minutes of meeting ``pk`` in ``fmt``; 404 outside the scope or before they are issued."""
    meeting = get_scoped(Meeting.objects.prefetch_related("attendances", "items__owner"), user, pk)
    if not meeting.minutes_number:
        raise Http404
    _, data = stored_bytes(
        MINUTES, meeting, minutes_content(meeting), fmt, number=meeting.minutes_number,
        issued_at=meeting.minutes_issued_at, issued_by=meeting.created_by,
    )  # fmt: skip
    return bytes_download(data, f"会议纪要_{meeting.minutes_number}.{fmt}", CONTENT_TYPES[fmt])
