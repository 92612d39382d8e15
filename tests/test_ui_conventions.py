"""Chinese conventions on the pages (issue 6 §8): one way to write figures and dates, labels not codes, natural
sort wording, full-width colons, 姓名 for people, a status filter a phone can use, no API hint for residents."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from minorworks.leads.models import Lead
from minorworks.projects.models import Status
from minorworks.settings import tile_source

from .conftest import client_for
from .factories import ProjectFactory

CJK_THEN_ASCII_COLON = re.compile(r"[\u4e00-\u9fff）]\s*:(?!//)")


def render(source: str, language: str = "zh-hans", **context) -> str:
    with translation.override(language):
        return Template("{% load formats %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("value", "arg", "shown"),
    [
        (650000, None, "650,000"),
        (Decimal("650000.00"), None, "650,000"),
        (Decimal("1234.50"), None, "1,234.5"),
        (Decimal("12.345"), None, "12.35"),
        (Decimal("1000000"), 2, "1,000,000.00"),
        (0, None, "0"),
        (None, None, "—"),
        ("", None, "—"),
        ("not a number", None, "not a number"),
    ],
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_figure_groups_thousands_in_both_languages(value, arg, shown, language):
    source = "{{ v|figure:a }}" if arg is not None else "{{ v|figure }}"
    assert render(source, language, v=value, a=arg) == shown


def test_dates_one_way_in_lists_and_the_language_s_way_in_prose():
    day = dt.date(2026, 12, 1)
    assert render("{{ d|day }}", d=day) == "2026-12-01"
    assert render('{{ d|day:"long" }}', d=day) == "2026年12月1日"
    assert render("{{ d|day }}", d=None) == "—"
    assert render("{% day_range a b %}", a=day, b=dt.date(2027, 1, 31)) == "2026-12-01 至 2027-01-31"
    assert render("{% day_range a b %}", a=day, b=None) == "2026-12-01 起"
    assert render("{% day_range a b %}", a=None, b=None) == "—"
    assert render("{% day_range a b %}", "en", a=None, b=day) == "until 2026-12-01"
    assert render("编号{% colon %}1") == "编号：1"
    assert render("Number{% colon %}1", "en") == "Number: 1"


def test_project_list_figures_sort_wording_and_status_checkboxes(world):
    ProjectFactory(street=world.street_a, investment=Decimal("650000"), status=Status.IN_PROGRESS)
    html = client_for(world, "street_a_officer").get("/projects/").content.decode()
    assert "650,000" in html and "650000" not in html
    assert "按登记时间（新→旧）" in html and "按投资额（高→低）" in html
    assert "descending" not in html and "降序" not in html
    assert 'type="checkbox" name="status" value="in_progress"' in html
    assert '<select name="status"' not in html and "multiple" not in html
    assert ">---------<" not in html  # filter menus say 全部


def test_status_filter_takes_several_statuses(world):
    ProjectFactory(street=world.street_a, name="在施甲", status=Status.IN_PROGRESS)
    ProjectFactory(street=world.street_a, name="停工乙", status=Status.STOPPED)
    ProjectFactory(street=world.street_a, name="已完工丙", status=Status.COMPLETED)
    client = client_for(world, "street_a_officer")
    html = client.get("/projects/?status=in_progress&status=stopped").content.decode()
    assert "在施甲" in html and "停工乙" in html and "已完工丙" not in html
    assert 'value="stopped" id="id_status_6" checked' in html


def test_empty_dates_show_one_dash(world):
    project = ProjectFactory(street=world.street_a, planned_start=None, planned_end=None)
    html = client_for(world, "street_a_officer").get(f"/projects/{project.pk}/").content.decode()
    assert "— – —" not in html
    assert re.search(r'data-testid="actual-dates">—<', html)


@pytest.mark.parametrize(
    "url",
    [
        "/projects/",
        "/projects/leads/",
        "/projects/scope-rules/",
        "/scope-check/?project_type=building&investment=1",
    ],
)
def test_chinese_pages_use_full_width_colons(world, url):
    project = ProjectFactory(street=world.street_a, status=Status.STOPPED, stop_ordered_by="区应急局")
    Lead.objects.create(district=world.district, street=world.street_a, address="某胡同1号")
    client = client_for(world, "district_admin")
    for page in (url, f"/projects/{project.pk}/"):
        text = re.sub(r"<[^>]+>", " ", client.get(page).content.decode())
        assert not CJK_THEN_ASCII_COLON.search(text), (page, CJK_THEN_ASCII_COLON.search(text))


def test_scope_rules_name_types_instead_of_codes(world):
    html = client_for(world, "district_admin").get("/projects/scope-rules/").content.decode()
    assert "住宅室内装饰装修" in html
    table = html[html.index('data-testid="scope-rules"') : html.index("</table>")]
    assert "residential_interior" not in table
    assert "(building)" not in html and "(fitout)" not in html


def test_scope_verdict_writes_figures_as_the_pages_do(db, reference):
    html = (
        Client().get("/scope-check/?project_type=building&investment=800000&floor_area=250").content.decode()
    )
    assert "800,000元" in html and "1,000,000元" in html
    assert ".00元" not in html


def test_public_scope_check_shows_no_api_hint_but_the_api_is_documented(db, reference):
    html = Client().get("/scope-check/").content.decode()
    assert "/api/" not in html and "For programs" not in html and "GET " not in html
    schema = Client().get("/api/v1/openapi.json").json()
    assert any(p.endswith("/scope-check") for p in schema["paths"])


def test_a_person_s_name_is_xingming(world):
    html = client_for(world, "builder").get("/projects/new/").content.decode()
    assert "姓名" in html  # the worker rows
    assert ">名称<" not in html.split("worker-rows", 1)[1]


def test_map_picker_is_on_the_registration_and_lead_forms(world, settings):
    settings.MAP_TILE_URL = (
        "https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
    )
    for persona, url in (("builder", "/projects/new/"), ("grid_worker", "/projects/leads/new/")):
        html = client_for(world, persona).get(url).content.decode()
        assert 'data-map-picker data-testid="map-picker" hidden' in html  # shown by the script only
        assert 'data-lat="#id_latitude" data-lng="#id_longitude"' in html
        assert 'data-tile-url="https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY&amp;' in html
        assert "/static/vendor/leaflet/leaflet.js" in html
        assert 'name="latitude"' in html and 'name="longitude"' in html  # the inputs work without it


def test_tile_host_enters_the_csp():
    assert tile_source("") is None
    assert tile_source("https://tiles.example.gov.cn/{z}/{x}/{y}.png") == "https://tiles.example.gov.cn"
    assert tile_source("https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=K") == "https://*.tianditu.gov.cn"
    for bad in ("javascript:alert(1)", "tiles/{z}/{x}/{y}.png", "https://{z}.example/{x}", "https://{s}/x"):
        with pytest.raises(ImproperlyConfigured):
            tile_source(bad)
    script = "import minorworks.settings as s; print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    out = subprocess.run(
        [sys.executable, "-c", script],
        env={"MAP_TILE_URL": "https://t{s}.tianditu.gov.cn/x?x={x}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "https://*.tianditu.gov.cn" in out


def test_only_the_listed_leaflet_files_are_served():
    assert finders.find("vendor/leaflet/leaflet.js")
    assert finders.find("vendor/leaflet/images/layers.png")
    assert finders.find("vendor/leaflet/leaflet-src.js") is None
    assert finders.find("vendor/leaflet/../package.json") is None
