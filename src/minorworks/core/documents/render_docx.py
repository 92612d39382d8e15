""".docx rendering of a block tree (python-docx), laid out after GB/T 9704 (党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体 22 pt; body 仿宋_GB2312
16 pt on a fixed 28.9 pt line (22 lines of 28 characters); 一、 headings 黑体, （一） headings 楷体_GB2312;
page numbers 「— 1 —」 in 宋体 14 pt, odd pages right and even pages left. python-docx's ``font.name`` sets
only the Latin font, so every style and run also names its East-Asian font (``w:eastAsia``): Word and WPS
on a Chinese desktop then render the document as offices expect. Word flows text and table rows across
pages by itself, so no length needs special care here.
"""

from __future__ import annotations

import io

import segno
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from . import blocks as b

LATIN_FONT = "Times New Roman"
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
NUMBER_FONT = "宋体"
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
TABLE_PT = 12  # 小四
PAGE_NUMBER_PT = 14  # 四号
LINE_PT = 28.9  # fixed line spacing: 22 lines on the 225 mm type area
GREEN = RGBColor(0x0B, 0x6E, 0x3D)
RED = RGBColor(0xB3, 0x26, 0x1E)
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def set_fonts(element, east_asian: str) -> None:
    """Name the Latin and the East-Asian font on a style's or run's rPr element."""
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)


def _run(paragraph, value: str, *, font: str = BODY_FONT, size: float = BODY_PT, bold=False, color=None):
    run = paragraph.add_run(value)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    set_fonts(run._r, font)
    return run


class Writer:
    """Appends blocks to a python-docx Document."""

    def __init__(self, content: b.Content) -> None:
        self.content = content
        self.scale = 1.0 if content.layout == "official" else 0.8
        self.doc = Document()
        self._setup()

    def _setup(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        if self.content.layout == "official":  # keep type_width() in step
            section.top_margin, section.bottom_margin = Mm(37), Mm(35)
            section.left_margin, section.right_margin = Mm(28), Mm(26)
            section.footer_distance = Mm(28) - Pt(PAGE_NUMBER_PT)
        else:
            section.top_margin = section.bottom_margin = Mm(16)
            section.left_margin = section.right_margin = Mm(16)
        normal = self.doc.styles["Normal"]
        normal.font.name = LATIN_FONT
        normal.font.size = Pt(BODY_PT)
        set_fonts(normal.element, BODY_FONT)
        properties = self.doc.core_properties
        properties.title, properties.author, properties.subject = (
            self.content.title,
            self.content.author,
            self.content.subject,
        )
        if self.content.layout == "official":
            self.doc.settings.odd_and_even_pages_header_footer = True
            self._page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
            self._page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
        elif self.content.footer:
            footer = section.footer.paragraphs[0]
            _run(footer, "　　".join(self.content.footer), size=10.5)

    def _page_number(self, paragraph, align) -> None:
        # 「— 1 —」 with a PAGE field (updated by Word/WPS), one character in from the outer margin.
        paragraph.alignment = align
        indent = Pt(PAGE_NUMBER_PT)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = indent
        else:
            paragraph.paragraph_format.left_indent = indent
        _run(paragraph, "— ", font=NUMBER_FONT, size=PAGE_NUMBER_PT)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        inner = OxmlElement("w:r")
        value = OxmlElement("w:t")
        value.text = "1"
        inner.append(value)
        field.append(inner)
        paragraph._p.append(field)
        _run(paragraph, " —", font=NUMBER_FONT, size=PAGE_NUMBER_PT)

    def paragraph(self, value: str = "", *, align: b.Align = "justify", indent=True, size=None, **run):
        """A paragraph on the fixed line grid, its first line indented two characters unless ``indent`` is false."""
        size = size or BODY_PT * self.scale
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = ALIGN[align]
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PT * self.scale if size <= BODY_PT else size * 1.6)
        fmt.space_before = fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = Pt(2 * size)
        if value:
            _run(paragraph, value, size=size, **run)
        return paragraph

    def text(self, value: str, **kwargs) -> None:
        """One paragraph per line of ``value``."""
        for line in b.paragraphs_of(value) or [""]:
            self.paragraph(line, **kwargs)

    def table(self, rows: list[list[str]], widths: list[float], *, header: bool, label_column: bool) -> None:
        """A bordered table; the header row repeats on every page."""
        table = self.doc.add_table(rows=len(rows), cols=len(widths))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        size = TABLE_PT if self.content.layout == "official" else 18 * self.scale
        for r, (values, row) in enumerate(zip(rows, table.rows, strict=True)):
            if header and r == 0:
                flag = OxmlElement("w:tblHeader")
                row._tr.get_or_add_trPr().append(flag)
            for c, (value, cell) in enumerate(zip(values, row.cells, strict=True)):
                cell.width = Mm(widths[c])
                centred = (header and r == 0) or (label_column and c == 0)
                lines = b.paragraphs_of(value) or [""]
                for i, line in enumerate(lines):
                    paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
                    _run(paragraph, line, size=size, bold=header and r == 0)

    def type_width(self) -> float:
        """The width of the type area in millimetres (the page is A4, 210 mm wide)."""
        return 210 - (28 + 26 if self.content.layout == "official" else 2 * 16)

    def add(self, block: b.Block, label: str) -> None:  # noqa: C901 - one branch per block type
        """Append one block."""
        match block:
            case b.Title(text=text):
                title_pt = TITLE_PT if self.content.layout == "official" else 36
                self.paragraph(text, align="center", indent=False, font=TITLE_FONT, size=title_pt)
                self.paragraph()
            case b.NumberLine(text=text, align=align):
                self.paragraph(text, align=align, indent=False)
            case b.Addressee(text=text):
                self.paragraph(text, align="left", indent=False)
            case b.Heading(level=level):
                self.paragraph(label, align="left", font=HEADING_FONT if level == 1 else SUBHEADING_FONT)
            case b.Paragraph(text=text, indent=indent, align=align, small=small):
                self.text(
                    text, align=align, indent=indent, size=BODY_PT * self.scale * (0.75 if small else 1)
                )
            case b.NumberedList(items=items):
                for i, item in enumerate(items, 1):
                    self.text(f"{i}. {item}")
            case b.Facts(rows=rows):
                width = self.type_width()
                label_w = 32 if self.content.layout == "official" else 40
                self.table(
                    [list(r) for r in rows], [label_w, width - label_w], header=False, label_column=True
                )
            case b.Table(header=header, rows=rows, widths=weights):
                weights = weights or (1.0,) * len(header)
                widths = [self.type_width() * w / sum(weights) for w in weights]
                self.table([list(header), *map(list, rows)], widths, header=True, label_column=False)
            case b.Signature(party=party, name=name, confirmation=confirmation, blank_line=blank):
                self.paragraph(f"{party}：{name}", align="left", indent=False)
                if confirmation:
                    self.paragraph(confirmation, color=GREEN)
                else:
                    self.paragraph(blank, size=14)
            case b.Issuer(name=name, date=date):
                self.paragraph()
                for value in (name, date):
                    self.paragraph(value, align="right", indent=False).paragraph_format.right_indent = Pt(
                        2 * BODY_PT
                    )
            case b.PageBreak():
                self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            case b.QRCode():
                self.qr(block)
            case _:
                raise TypeError(f"unknown block {block!r}")

    def qr(self, block: b.QRCode) -> None:
        """The QR code with its captions, and the titled panel beside it, as a borderless two-cell table."""
        png = io.BytesIO()
        segno.make(block.data, error="m", micro=False).save(png, kind="png", scale=10, border=4)
        png.seek(0)
        table = self.doc.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.width, right.width = Mm(74), Mm(self.type_width() - 74)
        picture = left.paragraphs[0]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(png, width=Mm(68))
        for caption in block.captions:
            paragraph = left.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(paragraph, caption, size=12)
        if block.aside_title:
            _run(right.paragraphs[0], block.aside_title, font=HEADING_FONT, size=20)
        for big, small in block.aside:
            paragraph = right.add_paragraph()
            _run(paragraph, big, size=30, color=RED)
            _run(paragraph, f"　{small}", size=13)


def render_docx(content: b.Content) -> bytes:
    """The document as .docx bytes."""
    writer = Writer(content)
    labels = b.heading_labels(content.blocks)
    for index, block in enumerate(content.blocks):
        writer.add(block, labels.get(index, ""))
    buffer = io.BytesIO()
    writer.doc.save(buffer)
    return buffer.getvalue()
