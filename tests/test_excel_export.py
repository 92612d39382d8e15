"""Excel export of the ledgers: documented column order, masking, formats, filters, scope, API."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minorworks.accounts.tokens import issue_token
from minorworks.core.ledgers import REGISTRY
from minorworks.projects.models import HazardousOperation, Status
from minorworks.scoperules.models import ProjectType

from .conftest import client_for
from .factories import PersonFactory, ProjectFactory

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parent.parent / "docs" / "ledgers.md"
# The product's ledgers (the tests' toy ledger is declared in tests/toyapp and documented nowhere).
LEDGERS = {
    slug: ledger for slug, ledger in REGISTRY.items() if ledger.filterset.__module__.startswith("minorworks.")
}


def documented_columns() -> dict[str, list[tuple[str, str]]]:
    """(Chinese header, English gloss) per ledger slug, read from docs/ledgers.md."""
    columns: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### .*\(([a-z][a-z-]*)\)$", line)
        if heading:
            current = heading.group(1)
            columns[current] = []
            continue
        if line.startswith("## "):
            current = None
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if current and len(cells) >= 3 and cells[0].isdigit():
            assert int(cells[0]) == len(columns[current]) + 1, f"{current}: numbering in docs/ledgers.md"
            columns[current].append((cells[1], cells[2]))
    return columns


def workbook(response) -> openpyxl.Workbook:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def data_rows(ws) -> list[dict[str, object]]:
    header = [c.value for c in ws[2]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=3, values_only=True)]


@pytest.fixture
def manager():
    return PersonFactory(name="王建国", phone="13812345678", id_number="110101199001011234")


def test_docs_list_every_ledger():
    assert set(documented_columns()) == set(LEDGERS)


@pytest.mark.parametrize("slug", list(LEDGERS))
def test_header_is_exactly_the_documented_column_order(world, slug):
    ws = workbook(client_for(world, "district_admin").get(f"/ledgers/{slug}/export.xlsx")).active
    header = [c.value for c in ws[2]]
    assert header == [zh for zh, _en in documented_columns()[slug]]
    assert [(c.zh, c.en) for c in LEDGERS[slug].columns] == documented_columns()[slug]


def test_below_quota_columns_spelled_out():
    # The exchange format at a glance; a change here is a change for every office that reads the file.
    assert [c.zh for c in LEDGERS["below-quota"].columns][:8] == [
        "序号",
        "登记编号",
        "工程名称",
        "工程类型",
        "所属街道",
        "所属社区",
        "工程地址",
        "是否单位内部施工",
    ]


def test_a_few_hundred_rows_with_formats_masking_and_title(world, manager):
    fitout = ProjectType.objects.get(code="fitout")
    ProjectFactory.create_batch(
        299,
        street=world.street_a,
        community=world.community_a,
        status=Status.IN_PROGRESS,
        project_type=fitout,
    )
    special = ProjectFactory(
        name="和平里东街1号院修缮工程",
        street=world.street_a,
        community=world.community_a,
        status=Status.STOPPED,
        project_type=fitout,
        investment=Decimal("123456.5"),
        floor_area=Decimal("88"),
        site_manager=manager,
        planned_start=dt.date(2026, 3, 1),
        planned_end=dt.date(2026, 4, 30),
        hazardous_operations=[HazardousOperation.HOT_WORK, HazardousOperation.HEIGHT],
        responsible_officer=world.street_a_officer,
    )
    world.street_a_officer.phone = "13900001111"
    world.street_a_officer.save()
    response = client_for(world, "street_a_officer").get("/ledgers/below-quota/export.xlsx")
    raw = b"".join(response.streaming_content)
    ws = openpyxl.load_workbook(io.BytesIO(raw)).active

    title = ws["A1"].value
    assert title.startswith("限额以下工程台账")
    assert "范围：和平里街道" in title and "管理单位：和平里街道平安办" in title
    assert re.search(r"导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）", title)
    assert ws.freeze_panes == "A3"

    rows = data_rows(ws)
    assert len(rows) == 300
    assert [r["序号"] for r in rows] == list(range(1, 301))
    row = next(r for r in rows if r["登记编号"] == special.number)
    assert row["现场负责人"] == "王建国"
    assert row["现场负责人电话"] == "138****5678"
    assert row["现场负责人身份证号"] == "1101**********1234"
    assert row["责任人"] == str(world.street_a_officer)
    assert row["责任人电话"] == "139****1111"
    assert row["管理单位"] == "和平里街道平安办"
    assert row["工程状态"] == "停工"
    assert row["危险作业"] == "动火作业、高处作业"
    assert row["计划开工日期"] == dt.datetime(2026, 3, 1)
    assert row["投资额（元）"] == pytest.approx(123456.5)
    assert row["是否逾期"] in {"是", "否"}

    cells = {c.value: c for c in ws[2]}
    index = {name: i for i, name in enumerate(cells)}
    special_row = 3 + [r["登记编号"] for r in rows].index(special.number)
    date_cell = ws.cell(row=special_row, column=index["计划开工日期"] + 1)
    money_cell = ws.cell(row=special_row, column=index["投资额（元）"] + 1)
    assert date_cell.number_format == "yyyy-mm-dd"
    assert money_cell.number_format == "#,##0.00"

    # No raw personal number anywhere in the file, not even in a part we did not look at.
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        text = b"".join(archive.read(name) for name in archive.namelist())
    for secret in (b"13812345678", b"110101199001011234", b"13900001111"):
        assert secret not in text


def test_filters_of_the_page_apply_to_the_file(world):
    ProjectFactory(name="在施甲", street=world.street_a, status=Status.IN_PROGRESS)
    ProjectFactory(name="完工乙", street=world.street_a, status=Status.COMPLETED)
    ProjectFactory(name="停工丙", street=world.street_b, status=Status.STOPPED)
    client = client_for(world, "district_admin")
    ws = workbook(client.get("/ledgers/below-quota/export.xlsx?status=in_progress&status=stopped")).active
    assert {r["工程名称"] for r in data_rows(ws)} == {"在施甲", "停工丙"}
    assert "筛选条件：状态=在施、停工" in ws["A1"].value
    ws = workbook(
        client.get(f"/ledgers/below-quota/export.xlsx?street={world.street_b.code}&ordering=name")
    ).active
    assert [r["工程名称"] for r in data_rows(ws)] == ["停工丙"]
    ws = workbook(client.get("/ledgers/below-quota/export.xlsx?q=完工")).active
    assert [r["工程名称"] for r in data_rows(ws)] == ["完工乙"]


def test_drafts_are_not_in_the_ledger_and_outsiders_see_nothing(world):
    ProjectFactory(name="草稿", street=world.street_a, status=Status.DRAFT)
    ProjectFactory(name="甲街", street=world.street_a, status=Status.ACCEPTED)
    ws = workbook(client_for(world, "street_a_officer").get("/ledgers/below-quota/export.xlsx")).active
    assert [r["工程名称"] for r in data_rows(ws)] == ["甲街"]
    ws = workbook(
        client_for(world, "street_b_officer").get(
            f"/ledgers/below-quota/export.xlsx?street={world.street_a.code}"
        )
    ).active
    assert data_rows(ws) == []


def test_department_exports_its_sector_only(world, project_a):
    project_a.status = Status.IN_PROGRESS
    project_a.save()
    ProjectFactory(name="装修", street=world.street_a, status=Status.IN_PROGRESS)  # fit-out: not greening
    ws = workbook(client_for(world, "dept_officer").get("/ledgers/below-quota/export.xlsx")).active
    assert [r["工程名称"] for r in data_rows(ws)] == [project_a.name]
    assert "管理单位：区园林绿化局" in ws["A1"].value


def test_stopped_and_internal_files_carry_their_own_columns(world):
    ProjectFactory(
        name="停工",
        street=world.street_a,
        status=Status.STOPPED,
        stop_reason="无证动火",
        stop_ordered_by="区应急局",
        is_internal=True,
        internal_unit="某医院",
    )
    client = client_for(world, "street_a_officer")
    stopped = data_rows(workbook(client.get("/ledgers/stopped/export.xlsx")).active)
    assert (stopped[0]["停工原因"], stopped[0]["停工指令下达人"]) == ("无证动火", "区应急局")
    internal = data_rows(workbook(client.get("/ledgers/internal/export.xlsx")).active)
    assert internal[0]["所在单位"] == "某医院"


def test_file_is_chinese_even_for_an_english_user(world):
    ProjectFactory(street=world.street_a, status=Status.IN_PROGRESS)
    client = client_for(world, "street_a_officer")
    client.cookies["minorworks_language"] = "en"
    page = client.get("/ledgers/below-quota/")
    assert "Managing office" in page.content.decode()  # the page is English …
    ws = workbook(client.get("/ledgers/below-quota/export.xlsx")).active
    assert ws["B2"].value == "登记编号" and data_rows(ws)[0]["工程状态"] == "在施"  # … the file is not


def test_export_query_count_is_constant(world):
    client = client_for(world, "district_admin")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            b"".join(client.get("/ledgers/below-quota/export.xlsx").streaming_content)
        return len(ctx.captured_queries)

    ProjectFactory(street=world.street_a, status=Status.ACCEPTED, site_manager=PersonFactory())
    few = count()
    for _ in range(30):
        ProjectFactory(street=world.street_b, status=Status.ACCEPTED, site_manager=PersonFactory())
    assert count() == few


def test_download_name_and_disposition(world):
    response = client_for(world, "grid_worker").get("/ledgers/stopped/export.xlsx")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]  # 停工工地台账-YYYYMMDD-HHMM.xlsx, encoded


def test_api_export_uses_the_same_file_and_scope(world):
    ProjectFactory(name="甲街在施", street=world.street_a, status=Status.IN_PROGRESS)
    ProjectFactory(name="乙街在施", street=world.street_b, status=Status.IN_PROGRESS)
    token = issue_token(world.street_a_officer)
    client = client_for(world, "anonymous")
    response = client.get(
        "/api/v1/ledgers/below-quota.xlsx?status=in_progress", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert [r["工程名称"] for r in data_rows(workbook(response).active)] == ["甲街在施"]
    builder = issue_token(world.builder)
    assert (
        client.get("/api/v1/ledgers/below-quota.xlsx", HTTP_AUTHORIZATION=f"Bearer {builder}").status_code
        == 403
    )
    assert client.get("/api/v1/ledgers/below-quota.xlsx").status_code == 401
    missing = client.get("/api/v1/ledgers/nope.xlsx", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert missing.status_code == 404 and "detail" in missing.json()
    assert (
        client.post("/api/v1/ledgers/below-quota.xlsx", HTTP_AUTHORIZATION=f"Bearer {token}").status_code
        == 405
    )
