"""The inspection ledger and the hazard ledger on the ledger engine: scoped rows, filters, the file in the
documented columns, the API list; query counts pinned exactly for the inspection list, the hazard ledger and
the coverage list (whatever the number of rows)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client

from minorworks.accounts.tokens import issue_token
from minorworks.inspections.models import Hazard
from minorworks.inspections.services import ResultIn, record_inspection
from minorworks.projects.models import Status

from .conftest import client_for
from .factories import ProjectFactory

pytestmark = pytest.mark.django_db


def inspect(world, street, community, officer, *, fails: int = 1, name: str = "工程"):
    project = ProjectFactory(
        name=name, street=street, community=community, status=Status.IN_PROGRESS, responsible_officer=officer
    )
    codes = ["A04", "A05", "A06"][:fails]
    return record_inspection(
        actor=officer,
        project=project,
        kind="patrol",
        inspected_at=None,
        results=[ResultIn(item_code=code, answer="fail", note="不符合") for code in codes],
    )


@pytest.fixture
def records(world):
    a = [
        inspect(world, world.street_a, world.community_a, world.street_a_officer, name=f"甲街工程{i}")
        for i in range(3)
    ]
    b = [
        inspect(world, world.street_b, world.community_b, world.street_b_officer, fails=2, name="乙街工程")
        for _ in range(2)
    ]
    return a, b


def test_the_street_sees_its_own_rows_only(world, records):
    a, b = records
    page = client_for(world, "street_a_officer").get("/ledgers/hazards/").content.decode()
    assert all(r.hazards[0].number in page for r in a)
    assert not any(h.number in page for r in b for h in r.hazards)
    page = client_for(world, "street_a_officer").get("/ledgers/inspections/").content.decode()
    assert all(r.inspection.number in page for r in a) and "乙街工程" not in page
    district = client_for(world, "district_admin").get("/ledgers/hazards/").content.decode()
    assert all(h.number in district for r in a + b for h in r.hazards)
    assert client_for(world, "builder").get("/ledgers/hazards/").status_code == 403


def test_filters_and_the_file_in_the_documented_columns(world, records):
    a, b = records
    major = a[0].hazards[0]
    Hazard.objects.filter(pk=major.pk).update(level="major")
    client = client_for(world, "district_admin")
    page = client.get(f"/ledgers/hazards/?level=major&street={world.street_a.code}").content.decode()
    assert major.number in page and a[1].hazards[0].number not in page
    response = client.get("/ledgers/hazards/export.xlsx?status=open")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[2]]
    assert header[:4] == ["序号", "隐患编号", "发现日期", "登记编号"] and "是否上报区级" in header
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 3 + 4
    assert {row[header.index("隐患等级")] for row in rows} == {"一般隐患", "重大隐患"}
    file = client.get("/ledgers/inspections/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(file.streaming_content))).active
    header = [cell.value for cell in sheet[2]]
    counts = sorted(row[header.index("发现隐患数")] for row in sheet.iter_rows(min_row=3, values_only=True))
    assert counts == [1, 1, 1, 2, 2]
    bad = client.get("/ledgers/hazards/?found_from=soon")
    assert bad.status_code == 200 and "found_from" in bad.content.decode()


def test_the_api_lists_the_hazard_ledger(world, records):
    token = issue_token(world.street_b_officer)
    body = Client().get("/api/v1/ledgers/hazards?status=open", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert body["count"] == 4
    assert {row["street"] for row in body["results"]} == {world.street_b.name}
    assert body["results"][0]["status"] == "待整改"


# --- query counts, pinned exactly: the same with 1 row or 6 ------------------------------------------------
PAGES = {
    "/inspections/": 6,
    "/ledgers/hazards/": 7,
    "/ledgers/inspections/": 7,
    "/inspections/coverage/": 6,
}


@pytest.mark.parametrize("url", list(PAGES))
def test_query_counts_are_pinned(world, url, django_assert_num_queries):
    client = client_for(world, "street_a_officer")
    inspect(world, world.street_a, world.community_a, world.street_a_officer)
    with django_assert_num_queries(PAGES[url]):
        assert client.get(url).status_code == 200
    for i in range(5):
        inspect(world, world.street_a, world.community_a, world.street_a_officer, fails=2, name=f"又{i}")
    with django_assert_num_queries(PAGES[url]):
        assert client.get(url).status_code == 200
