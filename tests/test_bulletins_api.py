"""The bulletins API: POST issues a numbered bulletin with its ranking; reading it, its documents; a street's
own figures; who may do what."""

from __future__ import annotations

import pytest
from django.test import Client

from minorworks.accounts.tokens import issue_token

from . import bulletin_data as data

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {issue_token(user)}"})


BODY = {"period_start": "2026-10-01", "period_end": "2026-10-31"}


def test_post_issues_a_bulletin_with_its_ranking(world, django_assert_max_num_queries):
    data.build(world)
    client = api(world.district_admin)
    response = client.post("/api/v1/bulletins", BODY, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].endswith("〔2026〕1号") and body["status"] == "issued"
    first = body["ranking"][0]
    assert set(first) == {"street", "street_name", "score", "rank", "rank_change", "indicators"}
    a = next(r for r in body["ranking"] if r["street"] == world.street_a.code)
    assert a["indicators"]["inspections.count"] == 2
    assert a["indicators"]["inspections.closed_on_time"] == pytest.approx(3 / 7, abs=1e-4)
    assert [r["rank"] for r in body["ranking"]] == sorted(r["rank"] for r in body["ranking"])
    listed = client.get("/api/v1/bulletins").json()
    assert [b["id"] for b in listed] == [body["id"]]
    one = client.get(f"/api/v1/bulletins/{body['id']}").json()
    assert one["number"] == body["number"] and one["requirements"]
    street = api(world.street_a_officer)
    assert street.get(f"/api/v1/bulletins/{body['id']}/bulletin.pdf").status_code == 200
    assert street.get(f"/api/v1/bulletins/{body['id']}/bulletin.docx").status_code == 200
    assert street.post("/api/v1/bulletins", BODY, content_type="application/json").status_code == 403
    assert api(world.builder).get("/api/v1/bulletins").status_code == 403


def test_a_draft_is_the_districts_and_bad_periods_are_refused_by_field(world):
    client = api(world.district_admin)
    draft = client.post("/api/v1/bulletins", {**BODY, "draft": True}, content_type="application/json").json()
    assert draft["number"] is None and draft["status"] == "draft"
    street = api(world.street_a_officer)
    assert street.get(f"/api/v1/bulletins/{draft['id']}").status_code == 404
    assert street.get(f"/api/v1/bulletins/{draft['id']}/bulletin.pdf").status_code == 404
    backwards = client.post(
        "/api/v1/bulletins",
        {"period_start": "2026-10-31", "period_end": "2026-10-01"},
        content_type="application/json",
    )
    assert backwards.status_code == 400
    assert [e["field"] for e in backwards.json()["detail"]] == ["period_end"]
    assert client.post("/api/v1/bulletins", {}, content_type="application/json").status_code == 400


def test_indicators_a_street_sees_its_own_figures_the_district_every_street(world):
    data.build(world)
    query = "/api/v1/indicators?period_start=2026-10-01&period_end=2026-10-31"
    own = api(world.street_a_officer).get(query).json()
    assert [s["street"] for s in own["streets"]] == [world.street_a.code]
    figures = own["streets"][0]["figures"]
    assert figures["inspections.coverage"] == {
        "value": pytest.approx(2 / 3),
        "numerator": 2,
        "denominator": 3,
    }
    assert figures["leads.found"]["value"] == 2
    every = api(world.district_admin).get(query).json()
    assert len(every["streets"]) > 2
    b = next(s for s in every["streets"] if s["street"] == world.street_b.code)
    assert b["figures"]["inspections.closed_on_time"]["value"] is None  # no hazards: no data, not 0 %
    assert api(world.street_a_officer).get("/api/v1/indicators").status_code == 400
    assert api(world.builder).get(query).status_code == 403
