"""The quick report (事故快报) and the investigation record as block trees, and their scoped downloads."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from minorworks.core.documents import blocks as b
from minorworks.core.documents.kinds import declare
from minorworks.core.documents.store import CONTENT_TYPES, Format, stored_bytes
from minorworks.core.downloads import bytes_download
from minorworks.core.figures import cn_date
from minorworks.core.masking import mask_id_number

from .deadlines import deadlines_of
from .detail import get_accident_for, mask_name
from .grading import GRADE_ZH
from .models import Accident, Kind, Outcome

QUICK_REPORT = declare("accident_quick_report", "事故快报")
INVESTIGATION_RECORD = declare("accident_investigation", "事故调查处理记录")
KIND_ZH: dict[str, str] = {
    Kind.CONSTRUCTION: "建筑施工",
    Kind.FIRE: "火灾",
    Kind.ROAD_TRAFFIC: "道路交通",
    Kind.OTHER: "其他",
}
OUTCOME_ZH: dict[str, str] = {
    Outcome.DEATH: "死亡",
    Outcome.MISSING: "失踪",
    Outcome.SERIOUS: "重伤",
    Outcome.MINOR: "轻伤",
}


def _t(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y年%m月%d日 %H时%M分") if value else ""


def _site(accident: Accident) -> str:
    if accident.project_id:
        return f"{accident.project.name}（登记编号：{accident.project.number}）"
    return f"{accident.site}（未办理限额以下工程登记）"


def quick_report_content(accident: Accident) -> b.Content:
    """事故快报: unit, time, place, course, casualties (names masked), loss, measures, grade and deadlines."""
    due = deadlines_of(accident)
    casualties = [
        (mask_name(c.name), mask_id_number(c.id_number), OUTCOME_ZH.get(c.outcome, c.outcome))
        for c in accident.casualties.all()
    ]
    blocks: list[b.Block] = [
        b.Title("事故快报"),
        b.NumberLine(f"编号：{accident.number}"),
        b.Facts(
            (
                ("事故发生单位", accident.unit),
                ("工程项目", _site(accident)),
                ("事故类别", KIND_ZH.get(accident.kind, accident.kind)),
                ("发生时间", _t(accident.occurred_at)),
                ("负责人接报时间", _t(accident.head_informed_at)),
                ("发生地点", accident.place),
                ("所在街道", accident.street.name),
                ("死亡（人）", str(accident.deaths)),
                ("失踪（人）", str(accident.missing)),
                ("重伤（人）", str(accident.serious_injuries)),
                ("轻伤（人）", str(accident.minor_injuries)),
                ("直接经济损失", f"{accident.direct_loss:,.2f}元（初步估计）"),
                ("事故等级", f"{GRADE_ZH[accident.grade]}事故（初判）"),
            )
        ),
        b.Heading("事故简要经过"),
        b.Paragraph(accident.course),
        b.Heading("已经采取的措施"),
        b.Paragraph(accident.measures or "（未填写）"),
    ]
    if casualties:
        blocks += [b.Heading("伤亡人员"), b.Table(("姓名", "身份证号码", "伤亡情况"), tuple(casualties))]
    blocks += [
        b.Heading("报告时限"),
        b.Paragraph(
            f"事故发生单位应于{_t(due['report_due'])}前报告（《生产安全事故报告和调查处理条例》第九条）；"
            f"逐级上报每级不超过2小时（第十一条）；伤亡人数变化应于{cn_date(due['supplement_until'])}前补报（第十三条）；"
            f"事故调查报告应于{cn_date(due['investigation_due'])}前提交（第二十九条）。"
        ),
        b.Issuer(f"报告人：{accident.reported_by or ''}", cn_date(accident.reported_at)),
    ]
    return b.Content(title=f"事故快报 {accident.number}", blocks=tuple(blocks), author=accident.unit)


def investigation_content(accident: Accident) -> b.Content:
    """事故调查处理记录: team, causes, nature, responsibility, proposals, measures, report, reply, 四不放过."""
    due = deadlines_of(accident)
    check = "已落实"
    blocks: list[b.Block] = [
        b.Title("事故调查处理记录"),
        b.NumberLine(f"编号：{accident.number}"),
        b.Facts(
            (
                ("事故", f"{_site(accident)} {_t(accident.occurred_at)} {GRADE_ZH[accident.grade]}事故"),
                ("牵头部门", accident.lead_department.name if accident.lead_department_id else ""),
                ("调查组成员", accident.team_members),
                ("调查报告时限", cn_date(due["investigation_due"])),
                ("调查报告报送时间", _t(accident.report_received_at)),
                ("批复时限", cn_date(due["reply_due"]) if due["reply_due"] else ""),
            )
        ),
        b.Heading("事故原因"),
        b.Paragraph(accident.causes or "（调查中）"),
        b.Heading("事故性质"),
        b.Paragraph(accident.nature or "（调查中）"),
        b.Heading("责任认定"),
        b.Paragraph(
            f"责任单位：{accident.responsible_units or '—'}；责任人员：{accident.responsible_persons or '—'}。"
        ),
        b.Heading("处理建议"),
        b.Paragraph(accident.handling_proposals or "（调查中）"),
        b.Heading("防范和整改措施"),
        b.Paragraph(accident.preventive_measures or "（调查中）"),
        b.Heading("人民政府批复"),
        b.Paragraph(accident.reply or "（尚未批复）"),
        b.Heading("“四不放过”核查"),
        b.Facts(
            (
                ("事故原因未查清不放过", check if accident.cause_found else "未落实"),
                ("责任人员未处理不放过", check if accident.responsible_handled else "未落实"),
                ("有关人员未受到教育不放过", check if accident.people_educated else "未落实"),
                ("整改措施未落实不放过", check if accident.measures_taken else "未落实"),
            )
        ),
    ]
    office = accident.lead_department.name if accident.lead_department_id else accident.street.name
    blocks.append(b.Issuer(f"{office}（盖章）", cn_date(accident.closed_at or timezone.now())))
    return b.Content(title=f"事故调查处理记录 {accident.number}", blocks=tuple(blocks), author=office)


def document_response(user: Any, pk: int, which: str, fmt: Format) -> HttpResponse:
    """The quick report or the investigation record of accident ``pk`` in ``fmt`` (404 outside the scope)."""
    accident = get_accident_for(user, pk)
    if which == "quick-report":
        kind, content, name = QUICK_REPORT, quick_report_content(accident), "事故快报"
    else:
        kind, content, name = INVESTIGATION_RECORD, investigation_content(accident), "事故调查处理记录"
    _, data = stored_bytes(
        kind,
        accident,
        content,
        fmt,
        number=accident.number,
        issued_at=accident.reported_at,
        issued_by=accident.reported_by,
    )
    return bytes_download(data, f"{name}_{accident.number}.{fmt}", CONTENT_TYPES[fmt])
