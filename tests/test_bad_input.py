"""NUL bytes and lone surrogates are refused as 400 with a field message, on the API and in the UI, on SQLite
and PostgreSQL alike; an unexpected API error is JSON."""

import json

import pytest
from django.test import Client

from minorworks.accounts.tokens import issue_token
from minorworks.core.models import AuditEntry
from minorworks.projects.models import Project

from .conftest import client_for
from .registration_data import full_post

pytestmark = pytest.mark.django_db

SURROGATE = '"\\ud800"'  # JSON text of a lone surrogate: valid JSON, not encodable as UTF-8


def api_client(world, persona="street_a_officer") -> tuple[Client, dict]:
    client = Client(raise_request_exception=False)
    return client, {"HTTP_AUTHORIZATION": f"Bearer {issue_token(getattr(world, persona))}"}


def fields_of(response) -> list:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return [e["field"] for e in response.json()["detail"]]


def test_lone_surrogate_in_token_request_is_400_with_the_field(world):
    client = Client(raise_request_exception=False)
    body = '{"username": ' + SURROGATE + ', "password": "x"}'
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 400
    assert fields_of(response) == ["username"]
    assert "无效字符" in response.json()["detail"][0]["message"]


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"username": "street-a\x00", "password": "x"}),
        json.dumps({"username": "street-a", "password": "a\x00b"}),
    ],
)
def test_nul_in_token_request_is_400_and_counts_no_attempt(world, body):
    client = Client(raise_request_exception=False)
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 400
    assert fields_of(response) in (["username"], ["password"])
    assert not AuditEntry.objects.filter(action="auth.sign_in_failed").exists()


def test_lone_surrogate_in_project_create_and_update(world):
    client, headers = api_client(world)
    body = '{"name": ' + SURROGATE + ', "project_type": "fitout", "street": "110101010", "builder_name": "x"}'
    response = client.post("/api/v1/projects", body, content_type="application/json", **headers)
    assert response.status_code == 400 and fields_of(response) == ["name"]
    assert not Project.objects.exists()
    created = client.post(
        "/api/v1/projects",
        json.dumps({"name": "好", "project_type": "fitout", "street": "110101010", "builder_name": "某公司"}),
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    nested = '{"workers": [{"name": ' + SURROGATE + "}]}"
    response = client.patch(f"/api/v1/projects/{pk}", nested, content_type="application/json", **headers)
    assert response.status_code == 400 and fields_of(response) == ["workers.0.name"]
    assert Project.objects.get(pk=pk).name == "好"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/scope-check?project_type=fitout&investment=1&jurisdiction=%00",
        "/api/v1/regions?parent=%00",
        "/api/v1/projects?street=%00",
        "/api/v1/projects?q=a%00",
    ],
)
def test_nul_in_api_query_is_400_with_the_field(world, path):
    client, headers = api_client(world)
    response = client.get(path, **headers)
    assert response.status_code == 400
    expected = path.split("?")[1].split("%00")[0].split("&")[-1].split("=")[0]
    assert fields_of(response) == [expected]


def test_nul_in_ui_query_gets_a_400_page_in_the_users_language(world):
    client = client_for(world, "street_a_officer")
    client.raise_request_exception = False
    response = client.get("/projects/community-options/?street=%00")
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-field-error="street"' in body and "空字符" in body
    client.cookies["minorworks_language"] = "en"
    english = client.get("/projects/?project_type=%00").content.decode()
    assert 'data-field-error="project_type"' in english and "null character" in english


def test_nul_in_a_ui_form_post_is_refused_and_nothing_is_saved(world):
    client = client_for(world, "street_a_officer")
    client.raise_request_exception = False
    response = client.post(
        "/projects/new/",
        full_post(world, street="110101010\x00", name="正常名称"),
        HTTP_REFERER="http://testserver/projects/new/",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-field-error="street"' in body
    assert 'href="http://testserver/projects/new/"' in body  # back to the form, whose input the browser keeps
    assert not Project.objects.exists()


def test_nul_in_the_path_and_in_a_sign_in_are_refused(world):
    client = Client(raise_request_exception=False)
    assert client.get("/p/abc%00def/").status_code == 400
    response = client.post("/accounts/login/", {"username": "street-a\x00", "password": "x"})
    assert response.status_code == 400


def test_ordinary_text_passes(world):
    client, headers = api_client(world)
    response = client.get("/api/v1/regions?parent=110101010", **headers)
    assert response.status_code == 200 and response.json()


def test_an_unexpected_api_error_is_json_500_and_logged(world, monkeypatch, caplog):
    class Broken:
        @property
        def objects(self):
            raise RuntimeError("boom")

    monkeypatch.setattr("minorworks.api.me.Region", Broken())
    client, headers = api_client(world)
    response = client.get("/api/v1/regions", **headers)
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"} and "boom" not in response.json()["detail"]
    assert any("boom" in (r.exc_text or "") or r.exc_info for r in caplog.records)
