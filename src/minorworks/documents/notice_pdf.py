"""The safety notice (告知书) as an A4 PDF with an embedded CJK font (ReportLab platypus)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from minorworks.projects.models import Notice, Project

from . import facts
from . import notice_text as text
from .fonts import cjk_font

BODY_SIZE = 13
BODY_LEADING = 22


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body", fontName=font, fontSize=BODY_SIZE, leading=BODY_LEADING, wordWrap="CJK", alignment=TA_JUSTIFY
    )
    return {
        "title": ParagraphStyle(
            "title", parent=base, fontSize=21, leading=30, alignment=TA_CENTER, spaceAfter=6
        ),
        "number": ParagraphStyle("number", parent=base, fontSize=12, alignment=TA_RIGHT, spaceAfter=10),
        "addressee": ParagraphStyle("addressee", parent=base, alignment=TA_LEFT, spaceBefore=4),
        "body": ParagraphStyle("indent", parent=base, firstLineIndent=2 * BODY_SIZE),
        "heading": ParagraphStyle(
            "heading", parent=base, fontSize=15, leading=26, spaceBefore=8, spaceAfter=2, keepWithNext=1
        ),
        "subheading": ParagraphStyle(
            "subheading", parent=base, firstLineIndent=2 * BODY_SIZE, spaceBefore=2, keepWithNext=1
        ),
        "cell_label": ParagraphStyle("cell_label", parent=base, fontSize=11, leading=16, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", parent=base, fontSize=11, leading=16, alignment=TA_LEFT),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "ack_online": ParagraphStyle(
            "ack_online", parent=base, textColor=colors.HexColor("#0b6e3d"), firstLineIndent=2 * BODY_SIZE
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=10.5, leading=16, firstLineIndent=2 * 10.5),
    }


def _p(value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(value), style)


def _facts_table(project: Project, st: dict[str, ParagraphStyle], width: float) -> Table:
    rows = [
        [_p(label, st["cell_label"]), _p(value, st["cell"])] for label, value in facts.notice_facts(project)
    ]
    table = Table(rows, colWidths=[28 * mm, width - 28 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st["cell"].fontName),  # cell default is Helvetica
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _sections(project: Project, st: dict[str, ParagraphStyle]) -> list:
    office = facts.office_name(project)
    story: list = []
    for section in text.SECTIONS:
        story.append(_p(section.heading, st["heading"]))
        if section.duties:
            story.append(_p(text.DUTIES_LABEL, st["subheading"]))
            story += [_p(f"{i}. {duty}", st["body"]) for i, duty in enumerate(section.duties, 1)]
        if section.prohibited:
            story.append(_p(text.PROHIBITED_LABEL, st["subheading"]))
            story += [_p(f"{i}. {act}", st["body"]) for i, act in enumerate(section.prohibited, 1)]
        if section.with_hazards and facts.hazard_codes(project):
            story.append(_p(text.HAZARD_HEADING, st["subheading"]))
            story += [
                _p(f"{text.HAZARD_LABELS[code]}：{text.HAZARD_REQUIREMENTS[code]}", st["body"])
                for code in facts.hazard_codes(project)
            ]
        story += [
            _p(f"{i}. {para.format(office=office)}", st["body"])
            for i, para in enumerate(section.paragraphs, 1)
        ]
    return story


def _acknowledgement(project: Project, notice: Notice, st: dict[str, ParagraphStyle]) -> list:
    block: list = [_p(text.ACK_HEADING, st["heading"]), _p(text.ACK_STATEMENT, st["body"])]
    for party, name, online in facts.acknowledgements(project, notice):
        block.append(Spacer(1, 4))
        block.append(_p(text.ACK_PARTY_LINE.format(party=party, name=name), st["addressee"]))
        block.append(_p(online, st["ack_online"]) if online else _p(text.ACK_SIGN_LINE, st["body"]))
    scan = facts.scan_line(notice)
    if scan:
        block.append(_p(scan, st["ack_online"]))
    return [KeepTogether(block)]


def _page_number(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(doc.cjk_font_name, 10.5)
    canvas.drawCentredString(A4[0] / 2, 18 * mm, f"— {doc.page} —")
    canvas.restoreState()


def render_notice_pdf(project: Project, notice: Notice) -> bytes:
    """The notice as PDF bytes: title, number, project data, duties per chapter, issuer and acknowledgement."""
    font = cjk_font()
    st = _styles(font.name)
    office = facts.office_name(project)
    buffer = io.BytesIO()
    # GB/T 9704 margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=30 * mm,
        bottomMargin=30 * mm,
        title=f"{text.TITLE} {notice.number}",
        author=office,
        subject=project.name,
        creator="minorworks",
        initialFontName=font.name,  # else ReportLab declares an unembedded Helvetica on every page
    )
    doc.cjk_font_name = font.name
    story: list = [
        _p(text.TITLE, st["title"]),
        _p(f"{text.NUMBER_LABEL}{notice.number}", st["number"]),
        _p(facts.addressee(project), st["addressee"]),
        _p(facts.intro(project), st["body"]),
        _p(text.FACTS_HEADING, st["heading"]),
        _facts_table(project, st, doc.width),
        *_sections(project, st),
        Spacer(1, 6),
        _p(text.CONTACT, st["body"]),
        _p(text.COPIES.format(office=office), st["body"]),
        Spacer(1, 14),
        KeepTogether(
            [
                _p(text.ISSUER.format(office=office), st["right"]),
                _p(facts.cn_date(notice.issued_at), st["right"]),
            ]
        ),
        *_acknowledgement(project, notice, st),
    ]
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()
