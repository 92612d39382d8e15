"""Shared test data for registration tests: a complete registration as posted by the page, and files."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def day(offset: int) -> str:
    """An ISO date ``offset`` days from today."""
    return (timezone.localdate() + dt.timedelta(days=offset)).isoformat()


def full_post(world, **overrides) -> dict:
    """A complete registration form post (one worker with an electrician's certificate)."""
    data = {
        "name": "和平里东街15号院商铺装修工程",
        "project_type": "fitout",
        "builder_name": "北京和平里商贸有限公司",
        "builder_credit_code": "91110101MA01234567",
        "contractor_name": "北京安达装饰工程有限公司",
        "contractor_credit_code": "91110101MA07654321",
        "qualification_number": "D211000001",
        "qualification_expires": day(700),
        "safety_licence_number": "(京)JZ安许证字[2024]000123",
        "safety_licence_expires": day(700),
        "designer_name": "北京设计院",
        "supervisor_name": "",
        "property_company_name": "和平里物业",
        "street": world.street_a.code,
        "community": world.community_a.code,
        "address": "北京市东城区和平里东街15号",
        "latitude": "39.958321",
        "longitude": "116.417201",
        "investment": "800000",
        "floor_area": "260",
        "planned_start": day(10),
        "planned_end": day(70),
        "content": "商铺室内装修，含水电改造",
        "hazardous_operations": ["temp_power"],
        "site_manager_name": "王建国",
        "site_manager_phone": "13911112222",
        "workers-TOTAL_FORMS": "2",
        "workers-INITIAL_FORMS": "0",
        "workers-MIN_NUM_FORMS": "0",
        "workers-MAX_NUM_FORMS": "200",
        "workers-0-name": "李电工",
        "workers-0-id_number": "110101198001011234",
        "workers-0-phone": "13800001111",
        "workers-0-trade": "电工",
        "workers-0-certificate_kind": "electrician",
        "workers-0-certificate_number": "T20240001",
        "workers-0-certificate_expires": day(400),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    """A file as a browser would post it."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def docx_bytes() -> bytes:
    """A real .docx file."""
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("施工合同")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    """A real .xlsx file."""
    import openpyxl

    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "工人名单"
    book.save(buffer)
    return buffer.getvalue()


def zip_bytes() -> bytes:
    """A zip that is not an Office document."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.txt", "not a document")
    return buffer.getvalue()
