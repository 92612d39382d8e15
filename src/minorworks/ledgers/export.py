"""Streamed Excel export of a ledger: constant memory and about a thousand rows per second or better.

The package (workbook, styles, title row, header row, frozen panes, column widths) is made by openpyxl's
write-only workbook. The data rows, which are most of the file, are then streamed into the worksheet part
as the same XML openpyxl would write (inline strings, no shared-string table), straight from one
``.values()`` query read in chunks of 2,000. openpyxl's per-cell objects cost ~50 µs a cell on a small
server (100,000 rows × 28 columns took minutes, longer than a worker may take); writing the rows directly
is an order of magnitude faster and memory stays flat. The finished workbook is an anonymous temporary
file handed to FileResponse, which streams it and closes (hence deletes) it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from decimal import Decimal
from typing import IO

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .definitions import Ledger, RowContext, managing_office, scope_label

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
EXPORT_LANGUAGE = "zh-hans"  # the exchange format is Chinese whatever the UI language
FIRST_DATA_ROW = 3
EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 date system (as used for dates after 1900-03-01)
# One pass per cell: escape markup, drop the control characters XML 1.0 forbids.
XML_TEXT = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", **dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])}
)
MAX_CELL_TEXT = 32767  # Excel's limit per cell
ROWS_PER_WRITE = 500


def title_line(ledger: Ledger, user, filters: list[tuple[str, str]], now=None) -> str:
    """The first row of the file: ledger name, scope, managing office, export time and filters."""
    now = timezone.localtime(now or timezone.now())
    parts = [
        ledger.title_zh,
        f"范围：{scope_label(user)}",
        f"管理单位：{managing_office(user)}",
        f"导出时间：{now:%Y-%m-%d %H:%M}（北京时间）",
    ]
    if filters:
        parts.append("筛选条件：" + "；".join(f"{label}={value}" for label, value in filters))
    return "　".join(parts)


def _skeleton(ledger: Ledger, title: str) -> tuple[bytes, int, int]:
    """The workbook with its title and header rows, and the style ids of date and money cells."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(ledger.title_zh[:31])
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"  # title and header stay in view
    for index, column in enumerate(ledger.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    title_cell = WriteOnlyCell(ws, value=title)
    title_cell.font = Font(bold=True, size=13)
    ws.append([title_cell])
    header = []
    for column in ledger.columns:
        cell = WriteOnlyCell(ws, value=column.zh)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    ws.append(header)
    date_style, money_style = WriteOnlyCell(ws), WriteOnlyCell(ws)
    date_style.number_format, money_style.number_format = DATE_FORMAT, MONEY_FORMAT
    ids = (date_style.style_id, money_style.style_id)  # registers both formats in the workbook's styles
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), ids[0], ids[1]


def _text_cell(ref: str, value: object) -> str:
    text = str(value)[:MAX_CELL_TEXT].translate(XML_TEXT)
    space = ' xml:space="preserve"' if text and (text[0].isspace() or text[-1].isspace()) else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _rows_xml(ledger: Ledger, rows: QuerySet, ctx: RowContext, date_style: int, money_style: int):
    """The ``<row>`` elements of the data, in pieces of a few hundred rows (bytes)."""
    plan = [(get_column_letter(i), c.kind, c.render) for i, c in enumerate(ledger.columns, start=1)]
    parts: list[str] = []
    values = rows.values(*ledger.value_fields()).iterator(chunk_size=CHUNK)
    for seq, row in enumerate(values, start=1):
        number = seq + FIRST_DATA_ROW - 1
        parts.append(f'<row r="{number}">')
        for letter, kind, render in plan:
            ref = f"{letter}{number}"
            if kind == "number":
                parts.append(f'<c r="{ref}"><v>{seq}</v></c>')
                continue
            value = render(row, ctx)
            if value is None or value == "":
                continue
            if kind == "date":
                parts.append(f'<c r="{ref}" s="{date_style}"><v>{(value - EXCEL_EPOCH).days}</v></c>')
            elif kind == "money":
                parts.append(f'<c r="{ref}" s="{money_style}"><v>{format(Decimal(value), "f")}</v></c>')
            else:
                parts.append(_text_cell(ref, value))
        parts.append("</row>")
        if seq % ROWS_PER_WRITE == 0:
            yield "".join(parts).encode()
            parts = []
    if parts:
        yield "".join(parts).encode()


def write_ledger(
    ledger: Ledger, rows: QuerySet, *, user, filters: list[tuple[str, str]] | None = None
) -> IO[bytes]:
    """Write the ledger's rows (an ordered project queryset) to a temporary .xlsx file, rewound."""
    with translation.override(EXPORT_LANGUAGE):
        ctx = RowContext.build()
        skeleton, date_style, money_style = _skeleton(ledger, title_line(ledger, user, filters or []))
        target = tempfile.TemporaryFile(prefix="ledger-", suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
        with (
            zipfile.ZipFile(io.BytesIO(skeleton)) as source,
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as out,
        ):
            for info in source.infolist():
                data = source.read(info.filename)
                if not info.filename.startswith("xl/worksheets/sheet"):
                    out.writestr(info, data)
                    continue
                end = data.index(b"</sheetData>")
                # The declared size would say two rows; it is optional, and readers that trust it stop early.
                head = re.sub(rb"<dimension [^>]*/>", b"", data[:end])
                with out.open(info.filename, "w") as stream:
                    stream.write(head)
                    for piece in _rows_xml(ledger, rows, ctx, date_style, money_style):
                        stream.write(piece)
                    stream.write(data[end:])
    target.seek(0)
    return target


def export_filename(ledger: Ledger) -> str:
    """The download name, e.g. 限额以下工程台账-20261105-1430.xlsx."""
    return f"{ledger.title_zh}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"


def export_response(ledger: Ledger, filterset, *, user) -> FileResponse:
    """A streamed download of the ledger's filtered rows as .xlsx (same filters as the page)."""
    with translation.override(EXPORT_LANGUAGE):
        filters = filterset.description()
    handle = write_ledger(ledger, filterset.ordered_qs(), user=user, filters=filters)
    return FileResponse(handle, as_attachment=True, filename=export_filename(ledger), content_type=XLSX_TYPE)
