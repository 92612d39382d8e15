"""The stop-work order (责令停工通知书) as a block tree, and its scoped download."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse

from minorworks.core.documents import blocks as b
from minorworks.core.documents.kinds import declare
from minorworks.core.documents.store import CONTENT_TYPES, Format, stored_bytes
from minorworks.core.downloads import bytes_download
from minorworks.core.figures import cn_date
from minorworks.core.jurisdiction import get_scoped
from minorworks.orgs.offices import office_title

from .models import Extent, StopOrder

STOP_ORDER = declare("stop_order", "责令停工通知书")
EXTENTS: dict[str, str] = {
    Extent.WHOLE: "全部停工",
    Extent.PART: "局部停工",
    Extent.EQUIPMENT: "停止使用相关设备",
}


def _office(order: StopOrder) -> str:
    return office_title(order.street.name, order.district.name)


def order_content(order: StopOrder) -> b.Content:
    """The order: to whom, why, on which basis, how far, what to do meanwhile, when work may resume."""
    office = _office(order)
    if order.project_id:
        project = order.project
        parties = [
            n for n in (project.contractor.name if project.contractor_id else "", project.builder.name) if n
        ]
        addressee = "、".join(dict.fromkeys(parties))
        place = f"“{project.name}”（登记编号：{project.number}，地址：{project.address}）"
    else:
        addressee = "施工现场负责人"
        place = f"位于{order.lead.address}的施工现场（未办理限额以下工程登记）"
    extent = EXTENTS.get(order.extent, order.extent) + (
        f"：{order.extent_detail}" if order.extent_detail else ""
    )
    blocks: list[b.Block] = [
        b.Title("责令停工通知书"),
        b.NumberLine(f"编号：{order.number}"),
        b.Addressee(f"{addressee}："),
        b.Paragraph(
            f"经检查，你单位{place}存在下列情形：{order.reason}。依据{order.basis}，现责令你单位自接到本通知书之日起"
            f"{EXTENTS.get(order.extent, '停止施工')}，并按下列要求落实。"
        ),
        b.Facts(
            (
                ("停工范围", extent),
                (
                    "停工期间措施",
                    order.measures or "切断施工用电，撤离作业人员，设置警示标志，落实现场看护。",
                ),
                ("复工条件", order.resume_conditions),
            )
        ),
        b.Paragraph(
            "停工期间不得擅自复工。整改完成后，应当书面申请复查，经复查合格并经街道办事处同意后方可复工。"
        ),
        b.Paragraph("拒不执行本通知的，依法移交有关执法部门处理，并纳入信用管理。"),
        b.Issuer(f"{office}（盖章）", cn_date(order.issued_at)),
        b.Signature("被责令单位签收", addressee),
    ]
    copies = "、".join(d.name for d in order.copies_to.all())
    if copies:
        blocks.append(b.Paragraph(f"抄送：{copies}。", indent=False))
    return b.Content(title=f"责令停工通知书 {order.number}", blocks=tuple(blocks), author=office)


def order_response(user: Any, pk: int, fmt: Format) -> HttpResponse:
    """The order ``pk`` in ``fmt``; 404 outside the user's scope or before it is issued."""
    order = get_scoped(
        StopOrder.objects.select_related(
            "project__builder", "project__contractor", "lead", "street", "district"
        ),
        user,
        pk,
    )
    if not order.number or order.issued_at is None:
        raise Http404
    _, data = stored_bytes(
        STOP_ORDER,
        order,
        order_content(order),
        fmt,
        number=order.number,
        issued_at=order.issued_at,
        issued_by=order.issued_by,
    )
    return bytes_download(data, f"责令停工通知书_{order.number}.{fmt}", CONTENT_TYPES[fmt])
