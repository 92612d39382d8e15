"""The reports API: the same intake and workflow functions as the pages, scoped, without the reporter."""

import pytest
from django.test import Client

from minorworks.accounts.tokens import issue_token
from minorworks.reports.intake import receive_report
from minorworks.reports.models import Report, Status

pytestmark = pytest.mark.django_db


def api(world, persona):
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {issue_token(getattr(world, persona))}"
    return client


def test_enter_list_accept_close_through_the_api(world, django_assert_num_queries):
    desk = api(world, "district_admin")
    made = desk.post(
        "/api/v1/reports",
        {
            "channel": "12350",
            "external_number": "AQ-77",
            "category": "hazard",
            "description": "无防护",
            "reporter_phone": "13700001111",
        },
        content_type="application/json",
    )
    assert made.status_code == 201
    body = made.json()
    assert body["status"] == "desk" and body["street"] is None and "13700001111" not in made.content.decode()
    dispatched = desk.post(
        f"/api/v1/reports/{body['id']}/dispatch",
        {"street": world.street_a.code},
        content_type="application/json",
    )
    assert dispatched.status_code == 200 and dispatched.json()["street"] == world.street_a.code
    officer = api(world, "street_a_officer")
    assert (
        officer.post(
            f"/api/v1/reports/{body['id']}/accept", "{}", content_type="application/json"
        ).status_code
        == 200
    )
    again = officer.post(f"/api/v1/reports/{body['id']}/accept", "{}", content_type="application/json")
    assert again.status_code == 409  # a double submission applies once
    closed = officer.post(
        f"/api/v1/reports/{body['id']}/close", {"reply": "已整改"}, content_type="application/json"
    )
    assert closed.json()["status"] == "closed"
    assert api(world, "street_b_officer").get(f"/api/v1/reports/{body['id']}").status_code == 404
    assert api(world, "builder").get("/api/v1/reports").status_code == 403
    listed = officer.get("/api/v1/reports", {"street": world.street_a.code, "status": "closed"}).json()
    assert [r["number"] for r in listed["results"]] == [Report.objects.get().number]
    for _i in range(3):
        receive_report(actor=None, data={"category": "dust", "street": world.street_a, "description": "扬尘"})
    with django_assert_num_queries(3):  # the token's user, the count, the page (constant in rows)
        assert officer.get("/api/v1/reports").json()["count"] == 4
    assert Report.objects.filter(status=Status.CLOSED).count() == 1


def test_bad_intake_gets_field_errors(world):
    response = api(world, "district_admin").post(
        "/api/v1/reports", {"channel": "web", "street": "nowhere"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["detail"]}
