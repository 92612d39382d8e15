"""Documents of issue 11 render Chinese: the quick report (事故快报), the investigation record, the minutes
(会议纪要) and the attendance list (安全培训签到表) — text extracted from the PDF and the .docx, and the first page
rendered to test-artifacts/*.png to be looked at. Personal numbers stay masked in every one."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
from docx import Document
from pypdf import PdfReader

from minorworks.accidents.services import report_accident
from minorworks.meetings.models import Member
from minorworks.meetings.services import call_meeting, issue_minutes
from minorworks.meetings.services import sign_in as meeting_sign_in
from minorworks.training.services import hold_training, sign_in

from .conftest import client_for
from .pdf_checks import assert_embeds_noto_serif, render_first_page
from .test_documents import squash

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=TZ)


def _pdf_text(content: bytes) -> str:
    return squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return squash("".join([*(p.text for p in document.paragraphs), *cells]))


def test_the_quick_report_and_the_investigation_record(world, project_a):
    accident = report_accident(
        actor=world.street_a_officer, project=project_a, occurred_at=NOW, head_informed_at=NOW + dt.timedelta(minutes=20),
        place="二层楼板临边", course="工人搬运模板时从临边坠落，送医抢救无效死亡。", deaths=1, serious_injuries=1,
        direct_loss=1500000, measures="立即停止作业，封闭现场。",
        casualties=[{"name": "张三丰", "id_number": "110101199001011234", "outcome": "death"}],
    )  # fmt: skip
    client = client_for(world, "street_a_officer")
    pdf = client.get(f"/accidents/{accident.pk}/quick-report.pdf")
    assert pdf.status_code == 200
    text = _pdf_text(pdf.content)
    for expected in (
        "事故快报",
        accident.number,
        "工人搬运模板时从临边坠落",
        "一般事故",
        "张**",
        "1101**********1234",
        "第九条",
    ):
        assert expected in text, expected
    assert "张三丰" not in text and "110101199001011234" not in text
    assert_embeds_noto_serif(pdf.content)
    render_first_page(pdf.content, "accident-quick-report")
    docx = client.get(f"/accidents/{accident.pk}/quick-report.docx")
    assert "事故快报" in _docx_text(docx.content) and "张三丰" not in _docx_text(docx.content)
    record = client.get(f"/accidents/{accident.pk}/investigation.pdf")
    assert "事故调查处理记录" in _pdf_text(record.content) and "四不放过" in _pdf_text(record.content)
    render_first_page(record.content, "accident-investigation")
    assert (
        client_for(world, "street_b_officer").get(f"/accidents/{accident.pk}/quick-report.pdf").status_code
        == 404
    )


def test_the_minutes(world):
    member = Member.objects.create(
        district=world.district, kind="street", name=world.street_a.name, street=world.street_a
    )
    meeting = call_meeting(
        actor=world.district_admin, title="2026年第二次安全生产联席会议", starts_at=NOW, ends_at=NOW + dt.timedelta(hours=2),
        place="区政府第三会议室", agenda="限额以下工程安全形势分析；部署汛期安全检查。",
    )  # fmt: skip
    meeting_sign_in(meeting, name="李主任", unit=world.street_a.name, phone="13812345678")
    client = client_for(world, "district_admin")
    assert client.get(f"/meetings/{meeting.pk}/minutes.pdf").status_code == 404  # not issued yet
    meeting = issue_minutes(
        meeting, actor=world.district_admin, minutes="会议要求各街道开展汛期专项排查。",
        items=[{"task": "完成辖区限额以下工程汛期专项排查", "owner": member.pk, "due": dt.date(2026, 6, 15)}],
    )  # fmt: skip
    pdf = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    text = _pdf_text(pdf.content)
    for expected in (
        "会议纪要",
        meeting.minutes_number,
        "汛期专项排查",
        world.street_a.name,
        "2026年6月15日",
    ):
        assert expected in text, expected
    assert "13812345678" not in text
    assert_embeds_noto_serif(pdf.content)
    render_first_page(pdf.content, "meeting-minutes")
    assert "会议纪要" in _docx_text(client.get(f"/meetings/{meeting.pk}/minutes.docx").content)


def test_the_attendance_list(world):
    training = hold_training(
        actor=world.street_a_officer, topic="高处作业安全培训", starts_at=NOW, ends_at=NOW + dt.timedelta(hours=2),
        place="街道会议室", trainer="王老师", audience="施工人员",
    )  # fmt: skip
    sign_in(training, name="刘一", unit="北京测试建设有限公司", phone="13911112222")
    client = client_for(world, "street_a_officer")
    pdf = client.get(f"/trainings/{training.pk}/attendance.pdf")
    text = _pdf_text(pdf.content)
    for expected in ("安全培训签到表", "高处作业安全培训", "刘一", "139****2222", "扫码签到", "有效"):
        assert expected in text, expected
    assert "13911112222" not in text
    render_first_page(pdf.content, "training-attendance")
    docx = _docx_text(client.get(f"/trainings/{training.pk}/attendance.docx").content)
    assert "刘一" in docx and "13911112222" not in docx
