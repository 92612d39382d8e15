"""The site board (公示牌): one printable A4 page with the public facts and a QR code of the public page."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from minorworks.projects.models import Notice, Project

from . import facts
from . import notice_text as text
from .fonts import cjk_font

PAGE_W, PAGE_H = A4
MARGIN = 16 * mm
BAND_H = 30 * mm
FOOTER_H = 13 * mm
QR_SIZE = 68 * mm  # well over 4 cm, so a phone scans it from a step away
LOWER_BLOCK = QR_SIZE + 62 * mm  # QR, captions, note, footer band and gaps under the facts table
NAVY = colors.HexColor("#0d3b7a")
RED = colors.HexColor("#b3261e")


def qr_png(url: str) -> bytes:
    """The QR code of ``url`` as PNG bytes (error correction M, 4-module quiet zone)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def _facts_table(project: Project, font: str, width: float, max_height: float) -> Table:
    # Shrink the type until a long project name still leaves room for the QR code and hotlines.
    for size in (18, 16, 14, 12, 10):
        label = ParagraphStyle("label", fontName=font, fontSize=size, leading=size * 1.4, alignment=TA_CENTER)
        value = ParagraphStyle("value", fontName=font, fontSize=size, leading=size * 1.4, wordWrap="CJK")
        rows = [
            [Paragraph(escape(k), label), Paragraph(escape(v), value)] for k, v in facts.board_facts(project)
        ]
        table = Table(rows, colWidths=[40 * mm, width - 40 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), font),  # cell default is Helvetica
                    ("GRID", (0, 0), (-1, -1), 0.8, NAVY),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#e8eef7")),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        _, height = table.wrap(width, max_height)
        if height <= max_height:
            break
    return table


def render_board_pdf(project: Project, notice: Notice | None, public_url: str) -> bytes:
    """The board as PDF bytes; ``public_url`` is what the QR code opens."""
    font = cjk_font().name
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=font)  # no stray unembedded Helvetica
    office = facts.office_name(project)
    canvas.setTitle(f"{text.BOARD_TITLE} {project.number}")
    canvas.setAuthor(office)
    canvas.setSubject(project.name)
    canvas.setCreator("minorworks")

    # Title band and footer band.
    canvas.setFillColor(NAVY)
    canvas.rect(0, PAGE_H - BAND_H, PAGE_W, BAND_H, stroke=0, fill=1)
    canvas.rect(0, 0, PAGE_W, FOOTER_H, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(font, 36)
    canvas.drawCentredString(PAGE_W / 2, PAGE_H - BAND_H / 2 - 13, text.BOARD_TITLE)
    canvas.setFont(font, 11)
    canvas.drawString(MARGIN, FOOTER_H / 2 - 4, text.BOARD_FOOTER.format(office=office))
    canvas.drawRightString(PAGE_W - MARGIN, FOOTER_H / 2 - 4, text.BOARD_FOOTER_RIGHT)

    # Facts.
    width = PAGE_W - 2 * MARGIN
    top = PAGE_H - BAND_H - 9 * mm
    table = _facts_table(project, font, width, top - LOWER_BLOCK)
    _, height = table.wrapOn(canvas, width, top)
    table.drawOn(canvas, MARGIN, top - height)

    # QR code on the left, hotlines on the right.
    qr_top = top - height - 9 * mm
    canvas.drawImage(ImageReader(io.BytesIO(qr_png(public_url))), MARGIN, qr_top - QR_SIZE, QR_SIZE, QR_SIZE)
    canvas.setFillColor(colors.black)
    canvas.setFont(font, 13)
    canvas.drawCentredString(MARGIN + QR_SIZE / 2, qr_top - QR_SIZE - 5 * mm, text.BOARD_QR_CAPTION)
    canvas.setFont(font, 10.5)
    canvas.drawCentredString(MARGIN + QR_SIZE / 2, qr_top - QR_SIZE - 10 * mm, text.BOARD_QR_CAPTION_2)

    x = MARGIN + QR_SIZE + 10 * mm
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(1.2)
    canvas.roundRect(
        x - 4 * mm, qr_top - QR_SIZE + 2 * mm, PAGE_W - MARGIN - x + 4 * mm, QR_SIZE - 4 * mm, 3 * mm
    )
    canvas.setFillColor(NAVY)
    canvas.setFont(font, 20)
    canvas.drawString(x + 2 * mm, qr_top - 14 * mm, text.BOARD_HOTLINE_HEADING)
    line_y = qr_top - 32 * mm
    for number, label in text.HOTLINES:
        canvas.setFillColor(RED)
        canvas.setFont(font, 34)
        canvas.drawString(x + 2 * mm, line_y, number)
        canvas.setFillColor(colors.black)
        canvas.setFont(font, 13)
        canvas.drawString(x + 40 * mm, line_y + 2.5 * mm, label)
        line_y -= 18 * mm

    # Registration note under the QR code.
    note_text = (
        text.BOARD_NOTE.format(office=office, notice=notice.number)
        if notice is not None
        else text.BOARD_NOTE_NO_NOTICE.format(office=office)
    )
    note = Paragraph(
        escape(note_text),
        ParagraphStyle("note", fontName=font, fontSize=11.5, leading=18, wordWrap="CJK", alignment=TA_LEFT),
    )
    _, note_h = note.wrapOn(canvas, width, 40 * mm)
    note.drawOn(canvas, MARGIN, qr_top - QR_SIZE - 15 * mm - note_h)

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
