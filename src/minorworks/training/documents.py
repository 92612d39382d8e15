"""The attendance list (培训签到表) as a block tree (phones masked), and its scoped download."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from minorworks.core.documents import blocks as b
from minorworks.core.documents.kinds import declare
from minorworks.core.documents.store import CONTENT_TYPES, Format, stored_bytes
from minorworks.core.downloads import bytes_download
from minorworks.core.figures import cn_date
from minorworks.core.jurisdiction import get_scoped
from minorworks.core.masking import mask_phone

from .models import Source, Training

ATTENDANCE_LIST = declare("training_attendance", "安全培训签到表")


def attendance_content(training: Training) -> b.Content:
    """The training's facts and one row per attendee (phones masked), with whether it counts."""
    start = timezone.localtime(training.starts_at)
    end = timezone.localtime(training.ends_at)
    rows = tuple(
        (
            str(n),
            a.name,
            a.unit,
            mask_phone(a.phone),
            "扫码签到" if a.source == Source.QR else "现场登记",
            ("有效" if a.effective else "未通过测试") + (f"（{a.score}分）" if a.score is not None else ""),
        )
        for n, a in enumerate(training.attendances.all(), start=1)
    )
    blocks: list[b.Block] = [
        b.Title("安全培训签到表"),
        b.Facts(
            (
                ("培训主题", training.topic),
                ("培训时间", f"{cn_date(start)} {start:%H:%M}—{end:%H:%M}"),
                ("培训地点", training.place),
                ("授课人", training.trainer),
                ("培训对象", training.audience or "—"),
                ("签到人数", f"{len(rows)}人"),
            )
        ),
        b.Table(
            ("序号", "姓名", "单位", "联系电话", "签到方式", "培训效果"),
            rows or (("—", "", "", "", "", ""),),
            (0.1, 0.12, 0.26, 0.22, 0.14, 0.16),
        ),
        b.Issuer("培训组织单位（盖章）", cn_date(training.ends_at)),
    ]
    return b.Content(title=f"安全培训签到表 {training.topic}", blocks=tuple(blocks), author=training.trainer)


def attendance_response(user: Any, pk: int, fmt: Format) -> HttpResponse:
    """The attendance list of training ``pk`` in ``fmt``; 404 outside the user's scope."""
    training = get_scoped(Training.objects.prefetch_related("attendances"), user, pk)
    _, data = stored_bytes(ATTENDANCE_LIST, training, attendance_content(training), fmt)
    return bytes_download(data, f"安全培训签到表_{training.pk}.{fmt}", CONTENT_TYPES[fmt])
