"""PDF rendering of a block tree (ReportLab platypus) with the embedded Noto Serif SC.

Official documents follow GB/T 9704's page: A4, margins 37/35/28/26 mm, 16 pt body on a 28.9 pt line
(22 lines of 28 characters), page numbers 「— 1 —」. Text always flows across pages. ReportLab re-wraps
the rest of a paragraph at every page break, which is quadratic in its length, and a table row taller
than a page raises ``LayoutError`` unless rows may split; so long texts are cut into paragraphs of at most
``CHUNK`` characters at sentence ends, and a cell that would make its row taller than ``TALLEST_ROW`` of
the frame moves below its table as flowing text (the cell refers to it): every row then fits on a fresh
page, and rows may still split at a page end (``splitInRow``). No input length raises ``LayoutError``.
The board layout puts everything on one page (shrunk to fit) between a title band and a footer band.
"""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib import textsplit as rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    Image,
    KeepInFrame,
    KeepTogether,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus import paragraph as rl_paragraph

from . import blocks as b
from .fonts import cjk_font

# Full-width punctuation that must not start a line (Chinese 避头点). ReportLab's list covers mostly
# Japanese marks, so "，" or "》" could begin a line; with them listed they hang in the right margin.
# Both line breakers (single-style paragraphs in textsplit, mixed ones in paragraph) read the list.
CHINESE_CANNOT_START = "，。、；：？！）》〉」』】〕”’…·％"
for _module in (rl_textsplit, rl_paragraph):
    if not set(CHINESE_CANNOT_START) <= set(_module.ALL_CANNOT_START):
        _module.ALL_CANNOT_START += CHINESE_CANNOT_START

PAGE_W, PAGE_H = A4
BODY_PT = 16
LINE_PT = 28.9  # 225 mm type area / 22 lines
CELL_PT, CELL_LEADING = 12, 20
CHUNK = 600  # characters per flowing paragraph piece
LONG_CELL = 1500  # characters: a longer cell value moves below its table without being measured
TALLEST_ROW = 0.75  # of the frame's height: a cell that would be taller moves below its table
CELL_PADDING = 12  # Table's default left + right padding
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
GREEN = colors.HexColor("#0b6e3d")
NAVY = colors.HexColor("#0d3b7a")
RED = colors.HexColor("#b3261e")
LABEL_BG = colors.HexColor("#f2f2f2")
BOARD_LABEL_BG = colors.HexColor("#e8eef7")
MOVED_CELL = "（详见表后）"
BOARD_MARGIN, BAND_H, FOOTER_H = 16 * mm, 30 * mm, 13 * mm
QR_SIZE = 68 * mm  # well over 4 cm, so a phone scans it from a step away


def chunks(text: str, size: int = CHUNK) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters, at sentence ends where there are any."""
    pieces: list[str] = []
    current = ""
    for sentence in SENTENCE_END.split(text):
        while len(sentence) > size:  # no sentence end for a long stretch: cut hard
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:size])
            sentence = sentence[size:]
        if len(current) + len(sentence) > size:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


class Styles:
    """The paragraph styles of one layout, in the registered fonts."""

    def __init__(self, layout: b.Layout) -> None:
        self.regular = cjk_font("regular").name
        self.bold = cjk_font("bold").name
        scale = 1.0 if layout == "official" else 0.8
        size, leading = BODY_PT * scale, LINE_PT * scale
        base = ParagraphStyle(
            "body",
            fontName=self.regular,
            fontSize=size,
            leading=leading,
            wordWrap="CJK",
            alignment=TA_JUSTIFY,
        )
        self.body = ParagraphStyle("indent", parent=base, firstLineIndent=2 * size)
        self.flush = ParagraphStyle("flush", parent=base)
        self.small = ParagraphStyle("small", parent=base, fontSize=size * 0.85, leading=leading * 0.75)
        self.title = ParagraphStyle(
            "title",
            parent=base,
            fontName=self.bold,
            fontSize=22,
            leading=36,
            alignment=TA_CENTER,
            spaceAfter=leading,
        )
        self.heading1 = ParagraphStyle("h1", parent=self.body, fontName=self.bold, alignment=TA_LEFT)
        self.heading2 = ParagraphStyle("h2", parent=self.body, alignment=TA_LEFT)
        self.confirmation = ParagraphStyle("confirmation", parent=self.body, textColor=GREEN)
        self.sign_line = ParagraphStyle("sign", parent=self.body, fontSize=14)
        cell_pt = CELL_PT if layout == "official" else 18
        cell_leading = CELL_LEADING if layout == "official" else 25
        self.cell = ParagraphStyle(
            "cell", parent=base, fontSize=cell_pt, leading=cell_leading, alignment=TA_LEFT
        )
        self.cell_label = ParagraphStyle("cell_label", parent=self.cell, alignment=TA_CENTER)
        self.cell_head = ParagraphStyle("cell_head", parent=self.cell_label, fontName=self.bold)
        self.aside_title = ParagraphStyle(
            "aside_title", parent=base, fontName=self.bold, fontSize=20, leading=30, textColor=NAVY
        )
        self.aside_big = ParagraphStyle("aside_big", parent=base, fontSize=13, leading=44, alignment=TA_LEFT)
        self.caption = ParagraphStyle("caption", parent=base, fontSize=13, leading=18, alignment=TA_CENTER)
        self.caption_small = ParagraphStyle("caption_small", parent=self.caption, fontSize=10.5, leading=15)

    def aligned(self, style: ParagraphStyle, align: b.Align) -> ParagraphStyle:
        """``style`` with another alignment."""
        wanted = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}[align]
        if style.alignment == wanted:
            return style
        return ParagraphStyle(f"{style.name}-{align}", parent=style, alignment=wanted)


def _p(text: str, style: ParagraphStyle) -> RLParagraph:
    return RLParagraph(escape(text), style)


def flowing(text: str, style: ParagraphStyle, continuation: ParagraphStyle) -> list[RLParagraph]:
    """Paragraphs for ``text``: one per line, long lines in pieces (continued without a new indent)."""
    out: list[RLParagraph] = []
    for line in b.paragraphs_of(text):
        for i, piece in enumerate(chunks(line)):
            out.append(_p(piece, style if i == 0 else continuation))
    return out


def _cell(text: str, style: ParagraphStyle) -> RLParagraph:
    return RLParagraph("<br/>".join(escape(line) for line in b.paragraphs_of(text)), style)


def _table(rows, widths, style_commands, *, header: bool, leading: float) -> RLTable:
    # splitInRow is the least height of either part of a split row: two lines, so that a one-line row
    # moves whole to the next page instead of leaving an empty box behind.
    table = RLTable(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=int(2 * leading + 8))
    table.setStyle(TableStyle(style_commands))
    return table


class Renderer:
    """Turns blocks into platypus flowables for one layout."""

    def __init__(self, content: b.Content, width: float, height: float) -> None:
        self.content = content
        self.layout = content.layout
        self.st = Styles(content.layout)
        self.width = width
        self.height = height

    def story(self) -> list:
        """The flowables of the whole document."""
        labels = b.heading_labels(self.content.blocks)
        story: list = []
        for index, block in enumerate(self.content.blocks):
            story += self.block(block, labels.get(index, ""))
        return story

    def block(self, block: b.Block, label: str) -> list:  # noqa: C901 - one branch per block type
        """The flowables of one block."""
        st = self.st
        match block:
            case b.Title(text=text):
                return [] if self.layout == "board" else [_p(text, st.title)]
            case b.NumberLine(text=text, align=align):
                return [_p(text, st.aligned(st.flush, align)), Spacer(1, st.body.leading / 2)]
            case b.Addressee(text=text):
                return [_p(text, st.flush)]
            case b.Heading(level=level):
                # Room for the heading and two lines, else a new page (keepWithNext would move a whole
                # table after a heading to the next page, leaving half a page blank).
                return [
                    CondPageBreak(3 * st.body.leading),
                    _p(label, st.heading1 if level == 1 else st.heading2),
                ]
            case b.Paragraph(text=text, indent=indent, align=align, small=small):
                style = st.small if small else (st.body if indent else st.flush)
                space = [Spacer(1, 4 * mm)] if small else []
                return space + flowing(
                    text, st.aligned(style, align), st.aligned(st.small if small else st.flush, align)
                )
            case b.NumberedList(items=items):
                return [
                    p for i, item in enumerate(items, 1) for p in flowing(f"{i}. {item}", st.body, st.flush)
                ]
            case b.Facts(rows=rows):
                return self.facts(rows)
            case b.Table():
                return self.data_table(block)
            case b.Signature(party=party, name=name, confirmation=confirmation, blank_line=blank):
                second = _p(confirmation, st.confirmation) if confirmation else _p(blank, st.sign_line)
                return [Spacer(1, 4), KeepTogether([_p(f"{party}：{name}", st.flush), second])]
            case b.Issuer(name=name, date=date):
                right = ParagraphStyle(
                    "issuer", parent=st.aligned(st.flush, "right"), rightIndent=2 * BODY_PT
                )
                return [Spacer(1, st.body.leading), KeepTogether([_p(name, right), _p(date, right)])]
            case b.PageBreak():
                return [RLPageBreak()]
            case b.QRCode():
                return [Spacer(1, 6 * mm), self.qr(block)]
        raise TypeError(f"unknown block {block!r}")

    def _too_tall(self, value: str, width: float) -> bool:
        if len(value) > LONG_CELL:
            return True
        _, height = _cell(value, self.st.cell).wrap(width - CELL_PADDING, self.height * 10)
        return height > self.height * TALLEST_ROW

    def _moved(self, values: list[str], labels: list[str], widths: list[float]) -> tuple[list[str], list]:
        """Cell values, those too tall replaced by a reference and returned as flowing text to follow the table."""
        after: list = []
        shown = []
        for value, label, width in zip(values, labels, widths, strict=True):
            if self._too_tall(value, width):
                shown.append(MOVED_CELL)
                after.append(
                    _p(f"{label}：", ParagraphStyle("moved", parent=self.st.flush, fontName=self.st.bold))
                )
                after += flowing(value, self.st.body, self.st.flush)
            else:
                shown.append(value)
        return shown, after

    def facts(self, rows: tuple[tuple[str, str], ...]) -> list:
        """A two-column label/value table; long values follow it."""
        st = self.st
        label_w = 28 * mm if self.layout == "official" else 40 * mm
        values, after = self._moved(
            [v for _, v in rows], [k for k, _ in rows], [self.width - label_w] * len(rows)
        )
        data = [[_cell(k, st.cell_label), _cell(v, st.cell)] for (k, _), v in zip(rows, values, strict=True)]
        grid = colors.black if self.layout == "official" else NAVY
        table = _table(
            data,
            [label_w, self.width - label_w],
            [
                ("FONTNAME", (0, 0), (-1, -1), st.regular),  # cell default is Helvetica
                ("GRID", (0, 0), (-1, -1), 0.6, grid),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, -1), LABEL_BG if self.layout == "official" else BOARD_LABEL_BG),
                ("TOPPADDING", (0, 0), (-1, -1), 3 if self.layout == "official" else 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 if self.layout == "official" else 5),
            ],
            header=False,
            leading=st.cell.leading,
        )
        return [table, Spacer(1, st.body.leading / 2), *after]

    def data_table(self, block: b.Table) -> list:
        """A table with a repeated header row; long cells follow it, numbered by row."""
        st = self.st
        columns = len(block.header)
        weights = block.widths or (1.0,) * columns
        widths = [self.width * w / sum(weights) for w in weights]
        data: list = [[_cell(h, st.cell_head) for h in block.header]]
        after: list = []
        for number, row in enumerate(block.rows, 1):
            labels = [f"{number}. {h}" for h in block.header]
            values, moved = self._moved(list(row), labels, widths)
            data.append([_cell(v, st.cell) for v in values])
            after += moved
        table = _table(
            data,
            widths,
            [
                ("FONTNAME", (0, 0), (-1, -1), st.regular),
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), LABEL_BG),
            ],
            header=True,
            leading=st.cell.leading,
        )
        return [table, Spacer(1, st.body.leading / 2), *after]

    def qr(self, block: b.QRCode) -> RLTable:
        """The QR code and its captions on the left, the titled panel of large lines on the right."""
        st = self.st
        png = io.BytesIO()
        segno.make(block.data, error="m", micro=False).save(png, kind="png", scale=10, border=4)
        png.seek(0)
        left = [Image(png, QR_SIZE, QR_SIZE)]
        left += [_p(c, st.caption if i == 0 else st.caption_small) for i, c in enumerate(block.captions)]
        right: list = [_p(block.aside_title, st.aside_title)] if block.aside_title else []
        for big, small in block.aside:
            right.append(
                RLParagraph(
                    f'<font size="34" color="{RED.hexval()}">{escape(big)}</font>　{escape(small)}',
                    st.aside_big,
                )
            )
        table = RLTable([[left, right]], colWidths=[QR_SIZE + 6 * mm, self.width - QR_SIZE - 6 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), st.regular),  # cell default is Helvetica
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOX", (1, 0), (1, 0), 1.2, NAVY),
                    ("LEFTPADDING", (0, 0), (0, 0), 0),
                    ("LEFTPADDING", (1, 0), (1, 0), 6 * mm),
                    ("TOPPADDING", (1, 0), (1, 0), 4 * mm),
                ]
            )
        )
        return table


def _page_number(canvas, doc) -> None:
    # GB/T 9704: 「— 1 —」 in 14 pt, odd pages on the right, even pages on the left, one character in.
    canvas.saveState()
    canvas.setFont(doc.number_font, 14)
    label = f"— {doc.page} —"
    y = 35 * mm - 7 * mm - 14
    if doc.page % 2:
        canvas.drawRightString(PAGE_W - 26 * mm - 14, y, label)
    else:
        canvas.drawString(28 * mm + 14, y, label)
    canvas.restoreState()


def _board_page(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFillColor(NAVY)
    canvas.rect(0, PAGE_H - BAND_H, PAGE_W, BAND_H, stroke=0, fill=1)
    canvas.rect(0, 0, PAGE_W, FOOTER_H, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(doc.title_font, 36)
    canvas.drawCentredString(PAGE_W / 2, PAGE_H - BAND_H / 2 - 13, doc.band_title)
    canvas.setFont(doc.number_font, 11)
    left, right = (list(doc.footer_texts) + ["", ""])[:2]
    canvas.drawString(BOARD_MARGIN, FOOTER_H / 2 - 4, left)
    canvas.drawRightString(PAGE_W - BOARD_MARGIN, FOOTER_H / 2 - 4, right)
    canvas.restoreState()


def render_pdf(content: b.Content) -> bytes:
    """The document as PDF bytes."""
    regular, bold = cjk_font("regular").name, cjk_font("bold").name
    buffer = io.BytesIO()
    if content.layout == "board":
        margins = {"leftMargin": BOARD_MARGIN, "rightMargin": BOARD_MARGIN}
        margins |= {"topMargin": BAND_H + 8 * mm, "bottomMargin": FOOTER_H + 6 * mm}
    else:  # GB/T 9704
        margins = {
            "leftMargin": 28 * mm,
            "rightMargin": 26 * mm,
            "topMargin": 37 * mm,
            "bottomMargin": 35 * mm,
        }
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=content.title,
        author=content.author,
        subject=content.subject,
        creator="minorworks",
        initialFontName=regular,  # else ReportLab declares an unembedded Helvetica on every page
        **margins,
    )
    doc.number_font, doc.title_font = regular, bold
    doc.footer_texts = content.footer
    titles = [block.text for block in content.blocks if isinstance(block, b.Title)]
    doc.band_title = titles[0] if titles else content.title
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    on_page = _board_page if content.layout == "board" else _page_number
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    story = Renderer(content, doc.width, doc.height).story()
    if content.layout == "board":  # one page whatever the lengths
        story = [KeepInFrame(doc.width, doc.height, story, mode="shrink")]
    doc.build(story)
    return buffer.getvalue()
