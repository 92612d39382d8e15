"""The ledger engine by declaration alone (the toy ledger of tests/toyapp), and what every ledger gets from it:
phone cards, formula-safe streamed files, the API list, no per-row template work, pinned query counts."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.test import Client
from django.test.signals import template_rendered

from minorworks.accounts.tokens import issue_token
from minorworks.api.core import api
from minorworks.core.ledgers import REGISTRY
from minorworks.core.ledgers.xlsx import safe_text
from minorworks.projects.models import Status
from minorworks.scoperules.models import ProjectType
from tests.toyapp.models import Permit

from .conftest import client_for
from .factories import PersonFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def api_get(world, persona: str, path: str):
    token = issue_token(getattr(world, persona))
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def sheet(response) -> list[tuple]:
    assert response.status_code == 200 and response.streaming
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(wb.active.iter_rows(values_only=True))


@pytest.fixture
def permits(world):
    owner = world.builder.enterprise
    return {
        "a": Permit.objects.create(
            title="甲街占道", district=world.district, street=world.street_a, owner=owner
        ),
        "a2": Permit.objects.create(
            title="甲街夜间施工", status="approved", district=world.district, street=world.street_a
        ),
        "b": Permit.objects.create(title="乙街占道", district=world.district, street=world.street_b),
    }


# --- a toy model gets a scoped page, file and API list by declaration alone -------------------------------
def test_toy_ledger_page_is_scoped_and_filtered(world, permits):
    officer = client_for(world, "street_a_officer")
    page = officer.get("/ledgers/toy-permits/")
    assert page.status_code == 200
    assert {row["title"] for row in page.context["page"].object_list} == {"甲街占道", "甲街夜间施工"}
    html = page.content.decode()
    assert "许可科" in html and "乙街占道" not in html
    assert [c.label() for c in REGISTRY["toy-permits"].table_columns()] == ["名称", "状态", "街道", "单位"]
    filtered = officer.get("/ledgers/toy-permits/?status=approved")
    assert [row["title"] for row in filtered.context["page"].object_list] == ["甲街夜间施工"]
    district = client_for(world, "district_admin").get("/ledgers/toy-permits/")
    assert district.context["page"].paginator.count == 3


def test_toy_ledger_file_has_the_declared_columns_and_only_the_scope(world, permits):
    rows = sheet(client_for(world, "street_a_officer").get("/ledgers/toy-permits/export.xlsx?q=甲街"))
    assert rows[0][0].startswith("许可台账") and "管理单位：许可科" in rows[0][0] and "筛选条件" in rows[0][0]
    assert rows[1] == ("序号", "名称", "状态", "街道", "单位")
    assert rows[2:] == [
        (1, "甲街占道", "open", "和平里街道", world.builder.enterprise.name),
        (2, "甲街夜间施工", "approved", "和平里街道", None),
    ]


def test_toy_ledger_api_list_is_scoped_paginated_and_documented(world, permits):
    response = api_get(world, "street_a_officer", "/api/v1/ledgers/toy-permits?page_size=1")
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"], body["num_pages"]) == (2, 1, 1, 2)
    assert body["results"] == [
        {
            "id": permits["a"].pk,
            "title": "甲街占道",
            "status": "open",
            "street": "和平里街道",
            "owner": world.builder.enterprise.name,
        }
    ]
    second = api_get(world, "street_a_officer", "/api/v1/ledgers/toy-permits?page=2&page_size=1").json()
    assert [r["title"] for r in second["results"]] == ["甲街夜间施工"]
    assert api_get(world, "street_b_officer", "/api/v1/ledgers/toy-permits").json()["count"] == 1
    schema = api.get_openapi_schema()["components"]["schemas"]
    assert set(schema["ToyPermitsLedgerRow"]["properties"]) == {"id", "title", "status", "street", "owner"}
    assert set(schema["ToyPermitsLedgerPage"]["properties"]) == {
        "count",
        "page",
        "page_size",
        "num_pages",
        "results",
    }
    assert sheet(api_get(world, "street_a_officer", "/api/v1/ledgers/toy-permits.xlsx"))[1][1] == "名称"


def test_toy_ledger_is_refused_to_roles_it_does_not_name(world, permits):
    assert client_for(world, "grid_worker").get("/ledgers/toy-permits/").status_code == 403
    assert client_for(world, "grid_worker").get("/ledgers/toy-permits/export.xlsx").status_code == 403
    assert api_get(world, "grid_worker", "/api/v1/ledgers/toy-permits").status_code == 403
    assert Client().get("/api/v1/ledgers/toy-permits").status_code == 401
    bad = api_get(world, "street_a_officer", "/api/v1/ledgers/toy-permits?status=nonsense")
    assert bad.status_code == 400 and bad.json()["detail"][0]["field"] == "status"


# --- formula injection ------------------------------------------------------------------------------------
DANGEROUS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_safe_text_neutralises_formula_starts(text):
    assert safe_text(text) == "'" + text
    assert safe_text("和平里=1") == "和平里=1" and safe_text("1-2") == "1-2"


def test_exported_cells_that_look_like_formulas_are_text_with_an_apostrophe(world):
    for text in DANGEROUS:
        ProjectFactory(
            name=text, street=world.street_a, status=Status.ACCEPTED, stop_ordered_by="=cmd|' /C calc'!A0"
        )
    response = client_for(world, "street_a_officer").get("/ledgers/below-quota/export.xlsx?q==")
    raw = b"".join(response.streaming_content)
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    rows = list(wb.active.iter_rows(values_only=True))
    names = sorted(row[2] for row in rows[2:] if row[2] and row[2].startswith("'"))
    assert len(names) == 1 and names[0].startswith("'=HYPERLINK")  # q="=" matched the one with "="
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml  # no formula anywhere, the title's filters (q==) included
    all_rows = sheet(client_for(world, "street_a_officer").get("/ledgers/below-quota/export.xlsx"))
    exported = {row[2] for row in all_rows[2:]}
    assert exported == {"'" + text for text in DANGEROUS}


# --- phone cards, one render pass, streaming ------------------------------------------------------------
def test_page_has_a_table_for_desks_and_cards_for_phones(world):
    for n in range(3):
        ProjectFactory(
            name=f"卡片{n}", street=world.street_a, status=Status.IN_PROGRESS, site_manager=PersonFactory()
        )
    html = client_for(world, "street_a_officer").get("/ledgers/below-quota/").content.decode()
    table, cards = html.split('data-testid="ledger-table"')[0], html.split('data-testid="ledger-cards"')[1]
    assert 'class="card d-none d-sm-block"' in table  # the table is hidden below 576 px …
    assert (
        'class="list-unstyled d-sm-none mb-0"' in html.split('data-testid="ledger-cards"')[0][-80:]
    )  # … cards shown
    assert cards.count('<li class="card mb-2"') == 3
    first = cards.split("</li>")[0]
    assert first.count("<dt") == len(REGISTRY["below-quota"].card.fields) and "139****" in first


def test_cells_cards_and_options_written_in_python_are_escaped(world):
    hostile = '<img src=x onerror="alert(1)">&'
    project = ProjectFactory(name=hostile, street=world.street_a, status=Status.ACCEPTED)
    project.builder.name = hostile + "公司"
    project.builder.save()
    ProjectType.objects.filter(pk=project.project_type_id).update(name=hostile + "类型")
    html = client_for(world, "district_admin").get("/ledgers/below-quota/").content.decode()
    escaped = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;"
    assert "<img src=x" not in html
    table, cards = html.split('data-testid="ledger-table"')[1], html.split('data-testid="ledger-cards"')[1]
    assert escaped in table.split('data-testid="ledger-cards"')[0]  # a table cell (the name)
    assert escaped + "公司" in cards  # a card line (the builder)
    assert escaped + "类型</option>" in html  # a filter option (the project type)


def test_no_template_is_rendered_per_row_or_per_option(world):
    def rendered(url):
        names = []

        def collect(sender, template, context, **kwargs):
            names.append(template.name)

        template_rendered.connect(collect)
        try:
            assert client_for(world, "district_admin").get(url).status_code == 200
        finally:
            template_rendered.disconnect(collect)
        return names

    ProjectFactory(street=world.street_a, status=Status.ACCEPTED)
    few = rendered("/ledgers/below-quota/")
    ProjectFactory.create_batch(49, street=world.street_b, status=Status.ACCEPTED)
    assert rendered("/ledgers/below-quota/") == few  # 50 rows, 17 streets, ~160 communities: same templates
    assert len(few) < 12


def test_every_export_is_audited_with_its_ledger_and_filters(world):
    from minorworks.core.models import AuditEntry

    response = client_for(world, "street_a_officer").get("/ledgers/stopped/export.xlsx?q=院")
    b"".join(response.streaming_content)
    entry = AuditEntry.objects.get(action="ledger.export")
    assert entry.actor == world.street_a_officer and entry.object_id == str(world.street_a_officer.pk)
    assert entry.after == {"ledger": "stopped", "filters": {"关键词": "院"}}


def test_export_streams_a_zip_from_the_first_piece(world):
    ProjectFactory.create_batch(3, street=world.street_a, status=Status.ACCEPTED)
    response = client_for(world, "district_admin").get("/ledgers/below-quota/export.xlsx")
    assert response.streaming and "Content-Length" not in response
    first = next(iter(response.streaming_content))
    assert first.startswith(b"PK\x03\x04")


def test_api_list_of_a_project_ledger_masks_and_types(world):
    manager = PersonFactory(phone="13812345678", id_number="110101199001011234")
    project = ProjectFactory(
        street=world.street_a, status=Status.STOPPED, site_manager=manager, stop_reason="无证动火"
    )
    body = api_get(world, "street_a_officer", "/api/v1/ledgers/stopped").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == project.pk and row["number"] == project.number
    assert row["site_manager_phone"] == "138****5678" and row["stop_reason"] == "无证动火"
    assert row["planned_start"] == project.planned_start.isoformat()
    assert "seq" not in row and "13812345678" not in str(body)
    full = api_get(world, "district_admin", "/api/v1/ledgers/below-quota").json()["results"][0]
    assert full["site_manager_id_number"] == "1101**********1234" and full["investment"] == "500000.00"
    assert api_get(world, "district_admin", "/api/v1/ledgers/nope").status_code == 404


# --- query counts, pinned exactly ------------------------------------------------------------------------
QUERIES = {
    # persona: (index, below-quota page, stopped page, internal page with q, export with its audit row, API list)
    # The signed-in user comes with their street, community, department and company (one joined query);
    # every page counts the reader's unread notifications once (the badge in the header); the index counts
    # each ledger the reader may open (one query each: five ledgers, plus training attendance for all but the grid worker,
    # plus residents' reports for district administrators and street officers).
    "district_admin": (11, 8, 8, 8, 4, 4),
    "street_a_officer": (11, 8, 8, 8, 4, 4),
    "street_b_officer": (11, 8, 8, 8, 4, 4),
    "dept_officer": (10, 9, 9, 9, 5, 6),
    "grid_worker": (8, 8, 8, 8, 4, 4),
}
URLS = ["/ledgers/", "/ledgers/below-quota/?ordering=name", "/ledgers/stopped/", "/ledgers/internal/?q=号"]


@pytest.mark.parametrize("persona", list(QUERIES))
def test_query_counts_are_pinned(world, persona, django_assert_num_queries):
    greening = ProjectType.objects.get(code="greening")
    for street, community, officer in (
        (world.street_a, world.community_a, world.street_a_officer),
        (world.street_b, world.community_b, world.street_b_officer),
    ):
        ProjectFactory.create_batch(
            3,
            street=street,
            community=community,
            project_type=greening,
            status=Status.STOPPED,
            is_internal=True,
            responsible_officer=officer,
            site_manager=PersonFactory(),
        )
    client = client_for(world, persona)
    token = issue_token(getattr(world, persona))
    expected = QUERIES[persona]
    for url, count in zip(URLS, expected[:4], strict=True):
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
    with django_assert_num_queries(expected[4]):
        b"".join(client.get("/ledgers/below-quota/export.xlsx").streaming_content)
    with django_assert_num_queries(expected[5]):
        response = Client().get("/api/v1/ledgers/below-quota", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.json()["count"] > 0
