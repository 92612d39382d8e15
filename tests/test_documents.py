"""Notice (告知书) .docx/.pdf and site board (公示牌) PDF: content in Chinese, embedded font, QR code,
access (outsider 404, before acceptance 404, wrong method), API files, the project-page include."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import time
import zoneinfo

import pypdfium2 as pdfium
import pytest
import zxingcpp
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from minorworks.accounts.tokens import issue_token
from minorworks.core.documents import fonts
from minorworks.core.documents.render_pdf import render_pdf
from minorworks.notices.content import notice_content
from minorworks.notices.models import Notice
from minorworks.projects.models import Status

from .conftest import client_for
from .factories import EnterpriseFactory, PersonFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DUMP = os.environ.get("DOCUMENTS_DUMP")  # a directory: keep the rendered files there to look at them


def squash(value: str) -> str:
    """Text without whitespace: extraction breaks lines inside table cells."""
    return re.sub(r"\s+", "", value)


def pdf_text(content: bytes) -> str:
    return squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def pdf_fonts(content: bytes) -> list[dict]:
    """Every font used on any page: base name and whether a TrueType program is embedded."""
    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found.append({"name": str(font["/BaseFont"]), "embedded": "/FontFile2" in descriptor})
    return found


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return squash("".join(parts))


def dump(name: str, content: bytes) -> None:
    if DUMP:
        os.makedirs(DUMP, exist_ok=True)
        with open(os.path.join(DUMP, name), "wb") as handle:
            handle.write(content)


@pytest.fixture
def accepted(world, project_a):
    """Project A accepted, with a site manager, a separate contractor and two hazardous operations."""
    project_a.status = Status.ACCEPTED
    project_a.name = "和平里东街12号院绿地提升工程"
    project_a.number = "DC2026000123"
    project_a.contractor = EnterpriseFactory(name="北京安建园林绿化工程有限公司", kinds=["contractor"])
    project_a.site_manager = PersonFactory(name="王建国", phone="13812345678", id_number="110101198001011234")
    project_a.hazardous_operations = ["height", "hot_work"]
    project_a.save()
    return project_a


@pytest.fixture
def notice(world, accepted):
    return Notice.objects.create(project=accepted, number="DCGZ2026000042", issued_by=world.street_a_officer)


def get(world, persona, path, **extra):
    return client_for(world, persona).get(path, **extra)


# --- notice PDF -----------------------------------------------------------------------------------------


def test_notice_pdf_has_the_project_in_chinese_and_embeds_the_font(world, accepted, notice):
    response = get(world, "street_a_officer", f"/projects/{accepted.pk}/notice.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    dump("notice.pdf", response.content)
    text = pdf_text(response.content)
    for needle in (
        "东城区限额以下工程安全生产管理告知书",
        "DCGZ2026000042",
        "DC2026000123",
        "和平里东街12号院绿地提升工程",
        "北京测试建设有限公司",
        "北京安建园林绿化工程有限公司",
        "王建国",
        "138****5678",  # masked for everyone: documents never show a full personal number
        "北京市东城区和平里街道办事处",
        "二、安全生产",
        "三、环境保护",
        "四、文明施工",
        "五、疫情防控",
        "六、劳务用工管理",
        "七、法律责任",
        "禁止行为",
        "动火作业、高处作业",
        "灭火器",
        "负责人签字",
    ):
        assert squash(needle) in text, needle
    assert "有限空间作业审批" not in text  # requirements only for the declared operations
    assert "13812345678" not in text and "110101198001011234" not in text
    used = pdf_fonts(response.content)
    assert used and all(f["embedded"] for f in used), used
    assert any("NotoSerifSC-Regular" in f["name"] for f in used)
    assert any("NotoSerifSC-Bold" in f["name"] for f in used)


def test_notice_pdf_prints_online_acknowledgement(world, accepted, notice):
    world.builder.display_name = "李建设"
    world.builder.save()
    notice.builder_ack_at = dt.datetime(2026, 11, 23, 14, 5, tzinfo=SHANGHAI)
    notice.builder_ack_by = world.builder
    notice.save()
    content = get(world, "builder", f"/projects/{accepted.pk}/notice.pdf").content
    dump("notice-ack.pdf", content)
    text = pdf_text(content)
    assert squash("已于 2026年11月23日 14:05 在线确认（确认人：李建设）") in text
    assert "负责人签字" in text  # the contractor has not confirmed: its signature line stays


def test_notice_pdf_renders_fast_once_the_font_is_loaded(accepted, notice):
    render_pdf(notice_content(accepted, notice))  # warm the font cache
    started = time.perf_counter()
    render_pdf(notice_content(accepted, notice))
    assert time.perf_counter() - started < 1.0  # about 0.1–0.3 s here; slack for a loaded CI machine


# --- notice .docx ---------------------------------------------------------------------------------------


def test_notice_docx_has_the_project_and_east_asian_fonts(world, accepted, notice):
    response = get(world, "district_admin", f"/projects/{accepted.pk}/notice.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    dump("notice.docx", response.content)
    text = docx_text(response.content)
    for needle in (
        "东城区限额以下工程安全生产管理告知书",
        "DCGZ2026000042",
        "DC2026000123",
        "和平里东街12号院绿地提升工程",
        "北京测试建设有限公司",
        "北京安建园林绿化工程有限公司",
        "王建国",
        "138****5678",
        "劳务用工管理",
        "法律责任",
        "负责人签字",
    ):
        assert squash(needle) in text, needle
    assert "13812345678" not in text
    doc = Document(io.BytesIO(response.content))
    normal = doc.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"
    title_run = doc.paragraphs[0].runs[0]
    assert title_run.text == "东城区限额以下工程安全生产管理告知书"
    assert title_run._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert doc.sections[0].page_width.mm == pytest.approx(210, abs=0.5)


def test_notice_docx_prints_acknowledgement_with_who(world, accepted, notice):
    notice.contractor_ack_at = dt.datetime(2026, 11, 24, 9, 30, tzinfo=SHANGHAI)
    notice.contractor_ack_by = world.builder
    notice.save()
    text = docx_text(get(world, "builder", f"/projects/{accepted.pk}/notice.docx").content)
    assert squash("已于 2026年11月24日 09:30 在线确认（确认人：builder）") in text


# --- site board -----------------------------------------------------------------------------------------


def qr_from_pdf_images(content: bytes) -> list[str]:
    page = PdfReader(io.BytesIO(content)).pages[0]
    found = []
    for image in page.images:
        pil = image.image.convert("L")
        found += [code.text for code in zxingcpp.read_barcodes(pil)]
    return found


def test_board_pdf_shows_public_facts_and_a_scannable_qr(world, accepted, notice):
    response = get(world, "street_a_officer", f"/projects/{accepted.pk}/board.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    dump("board.pdf", response.content)
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == pytest.approx(595.27, abs=1)  # A4
    text = pdf_text(response.content)
    for needle in (
        "限额以下工程公示牌",
        accepted.name,
        accepted.number,
        "北京测试建设有限公司",
        "北京安建园林绿化工程有限公司",
        "王**",  # no public contact declared: the site manager, masked
        "138****5678",
        "12345",
        "12350",
        "和平里街道",
        "北京市东城区和平里街道办事处",
        "DCGZ2026000042",
    ):
        assert squash(needle) in text, needle
    assert "13812345678" not in text and "王建国" not in text
    assert "110101198001011234" not in text
    assert all(f["embedded"] for f in pdf_fonts(response.content))
    assert qr_from_pdf_images(response.content) == [f"http://testserver/p/{accepted.public_id}/"]


def test_board_qr_uses_public_base_url(world, accepted, settings):
    settings.PUBLIC_BASE_URL = "https://aq.dongcheng.example/"
    response = get(world, "builder", f"/projects/{accepted.pk}/board.pdf")
    assert response.status_code == 200  # no notice needed for the board
    assert qr_from_pdf_images(response.content) == [f"https://aq.dongcheng.example/p/{accepted.public_id}/"]


def test_board_qr_scans_from_the_printed_page_at_least_4_cm(world, accepted, notice):
    content = get(world, "street_a_officer", f"/projects/{accepted.pk}/board.pdf").content
    dpi = 100
    page = pdfium.PdfDocument(content)[0].render(scale=dpi / 72).to_pil()  # the page as printed
    codes = zxingcpp.read_barcodes(page)
    assert [c.text for c in codes] == [f"http://testserver/p/{accepted.public_id}/"]
    corners = codes[0].position
    side_px = abs(corners.top_right.x - corners.top_left.x)
    assert side_px / dpi * 2.54 >= 4.0  # symbol width in cm, quiet zone excluded


# --- access ---------------------------------------------------------------------------------------------

DOCS = ("notice.docx", "notice.pdf", "board.pdf", "board.docx")


def test_outsiders_get_404(world, accepted, notice):
    grid_b = UserFactory(
        username="grid-b",
        role="grid_worker",
        district=world.district,
        street=world.street_b,
        community=world.community_b,
    )
    clients = {
        "street_b_officer": client_for(world, "street_b_officer"),
        "other_builder": client_for(world, "other_builder"),
        "grid_worker_b": Client(),
    }
    clients["grid_worker_b"].force_login(grid_b)
    for persona, client in clients.items():
        for doc in DOCS:
            assert client.get(f"/projects/{accepted.pk}/{doc}").status_code == 404, (persona, doc)


def test_anonymous_is_sent_to_login(world, accepted, notice):
    for doc in DOCS:
        response = Client().get(f"/projects/{accepted.pk}/{doc}")
        assert response.status_code == 302, doc
        assert "/accounts/login/" in response["Location"]


def test_nothing_before_acceptance(world, accepted, notice):
    client = client_for(world, "street_a_officer")
    for status in (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.REFUSED):
        accepted.status = status
        accepted.save()
        for doc in DOCS:
            assert client.get(f"/projects/{accepted.pk}/{doc}").status_code == 404, (status, doc)


def test_notice_404_when_not_issued_but_board_available(world, accepted):
    assert get(world, "street_a_officer", f"/projects/{accepted.pk}/notice.pdf").status_code == 404
    assert get(world, "street_a_officer", f"/projects/{accepted.pk}/notice.docx").status_code == 404
    assert get(world, "street_a_officer", f"/projects/{accepted.pk}/board.pdf").status_code == 200


def test_documents_stay_available_after_acceptance(world, accepted, notice):
    client = client_for(world, "grid_worker")
    for status in (Status.IN_PROGRESS, Status.STOPPED, Status.COMPLETED, Status.ARCHIVED):
        accepted.status = status
        accepted.save()
        for doc in DOCS:
            assert client.get(f"/projects/{accepted.pk}/{doc}").status_code == 200, (status, doc)


def test_wrong_method_is_405(world, accepted, notice):
    client = client_for(world, "street_a_officer")
    for doc in DOCS:
        assert client.post(f"/projects/{accepted.pk}/{doc}").status_code == 405, doc
    assert Notice.objects.get(pk=notice.pk).builder_ack_at is None  # nothing changed


def test_department_sees_documents_of_its_sector_only(world, accepted, notice):
    assert get(world, "dept_officer", f"/projects/{accepted.pk}/notice.pdf").status_code == 200
    fitout = ProjectFactory(street=world.street_a, status=Status.ACCEPTED)  # not greening
    Notice.objects.create(project=fitout, number="DCGZ2026000043")
    assert get(world, "dept_officer", f"/projects/{fitout.pk}/notice.pdf").status_code == 404


# --- API ------------------------------------------------------------------------------------------------


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"}


@pytest.mark.parametrize(
    ("doc", "content_type", "magic"),
    [
        ("notice.docx", "application/vnd.openxmlformats", b"PK"),
        ("notice.pdf", "application/pdf", b"%PDF"),
        ("board.pdf", "application/pdf", b"%PDF"),
        ("board.docx", "application/vnd.openxmlformats", b"PK"),
    ],
)
def test_api_files(world, accepted, notice, doc, content_type, magic):
    client = Client()
    url = f"/api/v1/projects/{accepted.pk}/{doc}"
    response = client.get(url, **bearer(world.builder))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response.content.startswith(magic)
    assert client.get(url, **bearer(world.street_b_officer)).status_code == 404
    assert client.get(url).status_code == 401
    assert client.post(url, **bearer(world.builder)).status_code == 405


def test_api_notice_text_and_404_before_acceptance(world, accepted, notice):
    client = Client()
    response = client.get(f"/api/v1/projects/{accepted.pk}/notice.pdf", **bearer(world.street_a_officer))
    assert "和平里东街12号院绿地提升工程" in pdf_text(response.content)
    accepted.status = Status.SUBMITTED
    accepted.save()
    refused = client.get(f"/api/v1/projects/{accepted.pk}/notice.pdf", **bearer(world.street_a_officer))
    assert refused.status_code == 404
    assert refused.json() == {"detail": "未找到。"}


# --- fonts ----------------------------------------------------------------------------------------------


def test_font_discovery_uses_the_npm_files_then_the_configured_path(settings):
    regular, bold = fonts.cjk_font("regular"), fonts.cjk_font("bold")
    assert regular.embedded and regular.path.endswith("400Regular/NotoSerifSC_400Regular.ttf")
    assert bold.embedded and bold.path.endswith("700Bold/NotoSerifSC_700Bold.ttf")
    assert regular.path.startswith(str(settings.NODE_MODULES))
    settings.CJK_FONT_PATH = bold.path  # any TrueType file: the configured one wins
    assert fonts.cjk_font("regular").path == bold.path
    settings.CJK_BOLD_FONT_PATH = regular.path
    assert fonts.cjk_font("bold").path == regular.path


def test_font_discovery_falls_back_to_debian_then_to_the_cid_font(
    settings, monkeypatch, tmp_path, accepted, notice
):
    settings.CJK_FONT_PATH = "/nonexistent/font.ttf"
    settings.NODE_MODULES = tmp_path  # no npm install
    assert fonts.candidate_paths("bold") == [
        str(tmp_path / "@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf"),
        *fonts.DEBIAN_PATHS,
    ]
    monkeypatch.setattr(fonts, "DEBIAN_PATHS", ("/nonexistent/other.ttc",))
    font = fonts.cjk_font()
    assert font.name == "STSong-Light" and not font.embedded
    content = render_pdf(notice_content(accepted, notice))
    assert "和平里东街12号院绿地提升工程" in pdf_text(content)  # still extracts, though not embedded
    assert not any(f["embedded"] for f in pdf_fonts(content))


# --- include on the project page ------------------------------------------------------------------------


def render_include(world, project) -> str:
    """The documents panel of the project page, rendered with its context function (the page's seam)."""
    from minorworks.notices.panels import documents_panel

    request = RequestFactory().get(f"/projects/{project.pk}/")
    request.user = world.street_a_officer
    return render_to_string(
        "notices/_project_documents.html",
        {"project": project, "request": request, "panel": documents_panel(project, request)},
    )


def test_include_links_documents_with_at_most_one_query(world, accepted, notice):
    with CaptureQueriesContext(connection) as queries:
        html = render_include(world, accepted)
    assert len(queries) <= 1
    for url in (
        f"/projects/{accepted.pk}/notice.docx",
        f"/projects/{accepted.pk}/notice.pdf",
        f"/projects/{accepted.pk}/board.pdf",
        f"/p/{accepted.public_id}/",
    ):
        assert f'href="{url}"' in html
    assert "DCGZ2026000042" in html


def test_include_without_notice_and_before_acceptance(world, accepted, project_a):
    html = render_include(world, accepted)
    assert "notice.pdf" not in html and "board.pdf" in html
    accepted.status = Status.SUBMITTED
    accepted.save()
    html = render_include(world, accepted)
    assert "board.pdf" not in html and "/p/" not in html


def test_board_stays_one_page_with_a_very_long_name(world, accepted):
    accepted.name = (
        "和平里东街十二号院及周边背街小巷环境整治提升暨架空线入地配套绿地改造工程" * 4
    )  # ~150 chars
    accepted.save()
    content = get(world, "street_a_officer", f"/projects/{accepted.pk}/board.pdf").content
    dump("board-long.pdf", content)
    assert len(PdfReader(io.BytesIO(content)).pages) == 1
    assert squash(accepted.name) in pdf_text(content)
    assert qr_from_pdf_images(content) == [f"http://testserver/p/{accepted.public_id}/"]


def test_project_page_shows_the_document_links(world, accepted, notice):
    html = get(world, "builder", f"/projects/{accepted.pk}/").content.decode()
    assert 'data-testid="project-documents"' in html
    assert f'href="/projects/{accepted.pk}/notice.pdf"' in html
    assert f'href="/p/{accepted.public_id}/"' in html


# --- the board's public contact -------------------------------------------------------------------------


def test_board_shows_the_declared_public_contact_in_full_and_an_individual_builder_as_such(
    world, accepted, notice
):
    accepted.public_contact_name = "李经理"
    accepted.public_contact_phone = "13911112222"
    accepted.save()
    world.builder.enterprise.name = "张三"
    world.builder.enterprise.is_individual = True
    world.builder.enterprise.save()
    text = pdf_text(get(world, "street_a_officer", f"/projects/{accepted.pk}/board.pdf").content)
    assert "现场联系人李经理" in text and "联系电话13911112222" in text
    assert "建设单位个人" in text and "张三" not in text
    assert "王建国" not in text and "王**" not in text and "138****5678" not in text
    docx = docx_text(get(world, "street_a_officer", f"/projects/{accepted.pk}/board.docx").content)
    assert "李经理" in docx and "13911112222" in docx and "张三" not in docx and "个人" in docx
