"""The safety notice (告知书) as .docx (python-docx), laid out after GB/T 9704.

python-docx's ``font.name`` sets only the Latin font, so every style and run also names its East-Asian
font (仿宋_GB2312 body, 方正小标宋简体 title, 黑体 chapter headings, 楷体_GB2312 sub-headings): Word and
WPS on a Chinese desktop then render the document as offices expect.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from minorworks.projects.models import Notice, Project

from . import facts
from . import notice_text as text

LATIN_FONT = "Times New Roman"
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
TABLE_PT = 12  # 小四
LINE_PT = 28  # fixed line spacing: 22 lines on a page


def _set_fonts(element, east_asian: str) -> None:
    """Name the Latin and the East-Asian font on a style's or run's rPr element."""
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)


def _run(
    paragraph, value: str, *, font: str = BODY_FONT, size: int = BODY_PT, bold: bool = False, color=None
):
    run = paragraph.add_run(value)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    _set_fonts(run._r, font)
    return run


def _paragraph(doc, value: str = "", *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True, **run_kwargs):
    paragraph = doc.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT if run_kwargs.get("size", BODY_PT) <= BODY_PT else run_kwargs["size"] + 14)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(2 * run_kwargs.get("size", BODY_PT))
    if value:
        _run(paragraph, value, **run_kwargs)
    return paragraph


def _setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element, BODY_FONT)
    # Page number "— 1 —" centred in the footer (a PAGE field, updated by Word/WPS).
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, "— ", size=14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    value = OxmlElement("w:t")
    value.text = "1"
    inner.append(value)
    field.append(inner)
    footer._p.append(field)
    _run(footer, " —", size=14)


def _facts_table(doc, project: Project) -> None:
    rows = facts.notice_facts(project)
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for (label, value), row in zip(rows, table.rows, strict=True):
        row.cells[0].width, row.cells[1].width = Mm(32), Mm(124)
        for cell, content, align in (
            (row.cells[0], label, WD_ALIGN_PARAGRAPH.CENTER),
            (row.cells[1], value, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = align
            _run(paragraph, content, size=TABLE_PT)


def _sections(doc, project: Project) -> None:
    office = facts.office_name(project)
    for section in text.SECTIONS:
        _paragraph(doc, section.heading, font=HEADING_FONT)
        if section.duties:
            _paragraph(doc, text.DUTIES_LABEL, font=SUBHEADING_FONT)
            for i, duty in enumerate(section.duties, 1):
                _paragraph(doc, f"{i}. {duty}")
        if section.prohibited:
            _paragraph(doc, text.PROHIBITED_LABEL, font=SUBHEADING_FONT)
            for i, act in enumerate(section.prohibited, 1):
                _paragraph(doc, f"{i}. {act}")
        if section.with_hazards and facts.hazard_codes(project):
            _paragraph(doc, text.HAZARD_HEADING, font=SUBHEADING_FONT)
            for code in facts.hazard_codes(project):
                _paragraph(doc, f"{text.HAZARD_LABELS[code]}：{text.HAZARD_REQUIREMENTS[code]}")
        for i, para in enumerate(section.paragraphs, 1):
            _paragraph(doc, f"{i}. {para.format(office=office)}")


def _acknowledgement(doc, project: Project, notice: Notice) -> None:
    _paragraph(doc)
    _paragraph(doc, text.ACK_HEADING, font=HEADING_FONT)
    _paragraph(doc, text.ACK_STATEMENT)
    green = RGBColor(0x0B, 0x6E, 0x3D)
    for party, name, online in facts.acknowledgements(project, notice):
        _paragraph(doc, text.ACK_PARTY_LINE.format(party=party, name=name), indent=False)
        if online:
            _paragraph(doc, online, color=green)
        else:
            _paragraph(doc, text.ACK_SIGN_LINE, size=14)
    scan = facts.scan_line(notice)
    if scan:
        _paragraph(doc, scan, color=green)


def render_notice_docx(project: Project, notice: Notice) -> bytes:
    """The notice as .docx bytes, with the same text as the PDF (documents.notice_text)."""
    doc = Document()
    _setup(doc)
    office = facts.office_name(project)
    doc.core_properties.title = f"{text.TITLE} {notice.number}"
    doc.core_properties.author = office
    doc.core_properties.subject = project.name

    _paragraph(doc, text.TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, font=TITLE_FONT, size=TITLE_PT)
    _paragraph(doc, f"{text.NUMBER_LABEL}{notice.number}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(doc)
    _paragraph(doc, facts.addressee(project), align=WD_ALIGN_PARAGRAPH.LEFT, indent=False)
    _paragraph(doc, facts.intro(project))
    _paragraph(doc, text.FACTS_HEADING, font=HEADING_FONT)
    _facts_table(doc, project)
    _sections(doc, project)
    _paragraph(doc, text.CONTACT)
    _paragraph(doc, text.COPIES.format(office=office))
    _paragraph(doc)
    _paragraph(doc, text.ISSUER.format(office=office), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(doc, facts.cn_date(notice.issued_at), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _acknowledgement(doc, project, notice)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
