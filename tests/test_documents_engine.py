"""The numbered-documents engine (core.documents): block tree and its hash, heading numbers, declared kinds
and their sequences, both renderers (GB/T 9704 layout, fonts, tables that split, page numbers), and stored
versions (one rendering per content, same bytes on re-download, a new version under the same number when
the facts change, every version kept, damaged files replaced)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zoneinfo

import pytest
from django.core.files.storage import default_storage
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from minorworks.core.documents import blocks as b
from minorworks.core.documents import kinds, store
from minorworks.core.documents.render_docx import render_docx
from minorworks.core.documents.render_pdf import chunks, render_pdf
from minorworks.core.models import DocumentVersion, IssuedDocument, Sequence
from minorworks.notices.lifecycle import NOTICE, next_notice_number
from minorworks.notices.models import Notice

from .pdf_checks import assert_embeds_noto_serif, render_first_page

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TOY = kinds.declare("toy_order", "测试通知书", "东城住建告〔{year}〕{n}号")


def every_block(number: str = "东城住建告〔2026〕1号") -> b.Content:
    """One of each block type."""
    return b.Content(
        title="关于开展限额以下工程专项检查的通知",
        author="北京市东城区住房和城市建设委员会",
        blocks=(
            b.Title("关于开展限额以下工程专项检查的通知"),
            b.NumberLine(number, align="center"),
            b.Addressee("各街道办事处："),
            b.Paragraph("为落实安全生产责任，现就有关事项通知如下。\n第二段另起一行。"),
            b.Heading("检查范围"),
            b.Heading("工程类别", level=2),
            b.NumberedList(("门店装修。", "屋面修缮。")),
            b.Heading("检查内容", level=2),
            b.Facts((("检查时间", "2026年12月1日至12月31日"), ("牵头单位", "区住建委"))),
            b.Heading("工作要求"),
            b.Table(
                header=("街道", "检查次数", "隐患数"),
                rows=(("和平里街道", "12", "3"), ("体育馆路街道", "8", "1")),
                widths=(2, 1, 1),
            ),
            b.Signature(
                "建设单位", "北京测试建设有限公司", "已于 2026年12月1日 09:30 在线确认（确认人：李建设）"
            ),
            b.Signature("施工单位", "北京安建园林绿化工程有限公司"),
            b.Issuer("北京市东城区住房和城市建设委员会", "2026年12月1日"),
            b.PageBreak(),
            b.Paragraph("附件：检查表", indent=False),
        ),
    )


# --- blocks ---------------------------------------------------------------------------------------------


def test_content_hash_is_stable_and_sees_every_field():
    assert b.content_hash(every_block()) == b.content_hash(every_block())
    assert b.content_hash(every_block()) != b.content_hash(every_block("东城住建告〔2026〕2号"))
    plain = b.Content(title="t", blocks=(b.Paragraph("正文"),))
    assert b.content_hash(plain) != b.content_hash(
        b.Content(title="t", blocks=(b.Paragraph("正文", indent=False),))
    )
    assert b.content_hash(plain) != b.content_hash(b.Content(title="t", blocks=(b.Addressee("正文"),)))


def test_headings_are_numbered_per_level_and_restart():
    content = every_block()
    labels = b.heading_labels(content.blocks)
    assert list(labels.values()) == ["一、检查范围", "（一）工程类别", "（二）检查内容", "二、工作要求"]
    assert (
        b.chinese_number(10) == "十" and b.chinese_number(12) == "十二" and b.chinese_number(21) == "二十一"
    )


def test_chunks_cut_at_sentence_ends_and_never_exceed_the_size():
    text = "第一句。" * 300 + "无标点" * 500
    pieces = chunks(text, 100)
    assert "".join(pieces) == text
    assert all(len(p) <= 100 for p in pieces)
    assert pieces[0].endswith("。")


# --- kinds ----------------------------------------------------------------------------------------------


def test_numbers_come_from_one_sequence_per_kind_district_and_year():
    assert TOY.next_number(district="DC", year=2026) == "东城住建告〔2026〕1号"
    assert TOY.next_number(district="DC", year=2026) == "东城住建告〔2026〕2号"
    assert TOY.next_number(district="DC", year=2027) == "东城住建告〔2027〕1号"
    assert TOY.next_number(district="XC", year=2026) == "东城住建告〔2026〕1号"  # its own counter
    assert Sequence.objects.get(name="toy_order-DC-2026").value == 2


def test_a_kind_is_declared_once():
    assert (
        kinds.declare("toy_order", "测试通知书", "东城住建告〔{year}〕{n}号") is TOY
        or kinds.KINDS["toy_order"] == TOY
    )
    with pytest.raises(ValueError, match="declared twice"):
        kinds.declare("toy_order", "另一个名字")
    with pytest.raises(ValueError, match="no number"):
        kinds.DocumentKind("unnumbered", "无编号文书").next_number(district="DC")


def test_notice_numbers_continue_the_counter_they_had_before_the_engine():
    year = dt.date.today().year
    Sequence.objects.create(name=f"notice-DC-{year}", value=41)  # as left by the old numbering code
    assert next_notice_number("110101") == f"DCGZ{year}000042"
    assert NOTICE.sequence_name("DC", year) == f"notice-DC-{year}"


# --- renderers ------------------------------------------------------------------------------------------


def test_pdf_renders_every_block_with_page_numbers_and_embedded_fonts():
    content = every_block()
    pdf = render_pdf(content)
    reader = PdfReader(io.BytesIO(pdf))
    last = reader.pages[-1].extract_text().split()
    assert sorted(last) == sorted(["附件：检查表", "—", str(len(reader.pages)), "—"])  # alone after the break
    text = reader.pages[0].extract_text() + reader.pages[1].extract_text()
    for needle in (
        "关于开展限额以下工程专项检查的通知",
        "一、检查范围",
        "（二）检查内容",
        "1. 门店装修。",
        "体育馆路街道",
        "— 1 —",
    ):
        assert needle in text, needle
    assert "— 2 —" in reader.pages[1].extract_text()
    assert (
        "北京市东城区住房和城市建设委员会" in reader.pages[-2].extract_text()
    )  # the issuer before the break
    assert reader.metadata.title == content.title
    assert_embeds_noto_serif(pdf)
    render_first_page(pdf, "engine-every-block")


def test_docx_follows_gb_t_9704():
    doc = Document(io.BytesIO(render_docx(every_block())))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (
        section.top_margin.mm,
        section.bottom_margin.mm,
        section.left_margin.mm,
        section.right_margin.mm,
    )
    assert [round(m) for m in margins] == [37, 35, 28, 26]
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    by_text = {p.text: p for p in doc.paragraphs if p.text}

    def east_asian(text):
        return by_text[text].runs[0]._r.rPr.rFonts.get(qn("w:eastAsia"))

    title = by_text["关于开展限额以下工程专项检查的通知"]
    assert east_asian(title.text) == "方正小标宋简体" and title.runs[0].font.size.pt == 22
    assert east_asian("一、检查范围") == "黑体"
    assert east_asian("（一）工程类别") == "楷体_GB2312"
    body = by_text["为落实安全生产责任，现就有关事项通知如下。"]
    assert east_asian(body.text) == "仿宋_GB2312" and body.runs[0].font.size.pt == 16
    assert body.paragraph_format.line_spacing.pt == pytest.approx(28.9, abs=0.05)
    assert body.paragraph_format.first_line_indent.pt == 32
    assert "第二段另起一行。" in by_text  # a newline starts a paragraph
    # Page numbers 「— 1 —」 in 宋体 14 pt: odd pages right, even pages left.
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer in (odd, even):
        xml = footer._p.xml
        assert 'w:instr="PAGE"' in xml and "— " in footer.text and " —" in footer.text
        assert footer.runs[0].font.size.pt == 14
        assert footer.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert odd.alignment == 2 and even.alignment == 0  # RIGHT, LEFT
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["街道", "检查次数", "隐患数"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # header repeats on every page


def test_a_table_cell_taller_than_a_page_splits_and_flows():
    long = "拆除原有地面铺装、更换给排水管线并恢复绿化。" * 150  # ~3,300 characters
    content = b.Content(
        title="t",
        blocks=(
            b.Title("长表格"),
            b.Facts((("施工内容", long[:1400]), ("备注", long))),
            b.Table(header=("序号", "说明"), rows=(("1", long[:1400]), ("2", long))),
        ),
    )
    pdf = render_pdf(content)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 6
    text = "".join(p.extract_text() for p in reader.pages).replace("\n", "")
    assert text.count("（详见表后）") == 4  # the cells taller than most of a page moved below their tables
    assert "施工内容：" in text and "备注：" in text and "1. 说明：" in text and "2. 说明：" in text
    assert text.count("恢复绿化") >= 2 * 150


def test_board_layout_stays_on_one_page_whatever_the_lengths():
    long = "很长的工程名称" * 60
    content = b.Content(
        title="公示牌",
        layout="board",
        footer=("左", "右"),
        blocks=(
            b.Title("限额以下工程公示牌"),
            b.Facts(tuple((f"项目{i}", long) for i in range(6))),
            b.QRCode(
                "https://example.test/p/x/",
                captions=("扫码",),
                aside_title="监督举报电话",
                aside=(("12345", "热线"),),
            ),
            b.Paragraph(long, indent=False, small=True),
        ),
    )
    pdf = render_pdf(content)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert len(Document(io.BytesIO(render_docx(content))).inline_shapes) == 1  # the QR code picture


# --- stored versions ------------------------------------------------------------------------------------


@pytest.fixture
def notice(world, project_a):
    return Notice.objects.create(project=project_a, number="DCGZ2026000042", issued_by=world.street_a_officer)


@pytest.fixture
def renders(monkeypatch):
    """Counts renderings per format."""
    counts = {"pdf": 0, "docx": 0}
    for fmt, render in list(store.RENDERERS.items()):

        def counting(content, fmt=fmt, render=render):
            counts[fmt] += 1
            return render(content)

        monkeypatch.setitem(store.RENDERERS, fmt, counting)
    return counts


def test_first_download_stores_both_formats_with_checksums(world, notice, renders):
    version, pdf = store.stored_bytes(
        NOTICE,
        notice,
        every_block(),
        "pdf",
        number=notice.number,
        issued_at=notice.issued_at,
        issued_by=world.street_a_officer,
    )
    assert renders == {"pdf": 1, "docx": 1}
    document = IssuedDocument.objects.get()
    assert (document.kind, document.number, document.object_type, document.object_id) == (
        "notice",
        "DCGZ2026000042",
        "notices.notice",
        str(notice.pk),
    )
    assert document.issued_by == world.street_a_officer and document.year == notice.issued_at.year
    assert document.title == every_block().title
    assert version.version == 1 and version.content_hash == b.content_hash(every_block())
    assert version.pdf_sha256 == hashlib.sha256(pdf).hexdigest() and version.pdf_size == len(pdf)
    docx = default_storage.open(version.docx_file.name).read()
    assert version.docx_sha256 == hashlib.sha256(docx).hexdigest() and version.docx_size == len(docx)
    assert docx.startswith(b"PK") and pdf.startswith(b"%PDF")


def test_a_re_download_serves_the_stored_bytes_without_rendering(notice, renders):
    _, first = store.stored_bytes(NOTICE, notice, every_block(), "pdf", number=notice.number)
    _, again = store.stored_bytes(NOTICE, notice, every_block(), "pdf", number=notice.number)
    _, docx = store.stored_bytes(NOTICE, notice, every_block(), "docx", number=notice.number)
    assert again == first and docx.startswith(b"PK")
    assert renders == {"pdf": 1, "docx": 1}
    assert DocumentVersion.objects.count() == 1


def test_changed_facts_store_a_new_version_under_the_same_number(notice, renders):
    before, _ = store.stored_bytes(NOTICE, notice, every_block(), "pdf", number=notice.number)
    changed = b.Content(title=every_block().title, blocks=(*every_block().blocks, b.Paragraph("已确认。")))
    after, _ = store.stored_bytes(NOTICE, notice, changed, "pdf", number="ignored: the number stays")
    assert (before.version, after.version) == (1, 2)
    assert after.document_id == before.document_id and after.document.number == "DCGZ2026000042"
    assert renders == {"pdf": 2, "docx": 2}
    versions = list(DocumentVersion.objects.filter(document=after.document).order_by("version"))
    assert [v.version for v in versions] == [1, 2]  # every version kept …
    assert all(default_storage.exists(v.pdf_file.name) for v in versions)
    newest, _ = store.stored_bytes(NOTICE, notice, changed, "pdf")
    assert newest.pk == after.pk  # … and the newest served


def test_a_damaged_stored_file_is_replaced_by_a_fresh_rendering(notice, renders, caplog):
    version, good = store.stored_bytes(NOTICE, notice, every_block(), "pdf")
    with default_storage.open(version.pdf_file.name, "wb") as handle:
        handle.write(b"tampered")
    fresh, data = store.stored_bytes(NOTICE, notice, every_block(), "pdf")
    assert fresh.version == 2 and data.startswith(b"%PDF")
    assert "missing or damaged" in caplog.text
    with pytest.raises(store.DamagedFile):
        store.read(version, "pdf")


def test_issue_draws_a_number_once_and_builds_the_content_with_it(world, notice):
    version = store.issue(TOY, notice, every_block, district="DC", actor=world.district_admin)
    year = dt.date.today().year
    assert version.document.number == f"东城住建告〔{year}〕1号"
    assert version.document.issued_by == world.district_admin
    again = store.issue(TOY, notice, every_block, district="DC", actor=world.district_admin)
    assert again.pk == version.pk  # same record, same number, same content: nothing new
    assert Sequence.objects.get(name=f"toy_order-DC-{year}").value == 1
    text = PdfReader(io.BytesIO(store.read(version, "pdf"))).pages[0].extract_text()
    assert f"东城住建告〔{year}〕1号" in text


def test_a_concurrent_twin_keeps_one_version(notice, monkeypatch):
    document = store._document(NOTICE, notice, every_block(), number="", issued_at=None, issued_by=None)
    digest = b.content_hash(every_block())
    first = store._store(document, every_block(), digest, 0)
    twin = store._store(document, every_block(), digest, 0)  # as if it had read the same "latest"
    assert twin.pk == first.pk
    assert DocumentVersion.objects.count() == 1
    assert len(default_storage.listdir(f"documents/notice/{document.year}")[1]) == 2  # the twin's files gone


def test_issued_at_is_kept_from_the_notice(notice):
    notice.issued_at = dt.datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)
    store.current_version(NOTICE, notice, every_block(), number=notice.number, issued_at=notice.issued_at)
    assert IssuedDocument.objects.get().issued_at == notice.issued_at
