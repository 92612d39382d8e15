"""The inspection record (检查记录表) and the rectification notice (隐患整改通知书) as block trees, and the
scoped downloads the pages and the API share. Chinese whatever the reader's language; no personal numbers."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone

from minorworks.core.documents import blocks as b
from minorworks.core.documents.store import CONTENT_TYPES, Format, stored_bytes
from minorworks.core.downloads import bytes_download
from minorworks.core.figures import cn_date, cn_datetime
from minorworks.core.jurisdiction import get_scoped
from minorworks.orgs.offices import office_title

from .kinds import INSPECTION_RECORD, RECTIFICATION_NOTICE
from .models import Answer, Inspection, Level

ANSWERS: dict[str, str] = {Answer.PASS: "符合", Answer.FAIL: "不符合", Answer.NA: "不涉及"}
LEVELS: dict[str, str] = {Level.GENERAL: "一般隐患", Level.MAJOR: "重大隐患"}
KINDS = {
    "patrol": "日常巡查",
    "campaign": "专项检查",
    "joint": "联合检查",
    "spot_check": "区级抽查",
    "reinspection": "复查",
    "street_request": "响应街道检查要求",
}


def _inspection(user: Any, pk: int) -> Inspection:
    return get_scoped(
        Inspection.objects.select_related(
            "project__builder",
            "project__contractor",
            "project__street",
            "project__district",
            "checklist__template",
        ).prefetch_related("inspectors", "departments"),
        user,
        pk,
    )


def _people(inspection: Inspection) -> str:
    return "、".join(str(u) for u in inspection.inspectors.all())


def _signature(inspection: Inspection) -> list[b.Block]:
    blocks: list[b.Block] = [b.Signature("检查人员", _people(inspection))]
    if inspection.representative_refused:
        blocks.append(
            b.Paragraph(f"现场负责人{inspection.site_representative or ''}拒绝签字，由检查人员注明。")
        )
    else:
        blocks.append(b.Signature("现场负责人", inspection.site_representative or "＿＿＿＿＿＿"))
    return blocks


def record_content(inspection: Inspection) -> b.Content:
    """The inspection record: the project, who inspected when and where, each answer, the conclusion."""
    project = inspection.project
    results = list(inspection.results.select_related("item").order_by("item__sort"))
    facts = [
        ("工程名称", project.name),
        ("登记编号", project.number),
        ("工程地址", project.address),
        ("建设单位", project.builder.name),
        ("施工单位", project.contractor.name if project.contractor_id else "（未填写）"),
        ("检查类型", KINDS.get(inspection.kind, inspection.kind)),
        ("检查时间", cn_datetime(inspection.inspected_at)),
        ("检查人员", _people(inspection)),
    ]
    departments = "、".join(d.name for d in inspection.departments.all())
    if departments:
        facts.append(("参加部门", departments))
    if inspection.latitude is not None:
        facts.append(("检查位置", f"北纬{inspection.latitude}，东经{inspection.longitude}"))
    facts.append(("检查表", f"{inspection.checklist.template.name}（第{inspection.checklist.number}版）"))
    rows = tuple(
        (
            str(i),
            r.item.section,
            f"{r.item.code} {r.item.text}",
            ANSWERS.get(r.answer, r.answer),
            r.note or "",
        )
        for i, r in enumerate(results, start=1)
    )
    failed = sum(1 for r in results if r.answer == Answer.FAIL)
    conclusion = inspection.conclusion or (
        "检查未发现不符合项。"
        if not failed
        else f"检查发现{failed}项不符合，已开具隐患整改通知书（{inspection.notice_number}）。"
    )
    blocks: list[b.Block] = [
        b.Title("限额以下工程安全检查记录表"),
        b.NumberLine(f"编号：{inspection.number}"),
        b.Facts(tuple(facts)),
        b.Heading("检查情况"),
        b.Table(("序号", "检查项目", "检查内容", "结果", "说明"), rows, widths=(0.9, 1.6, 4.3, 1.2, 2.4)),
        b.Heading("检查结论"),
        b.Paragraph(conclusion),
        *_signature(inspection),
        b.Issuer(office_title(project.street.name, project.district.name), cn_date(inspection.inspected_at)),
    ]
    return b.Content(
        title=f"检查记录表 {inspection.number}",
        blocks=tuple(blocks),
        author=office_title(project.street.name, project.district.name),
        subject=project.name,
    )


def notice_content(inspection: Inspection) -> b.Content:
    """The rectification notice: the hazards with clause, level and deadline, and what must be done."""
    project = inspection.project
    office = office_title(project.street.name, project.district.name)
    hazards = list(inspection.hazards.select_related("item").order_by("number"))
    contractor = project.contractor.name if project.contractor_id else ""
    addressee = "、".join(dict.fromkeys(n for n in (contractor, project.builder.name) if n))
    rows = tuple(
        (
            str(i),
            h.description,
            h.clause or "—",
            LEVELS.get(h.level, h.level),
            "立即整改" if h.fix_on_spot else cn_date(h.deadline),
        )
        for i, h in enumerate(hazards, start=1)
    )
    latest = max((h.deadline for h in hazards if h.deadline), default=None)
    majors = sum(1 for h in hazards if h.level == Level.MAJOR)
    blocks: list[b.Block] = [
        b.Title("隐患整改通知书"),
        b.NumberLine(f"编号：{inspection.notice_number}"),
        b.Addressee(f"{addressee}："),
        b.Paragraph(
            f"{cn_datetime(inspection.inspected_at)}，{office}检查人员（{_people(inspection)}）对你单位承建的"
            f"“{project.name}”（登记编号：{project.number}，地址：{project.address}）进行了{KINDS.get(inspection.kind, '检查')}，"
            f"发现下列安全生产事故隐患（检查记录表编号：{inspection.number}）："
        ),
        b.Table(
            ("序号", "隐患内容", "违反条款", "隐患等级", "整改期限"), rows, widths=(0.9, 4.0, 2.5, 1.6, 1.8)
        ),
        b.Heading("整改要求"),
        b.NumberedList(
            (
                "请立即组织整改，落实整改责任人、措施、资金、时限和预案；整改期间采取有效的防范措施，确保施工安全。",
                f"请于{cn_date(latest)}前完成全部整改。" if latest else "请立即完成整改。",
                "整改完成后通过平台或书面形式提交整改报告，附整改前后照片，由街道办事处复查；复查合格后销号。",
            )
        ),
        b.Heading("法律责任"),
        b.Paragraph(
            "逾期未整改或者整改不合格的，依据《中华人民共和国安全生产法》第六十五条等规定责令停止施工，纳入停工工地台账，"
            "并通报行业主管部门；拒不整改的，依法移交有关执法部门处理。"
            + (
                "其中重大事故隐患在排除前或者排除过程中无法保证安全的，应当责令暂时停止施工。"
                if majors
                else ""
            )
        ),
        b.Issuer(f"{office}（盖章）", cn_date(inspection.inspected_at)),
        b.Signature("被检查单位签收", addressee),
    ]
    if inspection.representative_refused:
        blocks.append(b.Paragraph("现场负责人拒绝签收，由检查人员注明。"))
    return b.Content(
        title=f"隐患整改通知书 {inspection.notice_number}",
        blocks=tuple(blocks),
        author=office,
        subject=project.name,
    )


def record_response(user: Any, pk: int, fmt: Format) -> HttpResponse:
    """The inspection record of inspection ``pk`` in ``fmt`` (404 outside the user's scope)."""
    inspection = _inspection(user, pk)
    _, data = stored_bytes(
        INSPECTION_RECORD,
        inspection,
        record_content(inspection),
        fmt,
        number=inspection.number,
        issued_at=inspection.inspected_at,
        issued_by=inspection.recorded_by,
    )
    return bytes_download(data, f"检查记录表_{inspection.number}.{fmt}", CONTENT_TYPES[fmt])


def notice_response(user: Any, pk: int, fmt: Format) -> HttpResponse:
    """The rectification notice of inspection ``pk`` in ``fmt`` (404 when it found no hazard)."""
    inspection = _inspection(user, pk)
    if not inspection.notice_number:
        raise Http404
    _, data = stored_bytes(
        RECTIFICATION_NOTICE,
        inspection,
        notice_content(inspection),
        fmt,
        number=inspection.notice_number,
        issued_at=inspection.inspected_at or timezone.now(),
        issued_by=inspection.recorded_by,
    )
    return bytes_download(data, f"隐患整改通知书_{inspection.notice_number}.{fmt}", CONTENT_TYPES[fmt])
