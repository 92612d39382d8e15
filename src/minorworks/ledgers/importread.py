"""Reading an uploaded import workbook: file checks, then the sheet read in a bounded child process.

The limits are low on purpose: a full template of 5,000 projects is a few MB once unpacked, so the package
may unpack to at most ``MAX_UNPACKED_BYTES``; a row may hold at most ``MAX_CELLS_PER_ROW`` cells; the sheet
at most ``MAX_PHYSICAL_ROWS`` rows. The reader (:mod:`.xlsxread`) refuses as soon as one is passed, and the
child that runs it is killed past ``IMPORT_READ_SECONDS`` or ``IMPORT_READ_MEMORY_MB``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from .importspec import EXAMPLE_MARK, IMPORT_COLUMNS, MAX_ROWS, SHEET_NAME, ImportColumn, normalise_header
from .sandbox import Exceeded, run_bounded
from .xlsxread import Limits, TooLarge, Unreadable, Workbook

MAX_COLUMNS = 60  # values beyond this column are never read
MAX_CELLS_PER_ROW = 1024  # cell elements in one row, blank ones included (a hostile row had 4,000,000)
MAX_PHYSICAL_ROWS = MAX_ROWS + 2000  # blank rows count too, so a sheet cannot make us walk a million
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # the whole package once unpacked (5,000 projects: about 5 MB)
MAX_SHARED_STRINGS = 200_000
LIMITS = Limits(
    max_unpacked=MAX_UNPACKED_BYTES,
    max_rows=MAX_PHYSICAL_ROWS,
    max_cells_per_row=MAX_CELLS_PER_ROW,
    max_columns=MAX_COLUMNS,
    max_strings=MAX_SHARED_STRINGS,
)


def _not_xlsx() -> str:
    return _("The file is not an Excel workbook (.xlsx). Download the template and fill it in.")


class ImportProblem(Exception):
    """The file as a whole cannot be imported (not a workbook, wrong header, too large, too many rows)."""


def check_upload(file) -> None:
    """Refuse files that are empty, too large, or not an .xlsx (zip) workbook; raise ImportProblem."""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if not size:
        raise ImportProblem(_("The file is empty."))
    if size > settings.MAX_UPLOAD_BYTES:
        raise ImportProblem(
            _("The file is too large (at most %(mb)s MB).")
            % {"mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportProblem(
            _(
                "This is an old .xls file or a password-protected workbook: save it as .xlsx without a password."
            )
        )
    if not head.startswith(b"PK\x03\x04"):
        raise ImportProblem(_not_xlsx())


def _read(file, limits: Limits) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    """In the child: the first row and the later rows that have values, as plain data."""
    workbook = Workbook(file, limits)
    try:
        rows = iter(workbook.rows(workbook.sheet_part(SHEET_NAME)))
        first = next(rows, None)
        header = first[1] if first and first[0] == 1 else []
        data = list(rows) if header else ([first] if first else []) + list(rows)
        return header, data
    finally:
        workbook.close()


TOO_LARGE = {
    "unpacked": lambda: (
        _("The workbook is too large once unpacked (at most %(mb)s MB).")
        % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
    ),
    "cells": lambda: _("A row has too many cells (at most %(max)s).") % {"max": MAX_CELLS_PER_ROW},
    "rows": lambda: _("The file has too many rows (at most %(max)s projects).") % {"max": MAX_ROWS},
    "strings": lambda: _("The workbook holds too much text."),
}


def read_workbook(file) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    """The header row and data rows of the upload, read within the time and memory bounds."""
    file.seek(0)
    try:
        return run_bounded(
            _read,
            file,
            LIMITS,
            seconds=settings.IMPORT_READ_SECONDS,
            memory_bytes=settings.IMPORT_READ_MEMORY_MB * 1024 * 1024,
        )
    except TooLarge as exc:
        raise ImportProblem(TOO_LARGE[exc.what]()) from exc
    except Unreadable as exc:
        if exc.not_workbook:
            raise ImportProblem(_not_xlsx()) from exc
        raise ImportProblem(_("The file could not be read as an Excel workbook (.xlsx).")) from exc
    except Exceeded as exc:
        raise ImportProblem(
            _("The file took too long or too much memory to read; split it into smaller files.")
        ) from exc


def _header_lookup() -> dict[str, ImportColumn]:
    lookup: dict[str, ImportColumn] = {}
    for column in IMPORT_COLUMNS:
        lookup[normalise_header(column.zh)] = column
        lookup[normalise_header(column.en).lower()] = column
        lookup[column.key] = column
    return lookup


def map_header(header: list[Any]) -> dict[str, int]:
    """Column key → index, from the header row's texts; ImportProblem for missing, unknown or twice."""
    lookup = _header_lookup()
    mapping: dict[str, int] = {}
    unknown: list[str] = []
    for index, text in enumerate(header):
        name = normalise_header(text)
        if not name:
            continue
        column = lookup.get(name) or lookup.get(name.lower())
        if column is None:
            unknown.append(str(text).strip())
        elif column.key in mapping:
            raise ImportProblem(_("The column “%(column)s” appears twice.") % {"column": column.label()})
        else:
            mapping[column.key] = index
    missing = [column.label() for column in IMPORT_COLUMNS if column.required and column.key not in mapping]
    if missing:
        raise ImportProblem(
            _("The first row must be the template's header. Missing columns: %(columns)s.")
            % {"columns": "、".join(missing)}
        )
    if unknown:
        raise ImportProblem(_("Unknown columns: %(columns)s.") % {"columns": "、".join(unknown)})
    return mapping


def read_rows(file) -> tuple[dict[str, int], list[tuple[int, dict[str, Any]]]]:
    """The header mapping and the project rows as (Excel row, raw values); blank and example rows skipped."""
    check_upload(file)
    header, rows = read_workbook(file)
    mapping = map_header(header)
    data: list[tuple[int, dict[str, Any]]] = []
    for number, values in rows:
        raw = {key: values[index] if index < len(values) else None for key, index in mapping.items()}
        if all(value is None or str(value).strip() == "" for value in raw.values()):
            continue
        if str(raw.get("name") or "").strip().startswith(EXAMPLE_MARK):
            continue
        data.append((number, raw))
        if len(data) > MAX_ROWS:
            raise ImportProblem(
                _("The file has too many rows (at most %(max)s projects).") % {"max": MAX_ROWS}
            )
    if not data:
        raise ImportProblem(_("The file has no project rows below the header."))
    return mapping, data
