"""A streaming, bounded reader of one worksheet of an .xlsx file, for untrusted uploads.

openpyxl (read-only mode included) builds every cell of a row before it can be cut, and keeps the whole
shared-string table: one row of 4,000,000 cells took an import worker to 3 GB. This reader parses the XML
element by element (expat through ``iterparse``), clears what it has read, and stops as soon as a limit is
passed:

- before reading: the sum of the sizes the zip declares for its members (``max_unpacked``);
- while reading: the bytes actually inflated (counted, whatever the zip declares), the cells in one row,
  the rows of the sheet and the shared strings.

The XML goes through defusedxml with document types refused (no entities, no external references). A passed
limit raises :class:`TooLarge`; anything unreadable raises :class:`Unreadable`. No Django here: the
import runs this in a child process with its own time and memory bounds (:mod:`.sandbox`).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, cast
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel

# Built-in number formats that show dates, including the East-Asian ones (27–36, 50–58) Chinese Excel uses.
DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])


class Unreadable(Exception):
    """Not a workbook this reader can read: ``not_workbook`` when it is no spreadsheet package at all
    (not a zip, or a zip without a workbook), else a damaged one (bad XML, missing parts)."""

    def __init__(self, message: str, not_workbook: bool = False):
        super().__init__(message, not_workbook)  # both in args: the exception crosses a process boundary
        self.not_workbook = not_workbook


class TooLarge(Exception):
    """A limit was passed; ``what`` says which (unpacked, cells, rows, strings)."""

    def __init__(self, what: str, limit: int):
        super().__init__(what, limit)  # both in args: the exception crosses a process boundary (pickle)
        self.what = what
        self.limit = limit


@dataclass(frozen=True)
class Limits:
    """The bounds of one read."""

    max_unpacked: int  # bytes, the whole package once inflated
    max_rows: int  # the highest row number read
    max_cells_per_row: int  # cell elements in one row, blank ones included
    max_columns: int  # values beyond this column are not read
    max_strings: int  # entries of the shared-string table


class _Counted:
    """A member's inflated stream that counts the bytes it gives and refuses past the budget."""

    def __init__(self, raw: IO[bytes], budget: list[int], limit: int):
        self.raw, self.budget, self.limit = raw, budget, limit

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(65536 if size is None or size < 0 else min(size, 65536))
        self.budget[0] += len(data)
        if self.budget[0] > self.limit:
            raise TooLarge("unpacked", self.limit)
        return data


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


class Workbook:
    """An open .xlsx package with its budget of inflated bytes."""

    def __init__(self, file: IO[bytes], limits: Limits):
        self.limits = limits
        self.inflated = [0]
        try:
            self.zip = zipfile.ZipFile(file)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise Unreadable(str(exc), not_workbook=True) from exc
        self.names = {info.filename for info in infos}
        if "[Content_Types].xml" not in self.names or "xl/workbook.xml" not in self.names:
            raise Unreadable("not a spreadsheet package", not_workbook=True)
        if sum(info.file_size for info in infos) > limits.max_unpacked:
            raise TooLarge("unpacked", limits.max_unpacked)  # declared sizes: refused before reading

    def close(self) -> None:
        """Close the package."""
        self.zip.close()

    def _events(self, name: str, events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, Any]]:
        if name not in self.names:
            raise Unreadable(f"missing part {name}")
        try:
            with self.zip.open(name) as raw:
                counted = _Counted(raw, self.inflated, self.limits.max_unpacked)
                yield from iterparse(counted, events=cast(Any, events), forbid_dtd=True)
        except (ParseError, DefusedXmlException, zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise Unreadable(f"{name}: {exc}") from exc

    def sheet_part(self, wanted: str) -> str:
        """The part name of the sheet called ``wanted``, else of the first sheet."""
        targets: dict[str, str] = {}
        if "xl/_rels/workbook.xml.rels" in self.names:
            for _event, elem in self._events("xl/_rels/workbook.xml.rels"):
                if _local(elem.tag) == "Relationship":
                    target = elem.get("Target", "")
                    path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
                    targets[elem.get("Id", "")] = posixpath.normpath(path)
        sheets: list[tuple[str, str]] = []
        for _event, elem in self._events("xl/workbook.xml"):
            if _local(elem.tag) == "sheet":
                rel = next((v for k, v in elem.attrib.items() if _local(k) == "id"), "")
                sheets.append((elem.get("name", ""), targets.get(rel, "")))
        if not sheets:
            raise Unreadable("no sheets")
        part = next((p for n, p in sheets if n == wanted), sheets[0][1])
        if part not in self.names:
            raise Unreadable(f"missing sheet {part}")
        return part

    def shared_strings(self) -> list[str]:
        """The shared-string table (phonetic runs left out)."""
        name = "xl/sharedStrings.xml"
        if name not in self.names:
            return []
        strings: list[str] = []
        for _event, elem in self._events(name):
            if _local(elem.tag) != "si":
                continue
            strings.append("".join(t.text or "" for t in _texts(elem)))
            elem.clear()
            if len(strings) > self.limits.max_strings:
                raise TooLarge("strings", self.limits.max_strings)
        return strings

    def date_styles(self) -> frozenset[int]:
        """The indexes of the cell styles (``s`` attribute) whose number format shows a date."""
        name = "xl/styles.xml"
        if name not in self.names:
            return frozenset()
        custom: dict[int, str] = {}
        styles: list[int] = []
        in_cell_xfs = False
        for event, elem in self._events(name, ("start", "end")):
            tag = _local(elem.tag)
            if tag == "cellXfs":
                in_cell_xfs = event == "start"
            elif event == "end" and tag == "numFmt":
                custom[int(elem.get("numFmtId", "0") or 0)] = elem.get("formatCode", "")
            elif event == "end" and tag == "xf" and in_cell_xfs:
                styles.append(int(elem.get("numFmtId", "0") or 0))
        dates = set()
        for index, fmt in enumerate(styles):
            code = custom.get(fmt) or BUILTIN_FORMATS.get(fmt, "")
            if fmt in DATE_FORMAT_IDS or (fmt in custom and is_date_format(code)):
                dates.add(index)
        return frozenset(dates)

    def rows(self, part: str) -> Iterator[tuple[int, list[Any]]]:
        """(row number, values of the first ``max_columns`` columns) of every row that has a cell."""
        limits = self.limits
        strings = self.shared_strings()
        dates = self.date_styles()
        row_number, cells, expected_column = 0, 0, 1
        values: list[Any] = []
        current_row = None
        for event, elem in self._events(part, ("start", "end")):
            tag = _local(elem.tag)
            if event == "start":
                if tag == "row":
                    current_row = elem
                    row_number = int(elem.get("r") or row_number + 1)
                    if row_number > limits.max_rows:
                        raise TooLarge("rows", limits.max_rows)
                    values, cells, expected_column = [], 0, 1
                continue
            if tag == "c":
                cells += 1
                if cells > limits.max_cells_per_row:
                    raise TooLarge("cells", limits.max_cells_per_row)
                ref = elem.get("r")
                column = _column(ref) if ref else expected_column
                expected_column = column + 1
                if column <= limits.max_columns:
                    value = _value(elem, strings, dates)
                    if value is not None:
                        values.extend([None] * (column - len(values) - 1))
                        values.append(value)
                if current_row is not None:
                    current_row.clear()  # the cells read so far: memory stays one cell deep
            elif tag == "row":
                if values:
                    yield row_number, values
                elem.clear()
                current_row = None
            elif tag == "sheetData":
                elem.clear()


def _texts(elem) -> Iterator[Any]:
    """The ``<t>`` elements of a string item, without the phonetic guide (``<rPh>``)."""
    for child in elem:
        tag = _local(child.tag)
        if tag == "t":
            yield child
        elif tag == "r":
            yield from (t for t in child if _local(t.tag) == "t")


def _column(ref: str) -> int:
    letters = ref.rstrip("0123456789")
    try:
        return column_index_from_string(letters)
    except ValueError as exc:
        raise Unreadable(f"bad cell reference {ref!r}") from exc


def _value(cell, strings: list[str], dates: frozenset[int]) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        box = next((child for child in cell if _local(child.tag) == "is"), None)
        return "".join(t.text or "" for t in _texts(box)) if box is not None else None
    raw = next((child.text for child in cell if _local(child.tag) == "v"), None)
    if raw is None:
        return None
    if kind == "s":
        try:
            return strings[int(raw)]
        except (ValueError, IndexError) as exc:
            raise Unreadable("bad shared string index") from exc
    if kind in ("str", "e"):
        return raw
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "d":
        try:
            return dt.datetime.fromisoformat(raw.strip())
        except ValueError:
            return raw
    try:
        number = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
    except ValueError as exc:
        raise Unreadable(f"bad number {raw!r}") from exc
    if int(cell.get("s", "0") or 0) in dates:
        try:
            return from_excel(number)
        except (ValueError, OverflowError):
            return number
    return number
