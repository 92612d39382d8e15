"""The scope test as data: Beijing's rule, its boundaries, dated rules, the public page, the API and admin page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from minorworks.core.models import AuditEntry
from minorworks.core.roles import Role
from minorworks.orgs.models import Region
from minorworks.scoperules.models import ScopeRule
from minorworks.scoperules.scope import ScopeInputError, add_scope_rule, evaluate_scope, rule_in_force

from .conftest import client_for
from .factories import UserFactory

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 6, 1)
D = Decimal

# (type, investment, floor area, expected verdict)
CASES = [
    ("building", D("1000000"), D("500"), "below_quota"),  # exactly 1,000,000 yuan: inclusive
    ("building", D("1000000.01"), D("300.01"), "above_quota"),  # one cent and one hundredth over both
    ("building", D("5000000"), D("300"), "below_quota"),  # exactly 300 m², big investment: OR rule
    ("building", D("1000001"), D("300.01"), "above_quota"),
    ("building", D("999999.99"), None, "below_quota"),  # floor area not needed when investment is under
    ("building", None, D("120"), "below_quota"),  # investment unknown but area under
    ("fitout", D("1000000.01"), D("300"), "below_quota"),
    ("fitout", D("2000000"), D("1000"), "above_quota"),
    ("greening", D("1000000"), None, "below_quota"),  # investment-only types: inclusive
    ("greening", D("1000000.01"), D("10"), "above_quota"),  # a small area does not help a greening project
    ("road", D("0"), None, "below_quota"),
    ("pipeline_relocation", D("1200000"), None, "above_quota"),
    ("urban_renewal", D("800000"), None, "below_quota"),
    ("residential_interior", D("1"), D("1"), "out_of_scope"),  # excluded at any size
    ("residential_interior", D("99000000"), D("99000"), "out_of_scope"),
    ("rural", D("50000"), D("50"), "out_of_scope"),
    ("temporary", D("50000"), None, "out_of_scope"),
    ("emergency", D("5000000"), None, "out_of_scope"),
    ("military", D("10"), D("10"), "out_of_scope"),
    ("no_such_type", D("10"), D("10"), "out_of_scope"),  # unknown types are not below quota
]


@pytest.mark.parametrize(("type_code", "investment", "area", "expected"), CASES)
def test_beijing_rule(reference, type_code, investment, area, expected):
    verdict = evaluate_scope(type_code, investment, area, on=ON, jurisdiction=reference)
    assert verdict.verdict == expected
    assert verdict.rule is not None and verdict.rule.basis == "京建发〔2021〕377号"
    assert verdict.reason


@pytest.mark.parametrize(
    ("type_code", "investment", "area", "field"),
    [
        ("building", None, None, "investment"),
        ("building", D("2000000"), None, "floor_area"),  # over on investment: the area decides
        ("building", None, D("400"), "investment"),
        ("greening", None, D("10"), "investment"),
    ],
)
def test_missing_figures_are_named(reference, type_code, investment, area, field):
    with pytest.raises(ScopeInputError) as info:
        evaluate_scope(type_code, investment, area, on=ON, jurisdiction=reference)
    assert info.value.field == field


def test_before_any_rule_nothing_is_in_scope(reference):
    verdict = evaluate_scope("building", D("1"), D("1"), on=dt.date(2021, 11, 30), jurisdiction=reference)
    assert verdict.verdict == "out_of_scope" and verdict.rule is None


def _district_rule(district, day, limit, **extra):
    return ScopeRule.objects.create(
        jurisdiction=district,
        name=f"东城区标准 {day}",
        effective_from=day,
        investment_limit=limit,
        floor_area_limit=extra.pop("area", D("500")),
        area_types=["building", "fitout"],
        investment_only_types=["greening"],
        excluded_types=extra.pop("excluded", ["residential_interior"]),
        reason="区级规则",
        reason_en="district rule",
    )


def test_a_later_dated_rule_wins_from_its_date(reference):
    later = _district_rule(reference, dt.date(2026, 1, 1), D("500000"))
    street = Region.objects.get(code="110101010")
    # The day before: the city rule (1,000,000) still applies, also when asked from a street.
    before = evaluate_scope("greening", D("800000"), None, on=dt.date(2025, 12, 31), jurisdiction=street)
    assert before.verdict == "below_quota" and before.rule.jurisdiction.code == "110000"
    # From its date: the district rule, nearer than the city, with its lower limit.
    after = evaluate_scope("greening", D("800000"), None, on=dt.date(2026, 1, 1), jurisdiction=street)
    assert after.verdict == "above_quota" and after.rule == later
    assert evaluate_scope(
        "greening", D("500000"), None, on=dt.date(2026, 1, 1), jurisdiction=street
    ).verdict == ("below_quota")
    # A district rule that does not list a type leaves it out of scope (the rule is the whole answer).
    assert evaluate_scope("road", D("1"), None, on=dt.date(2026, 2, 1), jurisdiction=street).verdict == (
        "out_of_scope"
    )


def test_the_latest_of_several_rules_in_force(reference):
    _district_rule(reference, dt.date(2024, 1, 1), D("200000"))
    newest = _district_rule(reference, dt.date(2025, 1, 1), D("300000"))
    assert rule_in_force(ON, reference) == newest
    assert rule_in_force(dt.date(2024, 6, 1), reference).investment_limit == D("200000")


def test_a_street_loaded_with_its_parents_finds_the_district_rule_without_reloading_them(
    reference, django_assert_num_queries
):
    rule = _district_rule(reference, dt.date(2025, 1, 1), D("300000"))
    loaded = Region.objects.select_related("parent__parent").get(code="110101010")
    bare = Region.objects.get(code="110101010")
    with django_assert_num_queries(1):  # the rules only
        assert rule_in_force(ON, loaded) == rule
    with django_assert_num_queries(2):  # the chain, then the rules
        assert rule_in_force(ON, bare) == rule


def test_without_jurisdiction_the_only_district_is_used(reference):
    rule = _district_rule(reference, dt.date(2025, 1, 1), D("300000"))
    assert evaluate_scope("greening", D("400000"), None, on=ON).rule == rule


# --- the public API ---------------------------------------------------------------------------------------
API = "/api/v1/scope-check"


@pytest.mark.parametrize(
    ("params", "verdict"),
    [
        ({"project_type": "building", "investment": "1000000", "floor_area": "800"}, "below_quota"),
        ({"project_type": "building", "investment": "1000000.01", "floor_area": "300.01"}, "above_quota"),
        ({"project_type": "building", "investment": "3000000", "floor_area": "300"}, "below_quota"),
        ({"project_type": "greening", "investment": "1,000,000"}, "below_quota"),
        ({"project_type": "residential_interior", "investment": "1"}, "out_of_scope"),
        ({"project_type": "building", "investment": "1", "on": "2021-11-30"}, "out_of_scope"),
    ],
)
def test_api_answers_without_login(reference, params, verdict):
    response = Client().get(API, params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["verdict"] == verdict
    assert set(body) == {"verdict", "reason", "rule"}
    if params.get("on") == "2021-11-30":
        assert body["rule"] is None
    else:
        assert body["rule"]["basis"] == "京建发〔2021〕377号" and body["rule"]["jurisdiction"] == "110000"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "project_type"),
        ({"investment": "100"}, "project_type"),
        ({"project_type": "building"}, "investment"),
        ({"project_type": "nonsense", "investment": "100"}, "project_type"),
        ({"project_type": "building", "investment": "abc"}, "investment"),
        ({"project_type": "building", "investment": "-5"}, "investment"),
        ({"project_type": "building", "investment": "NaN"}, "investment"),
        ({"project_type": "building", "investment": "100", "floor_area": "lots"}, "floor_area"),
        ({"project_type": "building", "investment": "2000000"}, "floor_area"),
        ({"project_type": "building", "investment": "100", "on": "2025-13-01"}, "on"),
        ({"project_type": "building", "investment": "100", "jurisdiction": "999"}, "jurisdiction"),
    ],
)
def test_api_refuses_missing_or_nonsense_input_field_by_field(reference, params, field):
    response = Client().get(API, params, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert field in {d["field"] for d in detail}
    assert all(d["message"] for d in detail)


def test_api_messages_follow_the_language(reference):
    zh = Client().get(API, {"project_type": "building"}, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["detail"][0]
    en = Client().get(API, {"project_type": "building"}, HTTP_ACCEPT_LANGUAGE="en").json()["detail"][0]
    assert en["message"] == "Enter the investment."
    assert zh["message"] != en["message"]


# --- the public page --------------------------------------------------------------------------------------
def test_public_page_shows_the_verdict(reference):
    response = Client().get(
        "/scope-check/", {"project_type": "building", "investment": "1000000", "floor_area": "1"}
    )
    assert response.status_code == 200
    assert 'data-verdict="below_quota"' in response.content.decode()


def test_public_page_keeps_bad_input_and_names_the_field(reference):
    response = Client().get("/scope-check/", {"project_type": "building", "investment": "一百万"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-field-error="investment"' in html
    assert 'value="一百万"' in html  # what the user typed is shown back
    assert "data-verdict" not in html


def test_public_page_without_input_is_an_empty_form(reference):
    html = Client().get("/scope-check/").content.decode()
    assert 'data-testid="scope-form"' in html and "data-field-error" not in html


def test_public_page_refuses_post(reference):
    assert Client().post("/scope-check/").status_code == 405


# --- the administrator's page -----------------------------------------------------------------------------
RULE_POST = {
    "jurisdiction": None,
    "name": "东城区2027年标准",
    "basis": "东建发〔2026〕1号",
    "effective_from": "2027-01-01",
    "investment_limit": "600000",
    "floor_area_limit": "200",
    "area_types": ["building", "fitout"],
    "investment_only_types": ["greening", "road"],
    "excluded_types": ["residential_interior"],
    "reason": "区级规则",
    "reason_en": "District rule",
}


def test_admin_adds_a_dated_rule_without_code(world):
    client = client_for(world, "district_admin")
    assert client.get("/projects/scope-rules/").status_code == 200
    response = client.post("/projects/scope-rules/", {**RULE_POST, "jurisdiction": world.district.pk})
    assert response.status_code == 302
    rule = ScopeRule.objects.get(name="东城区2027年标准")
    assert rule.jurisdiction == world.district and rule.investment_limit == D("600000")
    assert rule.investment_only_types == ["greening", "road"]
    assert AuditEntry.objects.filter(action="scope_rule.create", object_id=str(rule.pk)).exists()
    # It takes effect from its date, through the public API too.
    answer = (
        Client().get(API, {"project_type": "greening", "investment": "700000", "on": "2027-01-01"}).json()
    )
    assert answer["verdict"] == "above_quota" and answer["rule"]["id"] == rule.pk
    assert (
        Client()
        .get(API, {"project_type": "greening", "investment": "700000", "on": "2026-12-31"})
        .json()["verdict"]
        == "below_quota"
    )


def test_admin_rule_form_errors_are_per_field_and_keep_input(world):
    client = client_for(world, "district_admin")
    bad = {
        **RULE_POST,
        "jurisdiction": world.district.pk,
        "investment_limit": "-1",
        "effective_from": "2021-12-01",
        "excluded_types": ["building"],
    }
    response = client.post("/projects/scope-rules/", bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-field-error="investment_limit"' in html
    assert "东城区2027年标准" in html
    assert not ScopeRule.objects.filter(name="东城区2027年标准").exists()


def test_admin_cannot_add_a_type_to_two_lists(world):
    client = client_for(world, "district_admin")
    client.post(
        "/projects/scope-rules/",
        {**RULE_POST, "jurisdiction": world.district.pk, "excluded_types": ["building"]},
    )
    assert not ScopeRule.objects.filter(name="东城区2027年标准").exists()


def test_admin_cannot_pick_another_region(world):
    client = client_for(world, "district_admin")
    response = client.post("/projects/scope-rules/", {**RULE_POST, "jurisdiction": world.street_a.pk})
    assert response.status_code == 200 and 'data-field-error="jurisdiction"' in response.content.decode()
    assert not ScopeRule.objects.filter(name="东城区2027年标准").exists()


@pytest.mark.parametrize("persona", ["street_a_officer", "builder", "grid_worker", "dept_officer"])
def test_only_the_district_admin_manages_rules(world, persona):
    client = client_for(world, persona)
    assert client.get("/projects/scope-rules/").status_code == 403
    assert (
        client.post("/projects/scope-rules/", {**RULE_POST, "jurisdiction": world.district.pk}).status_code
        == 403
    )
    assert not ScopeRule.objects.filter(name="东城区2027年标准").exists()


def test_rules_page_refuses_other_methods(world):
    assert client_for(world, "district_admin").put("/projects/scope-rules/").status_code == 405


# --- rules belong to the administrator's jurisdiction -------------------------------------------------------
def second_district_admin():
    city = Region.objects.get(code="110000")
    xicheng = Region.objects.create(code="110102", name="西城区", level=Region.Level.DISTRICT, parent=city)
    return UserFactory(username="district-2", role=Role.DISTRICT_ADMIN, district=xicheng), xicheng


def test_the_form_offers_the_administrators_district_only(world):
    html = client_for(world, "district_admin").get("/projects/scope-rules/").content.decode()
    city = world.district.parent
    assert f'value="{world.district.pk}"' in html
    assert f'value="{city.pk}"' not in html and "北京市</option>" not in html


def test_a_district_admin_cannot_add_a_city_rule(world):
    city = world.district.parent
    response = client_for(world, "district_admin").post(
        "/projects/scope-rules/", {**RULE_POST, "jurisdiction": city.pk}
    )
    assert response.status_code == 200 and 'data-field-error="jurisdiction"' in response.content.decode()
    assert not ScopeRule.objects.filter(name="东城区2027年标准").exists()


def test_the_domain_function_refuses_another_jurisdiction(world):
    admin_2, xicheng = second_district_admin()
    data = {
        **RULE_POST,
        "effective_from": dt.date(2027, 1, 1),
        "investment_limit": D("600000"),
        "floor_area_limit": D("200"),
    }
    for actor, jurisdiction in [
        (world.district_admin, world.district.parent),  # the city
        (world.district_admin, xicheng),  # another district
        (admin_2, world.district),
        (world.street_a_officer, world.district),
    ]:
        with pytest.raises(ValidationError) as excinfo:
            add_scope_rule(actor=actor, data={**data, "jurisdiction": jurisdiction})
        assert "jurisdiction" in excinfo.value.message_dict
    assert not ScopeRule.objects.filter(name="东城区2027年标准").exists()
    rule = add_scope_rule(actor=admin_2, data={**data, "jurisdiction": xicheng})
    assert rule.jurisdiction == xicheng
    entry = AuditEntry.objects.get(action="scope_rule.create", object_id=str(rule.pk))
    assert entry.district == xicheng
