"""API base: tokens, JSON errors, OpenAPI document, scoping."""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def token_for(client, username, password="a-long-test-password-2026"):
    response = client.post(
        "/api/v1/auth/token",
        json.dumps({"username": username, "password": password}),
        content_type="application/json",
    )
    return response


def test_token_then_me(world):
    client = Client()
    response = token_for(client, "street-a")
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.status_code == 200
    assert me.json()["role"] == "street_officer"
    assert me.json()["street"] == "和平里街道"


def test_wrong_password_is_401_json(world):
    response = token_for(Client(), "street-a", "nope")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_missing_field_is_400_with_field(world):
    response = Client().post(
        "/api/v1/auth/token", json.dumps({"username": "x"}), content_type="application/json"
    )
    assert response.status_code == 400
    fields = [e["field"] for e in response.json()["detail"]]
    assert "password" in str(fields)


def test_malformed_json_is_400_not_500(world):
    response = Client().post("/api/v1/auth/token", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_no_token_is_401_and_bad_token_is_401():
    client = Client()
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer nonsense").json() == {
        "detail": "需要身份认证。"
    }


def test_session_cookie_is_not_api_auth(world):
    client = Client()
    client.force_login(world.street_a_officer)
    assert client.get("/api/v1/me").status_code == 401


def test_unknown_api_path_is_404(world):
    assert Client().get("/api/v1/does-not-exist").status_code == 404


def test_openapi_document():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert "/api/v1/auth/token" in doc["paths"]
    assert doc["info"]["title"] == "minorworks API"


def test_token_failures_count_towards_lockout(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        token_for(client, "street-a", "wrong")
    assert token_for(client, "street-a").status_code in (401, 403, 429)
