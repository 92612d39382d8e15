"""Hostile workbooks against the import: refused quickly, with a clear message and bounded memory.

The probe of the issue: a small file (hundreds of KB) that unpacks to 152 MB, one row of 4,000,000 cells.
Each file is crafted here with zipfile, streamed into the archive so that the test itself stays small.
"""

from __future__ import annotations

import io
import resource
import time
import tracemalloc
import zipfile

import pytest

from minorworks.ledgers import importread, sandbox
from minorworks.ledgers.importing import import_projects
from minorworks.ledgers.sandbox import Exceeded, run_bounded
from minorworks.projects.models import Project

pytestmark = pytest.mark.django_db

CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)
WORKBOOK = (
    b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    b'<sheet name="\xe5\xb7\xa5\xe7\xa8\x8b\xe7\x99\xbb\xe8\xae\xb0" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)
SHEET_HEAD = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_TAIL = b"</sheetData></worksheet>"


def workbook(sheet_pieces, *, shared: bytes | None = None) -> bytes:
    """An .xlsx whose sheet XML is the concatenation of ``sheet_pieces`` (an iterable of bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(SHEET_HEAD)
            for piece in sheet_pieces:
                sheet.write(piece)
            sheet.write(SHEET_TAIL)
    return buffer.getvalue()


def one_wide_row(cells: int):
    """One row of ``cells`` inline-string cells (about 38 bytes each), in pieces."""
    yield b'<row r="1">'
    chunk = b'<c r="A1" t="inlineStr"><is><t>x</t></is></c>' * 10_000
    for _ in range(cells // 10_000):
        yield chunk
    yield b"</row>"


def refusal(world, content: bytes) -> tuple[str, float, float]:
    """The single file problem, the seconds it took and the Python-heap peak (MB) of this process."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = import_projects(io.BytesIO(content), actor=world.street_a_officer)
    finally:
        seconds = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    assert not result.created and not result.errors and len(result.problems) == 1
    return result.problems[0], seconds, peak


def children_peak_mb() -> float:
    """The peak resident size the reader's child reported (it starts from this process's size at fork)."""
    return sandbox.last_child_peak_mb


def self_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def test_the_152_mb_single_row_bomb_is_refused_before_reading(world):
    content = workbook(one_wide_row(4_000_000))
    assert len(content) < 1_000_000  # small on disk …
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 150 * 2**20  # … 152 MB unpacked
    problem, seconds, peak = refusal(world, content)
    assert "解压后过大" in problem
    assert seconds < 5 and peak < 20
    assert children_peak_mb() < self_rss_mb() + 100  # the reader's process did not grow either
    assert Project.objects.count() == 0


def test_a_wide_row_within_the_size_guard_is_refused_at_the_cell_cap(world):
    content = workbook(one_wide_row(1_000_000))  # ~38 MB unpacked: under the guard, far over the cell cap
    problem, seconds, peak = refusal(world, content)
    assert "单元格过多" in problem and str(importread.MAX_CELLS_PER_ROW) in problem
    assert seconds < 5 and peak < 20
    assert children_peak_mb() < self_rss_mb() + 100


def test_a_million_empty_rows_are_refused_at_the_row_cap(world):
    rows = (
        b"".join(b'<row r="%d"/>' % n for n in range(start, start + 10_000))
        for start in range(1, 10**6, 10_000)
    )
    problem, seconds, _peak = refusal(world, workbook(rows))
    assert "行数过多" in problem and seconds < 5


def test_entities_and_document_types_are_refused(world):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>'
    )
    problem, _seconds, _peak = refusal(
        world, workbook([b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'], shared=laughs)
    )
    assert "无法按 Excel 工作簿（.xlsx）读取" in problem


def test_the_reader_is_killed_past_its_time_bound():
    started = time.monotonic()
    with pytest.raises(Exceeded) as exceeded:
        run_bounded(time.sleep, 30, seconds=0.5, memory_bytes=64 * 2**20)
    assert exceeded.value.what == "time" and time.monotonic() - started < 5


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 2**20))


def test_the_reader_is_stopped_past_its_memory_bound():
    with pytest.raises(Exceeded) as exceeded:
        run_bounded(_allocate, 2048, seconds=30, memory_bytes=256 * 2**20)
    assert exceeded.value.what == "memory"
    assert run_bounded(_allocate, 16, seconds=30, memory_bytes=256 * 2**20) == 16 * 2**20  # within: fine


def test_the_whole_import_stops_at_its_deadline_and_writes_nothing(world, monkeypatch):
    from tests.test_excel_import import row, xlsx

    result = import_projects(io.BytesIO(xlsx([row(world, 1)])), actor=world.street_a_officer, deadline=0)
    assert "耗时过长" in result.problems[0] and not result.created
    assert Project.objects.count() == 0


def test_declared_sizes_are_checked_before_any_member_is_opened(monkeypatch):
    from minorworks.ledgers import xlsxread

    content = workbook(one_wide_row(2_000_000))

    def never(*args, **kwargs):
        raise AssertionError("a member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    with pytest.raises(xlsxread.TooLarge) as refused:
        xlsxread.Workbook(io.BytesIO(content), importread.LIMITS)
    assert refused.value.what == "unpacked"


def test_inflated_bytes_are_counted_whatever_the_zip_declares():
    from minorworks.ledgers import xlsxread

    budget = [0]
    stream = xlsxread._Counted(io.BytesIO(b"x" * 5000), budget, 4096)
    with pytest.raises(xlsxread.TooLarge):
        while stream.read(1024):
            pass
    assert budget[0] > 4096
