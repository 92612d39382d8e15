"""Ledger pages: rows per ledger and persona, filters and sorting, scope, query count, methods."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minorworks.orgs.models import Region
from minorworks.projects.models import Status
from minorworks.scoperules.models import ProjectType

from .conftest import client_for
from .factories import PersonFactory, ProjectFactory

pytestmark = pytest.mark.django_db

STAFF = ["district_admin", "street_a_officer", "street_b_officer", "dept_officer", "grid_worker"]


@pytest.fixture
def rows(world):
    """Projects in both streets, every ledger-relevant state; keyed by a short name."""
    greening = ProjectType.objects.get(code="greening")
    fitout = ProjectType.objects.get(code="fitout")
    a_officer, b_officer = world.street_a_officer, world.street_b_officer
    common_a = {"street": world.street_a, "community": world.community_a, "responsible_officer": a_officer}
    common_b = {"street": world.street_b, "community": world.community_b, "responsible_officer": b_officer}
    return {
        "a1": ProjectFactory(
            name="甲一在施",
            status=Status.IN_PROGRESS,
            project_type=fitout,
            investment=Decimal("300000"),
            **common_a,
        ),
        "a2": ProjectFactory(
            name="甲二停工",
            status=Status.STOPPED,
            project_type=fitout,
            stop_reason="临时用电不规范",
            stop_ordered_by="和平里街道平安办",
            investment=Decimal("800000"),
            **common_a,
        ),
        "a3": ProjectFactory(name="甲三草稿", status=Status.DRAFT, project_type=fitout, **common_a),
        "a4": ProjectFactory(
            name="甲四内部",
            status=Status.ACCEPTED,
            project_type=fitout,
            is_internal=True,
            internal_unit="中国化工集团",
            investment=Decimal("100000"),
            **common_a,
        ),
        "g1": ProjectFactory(
            name="甲五绿化",
            status=Status.SUBMITTED,
            project_type=greening,
            planned_start=dt.date(2026, 1, 5),
            **common_a,
        ),
        "b1": ProjectFactory(name="乙一绿化", status=Status.COMPLETED, project_type=greening, **common_b),
        "b2": ProjectFactory(
            name="乙二停工内部",
            status=Status.STOPPED,
            project_type=fitout,
            is_internal=True,
            internal_unit="北京体育馆",
            stop_reason="脚手架无验收",
            **common_b,
        ),
    }


def names(response) -> set[str]:
    assert response.status_code == 200
    return {p["name"] for p in response.context["page"].object_list}


EXPECTED = {
    "below-quota": {
        "district_admin": {"a1", "a2", "a4", "g1", "b1", "b2"},
        "street_a_officer": {"a1", "a2", "a4", "g1"},
        "street_b_officer": {"b1", "b2"},
        "dept_officer": {"g1", "b1"},
        "grid_worker": {"a1", "a2", "a4", "g1"},
    },
    "stopped": {
        "district_admin": {"a2", "b2"},
        "street_a_officer": {"a2"},
        "street_b_officer": {"b2"},
        "dept_officer": set(),
        "grid_worker": {"a2"},
    },
    "internal": {
        "district_admin": {"a4", "b2"},
        "street_a_officer": {"a4"},
        "street_b_officer": {"b2"},
        "dept_officer": set(),
        "grid_worker": {"a4"},
    },
}


@pytest.mark.parametrize("ledger", list(EXPECTED))
@pytest.mark.parametrize("persona", STAFF)
def test_rows_per_ledger_and_persona(world, rows, ledger, persona):
    response = client_for(world, persona).get(f"/ledgers/{ledger}/")
    assert names(response) == {rows[key].name for key in EXPECTED[ledger][persona]}


@pytest.mark.parametrize(
    ("persona", "office"),
    [
        ("street_a_officer", "和平里街道平安办"),
        ("grid_worker", "和平里街道平安办"),
        ("street_b_officer", "体育馆路街道平安办"),
        ("district_admin", "区住房和城市建设委员会"),
        ("dept_officer", "区园林绿化局"),
    ],
)
def test_page_names_the_managing_office_and_each_rows_officer(world, rows, persona, office):
    response = client_for(world, persona).get("/ledgers/below-quota/")
    html = response.content.decode()
    assert office in html.split('data-testid="managing-office"')[1][:400]
    if persona == "street_a_officer":
        assert html.count(str(world.street_a_officer)) >= 4  # one per row


def test_stopped_ledger_shows_reason_and_who_ordered_it(world, rows):
    html = client_for(world, "street_a_officer").get("/ledgers/stopped/").content.decode()
    assert "临时用电不规范" in html and "和平里街道平安办" in html
    assert "脚手架无验收" not in html  # street B's


def test_internal_ledger_shows_the_host_unit(world, rows):
    html = client_for(world, "district_admin").get("/ledgers/internal/").content.decode()
    assert "中国化工集团" in html and "北京体育馆" in html


def test_site_manager_phone_is_masked_on_the_page(world, rows):
    rows["a1"].site_manager = PersonFactory(name="王工", phone="13812345678")
    rows["a1"].save()
    html = client_for(world, "street_a_officer").get("/ledgers/below-quota/").content.decode()
    assert "138****5678" in html and "13812345678" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=stopped", {"a2", "b2"}),
        ("status=stopped&status=completed", {"a2", "b2", "b1"}),
        ("project_type=greening", {"g1", "b1"}),
        ("q=停工", {"a2", "b2"}),
        ("start_to=2026-01-31&start_from=2026-01-01", {"g1"}),
    ],
)
def test_filters(world, rows, query, expected):
    response = client_for(world, "district_admin").get(f"/ledgers/below-quota/?{query}")
    assert names(response) == {rows[key].name for key in expected}


def test_street_and_community_filters(world, rows):
    client = client_for(world, "district_admin")
    assert names(client.get(f"/ledgers/below-quota/?street={world.street_b.code}")) == {
        "乙一绿化",
        "乙二停工内部",
    }
    other = Region.objects.filter(parent=world.street_a).exclude(pk=world.community_a.pk).first()
    rows["a1"].community = other
    rows["a1"].save()
    assert names(client.get(f"/ledgers/below-quota/?community={other.code}")) == {"甲一在施"}


def test_planned_end_filter(world, rows):
    rows["a1"].planned_end = dt.date(2030, 6, 1)
    rows["a1"].save()
    response = client_for(world, "district_admin").get("/ledgers/below-quota/?end_from=2030-01-01")
    assert names(response) == {"甲一在施"}


def test_ordering(world, rows):
    response = client_for(world, "street_a_officer").get("/ledgers/below-quota/?ordering=-investment")
    ordered = [p["name"] for p in response.context["page"].object_list]
    assert ordered[:3] == ["甲二停工", "甲五绿化", "甲一在施"]  # 800k, factory default 500k, 300k


def test_outsider_filtering_for_another_street_sees_nothing_of_it(world, rows):
    response = client_for(world, "street_b_officer").get(
        f"/ledgers/below-quota/?street={world.street_a.code}"
    )
    assert not names(response) & {p.name for p in rows.values() if p.street_id == world.street_a.pk}
    # The other street is not even offered as a choice.
    assert world.street_a.pk not in [
        c.pk for c in response.context["filterset"].form.fields["street"].queryset
    ]


def test_nonsense_filter_values_are_reported_not_500(world, rows):
    response = client_for(world, "district_admin").get(
        "/ledgers/below-quota/?status=bogus&start_from=notadate&street=999999&ordering=hack&page=zz"
    )
    assert response.status_code == 200
    form = response.context["filterset"].form
    assert {"status", "start_from", "street"} <= set(form.errors)


def test_pagination(world):
    ProjectFactory.create_batch(55, street=world.street_a, status=Status.ACCEPTED)
    client = client_for(world, "street_a_officer")
    first = client.get("/ledgers/below-quota/?status=accepted")
    second = client.get("/ledgers/below-quota/?status=accepted&page=2")
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 5
    assert not names(first) & names(second)
    assert "?status=accepted&page=2" in first.content.decode()  # filters kept across pages


def test_unknown_ledger_is_404(world):
    assert client_for(world, "district_admin").get("/ledgers/nonsense/").status_code == 404
    assert client_for(world, "district_admin").get("/ledgers/nonsense/export.xlsx").status_code == 404


@pytest.mark.parametrize("url", ["/ledgers/", "/ledgers/below-quota/", "/ledgers/stopped/export.xlsx"])
def test_builder_is_refused_and_anonymous_sent_to_login(world, url):
    assert client_for(world, "builder").get(url).status_code == 403
    response = client_for(world, "anonymous").get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", ["/ledgers/", "/ledgers/below-quota/", "/ledgers/below-quota/export.xlsx"])
def test_wrong_method(world, url):
    client = client_for(world, "district_admin")
    assert client.post(url).status_code == 405
    assert client.delete(url).status_code == 405


def test_index_counts_each_ledger_in_scope(world, rows):
    response = client_for(world, "street_a_officer").get("/ledgers/")
    counts = {card["ledger"].slug: card["count"] for card in response.context["cards"]}
    # The toy ledger of the tests (tests/toyapp/ledgers.py) is open to street officers too.
    assert counts == {
        "below-quota": 4,
        "stopped": 1,
        "internal": 1,
        "inspections": 0,
        "hazards": 0,
        "reports": 0,
        "toy-permits": 0,
        "training-attendance": 0,
    }
    assert "/ledgers/import/" in response.content.decode()  # street officers may import
    grid = client_for(world, "grid_worker").get("/ledgers/")
    assert [card["ledger"].slug for card in grid.context["cards"]] == [
        "below-quota",
        "stopped",
        "internal",
        "inspections",
        "hazards",
    ]
    assert "/ledgers/import/" not in grid.content.decode()


def test_side_menu_offers_ledgers_to_staff_only(world):
    assert 'href="/ledgers/"' in client_for(world, "grid_worker").get("/").content.decode()
    assert 'href="/ledgers/"' not in client_for(world, "builder").get("/").content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", STAFF)
@pytest.mark.parametrize(
    "url",
    [
        "/ledgers/",
        "/ledgers/below-quota/?ordering=name",
        "/ledgers/stopped/",
        "/ledgers/internal/?q=院",
        "/ledgers/below-quota/export.xlsx",
    ],
)
def test_query_count_is_constant(world, persona, url):
    greening = ProjectType.objects.get(code="greening")

    def make(n):
        for _ in range(n):
            ProjectFactory(
                street=world.street_a,
                community=world.community_a,
                project_type=greening,
                status=Status.STOPPED,
                is_internal=True,
                responsible_officer=world.street_a_officer,
                site_manager=PersonFactory(),
            )

    client = client_for(world, persona)
    make(2)
    few = _count(client, url)
    make(12)
    many = _count(client, url)
    assert few == many
    assert many <= 14
