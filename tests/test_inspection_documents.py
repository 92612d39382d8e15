"""The inspection record, the rectification notice and the stop-work order render Chinese, embed the font,
show no personal number, and are scoped (text extracted; first pages rendered to PNG and looked at)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from docx import Document
from pypdf import PdfReader

from minorworks.accounts.tokens import issue_token
from minorworks.inspections.services import ResultIn, record_inspection
from minorworks.projects.models import Status
from minorworks.review import workflow
from minorworks.stoporders.models import StopOrder

from .conftest import client_for
from .pdf_checks import assert_embeds_noto_serif, render_first_page
from .workflow_support import make_project

pytestmark = pytest.mark.django_db


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def inspected(world):
    project = make_project(world, Status.IN_PROGRESS, hazardous_operations=["hot_work"])
    return record_inspection(
        actor=world.street_a_officer,
        project=project,
        kind="patrol",
        inspected_at=None,
        results=[
            ResultIn(item_code="A01", answer="pass"),
            ResultIn(item_code="E04", answer="fail", note="动火点未配备灭火器，无专人监护"),
            ResultIn(item_code="A02", answer="fail", note="施工单位安全生产许可证已过期"),
        ],
        site_representative="张经理",
    )


def test_the_record_and_the_notice_as_pdf(world, inspected):
    inspection = inspected.inspection
    client = client_for(world, "street_a_officer")
    record = client.get(f"/inspections/{inspection.pk}/record.pdf")
    assert record.status_code == 200 and record["Content-Type"] == "application/pdf"
    text = squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(record.content)).pages))
    for needle in (
        "限额以下工程安全检查记录表",
        inspection.number,
        "不符合",
        "动火点未配备灭火器",
        "日常巡查",
    ):
        assert squash(needle) in text, needle
    assert "13812345678" not in text
    assert_embeds_noto_serif(record.content)
    render_first_page(record.content, "inspection-record")
    notice = client.get(f"/inspections/{inspection.pk}/rectification-notice.pdf")
    text = squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(notice.content)).pages))
    for needle in (
        "隐患整改通知书",
        inspection.notice_number,
        "重大隐患",
        "一般隐患",
        "整改要求",
        "第六十五条",
    ):
        assert squash(needle) in text, needle
    assert_embeds_noto_serif(notice.content)
    render_first_page(notice.content, "rectification-notice")
    again = client.get(f"/inspections/{inspection.pk}/rectification-notice.pdf")
    assert again.content == notice.content  # the stored document, not a new rendering


def test_docx_and_api_and_scope(world, inspected):
    inspection = inspected.inspection
    docx = client_for(world, "builder").get(f"/inspections/{inspection.pk}/rectification-notice.docx")
    assert docx.status_code == 200
    body = "".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "隐患整改通知书" in body
    token = issue_token(world.district_admin)
    api = Client().get(
        f"/api/v1/inspections/{inspection.pk}/record.pdf", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert api.status_code == 200 and api.content.startswith(b"%PDF")
    assert (
        client_for(world, "street_b_officer").get(f"/inspections/{inspection.pk}/record.pdf").status_code
        == 404
    )


def test_a_passed_inspection_has_no_rectification_notice(world):
    project = make_project(world, Status.IN_PROGRESS)
    passed = record_inspection(
        actor=world.street_a_officer,
        project=project,
        kind="patrol",
        inspected_at=None,
        results=[ResultIn(item_code="A01", answer="pass")],
    ).inspection
    assert passed.notice_number == ""
    assert (
        client_for(world, "street_a_officer")
        .get(f"/inspections/{passed.pk}/rectification-notice.pdf")
        .status_code
        == 404
    )


def test_the_stop_order_document(world):
    project = make_project(world, Status.IN_PROGRESS)
    workflow.perform(
        "stop",
        project,
        actor=world.street_a_officer,
        reason="脚手架连墙件缺失",
        extent="part",
        extent_detail="东侧脚手架",
        measures="停止脚手架上作业",
    )
    order = StopOrder.objects.get(project=project)
    response = client_for(world, "street_a_officer").get(f"/stop-orders/{order.pk}/order.pdf")
    assert response.status_code == 200
    text = squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages))
    for needle in (
        "责令停工通知书",
        order.number,
        "《中华人民共和国安全生产法》第六十五条",
        "东侧脚手架",
        "复查合格",
    ):
        assert squash(needle) in text, needle
    assert_embeds_noto_serif(response.content)
    render_first_page(response.content, "stop-order")
    token = issue_token(world.builder)
    api = Client().get(f"/api/v1/stop-orders/{order.pk}/order.docx", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 200
