"""The OpenAPI document tells the truth: every status an operation answers with is declared for it, error
bodies have the documented shape, constraints the forms enforce are stated, filters take codes."""

from __future__ import annotations

import pytest
from django.test import Client

from minorworks.accounts.tokens import issue_token
from minorworks.registration.forms import RegistrationForm

from .conftest import PERSONAS
from .test_access_every_url import api_routes, fill, samples

pytestmark = pytest.mark.django_db

# Inputs that make each kind of operation fail in a different way: nothing at all, and nonsense.
BODIES = ["{}", '{"name": 5, "investment": "abc", "planned_start": "soon", "workers": "x", "reason": 7}']
QUERIES = ["", "?page=0&page_size=1000&status=flying&start_from=soon&street=nowhere&ordering=up"]


def document() -> dict:
    return Client().get("/api/v1/openapi.json").json()


def check_body(status: int, body) -> str | None:
    """Why an error body does not have its documented shape (None when it does)."""
    if status == 400:
        ok = isinstance(body.get("detail"), list) and all(
            set(e) == {"field", "message"} and isinstance(e["message"], str) and e["message"]
            for e in body["detail"]
        )
    else:
        ok = set(body) == {"detail"} and isinstance(body["detail"], str) and body["detail"]
    return None if ok else f"body {body!r}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_answer_is_declared_with_its_documented_body(world, persona, request):
    declared = {
        (method.upper(), path): {int(code) for code in op["responses"]}
        for path, ops in document()["paths"].items()
        for method, op in ops.items()
    }
    values = samples(world, request)
    user = None if persona == "anonymous" else getattr(world, persona)
    failures = []
    for route in api_routes():
        path, _visible = fill(route, values)
        for method in route.methods:
            allowed = declared[(method, route.path)]
            for variant in BODIES if method in ("POST", "PATCH", "PUT") else QUERIES:
                headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"} if user else {}
                client = Client(raise_request_exception=False)
                if method in ("POST", "PATCH", "PUT"):
                    response = client.generic(
                        method, path, variant, content_type="application/json", **headers
                    )
                else:
                    response = client.generic(method, path + variant, **headers)
                status = response.status_code
                where = f"{persona} {method} {path}{'' if method != 'GET' else variant}"
                if status not in allowed:
                    failures.append(f"{where}: {status} not declared ({sorted(allowed)})")
                if status >= 400:
                    assert response["Content-Type"].startswith("application/json"), where
                    problem = check_body(status, response.json())
                    if problem:
                        failures.append(f"{where}: {status} {problem}")
    assert failures == []


def test_constraints_of_the_form_are_stated():
    schemas = document()["components"]["schemas"]
    project = schemas["ProjectIn"]["properties"]
    assert project["name"]["maxLength"] == RegistrationForm.base_fields["name"].max_length == 200
    assert project["address"]["maxLength"] == 200
    assert project["investment"]["minimum"] == 0 and project["floor_area"]["minimum"] == 0
    assert project["latitude"]["minimum"] == -90 and project["longitude"]["maximum"] == 180
    assert "hot_work" in project["hazardous_operations"]["items"]["enum"]
    assert "planned_start" in project["planned_end"]["description"]
    assert schemas["ProjectCreateIn"]["required"] == ["name", "project_type", "street"]
    assert project["workers"]["maxItems"] == 200
    assert set(schemas["Status"]["enum"]) >= {"draft", "in_progress", "stopped"}
    listing = document()["paths"]["/api/v1/projects"]["get"]
    params = {p["name"]: p for p in listing["parameters"]}
    assert params["page_size"]["schema"]["maximum"] == 100 and params["page"]["schema"]["minimum"] == 1
    assert "-created_at" in params["ordering"]["schema"]["enum"]
    assert "stopped" in params["status"]["schema"]["items"]["enum"]


def test_list_filters_take_the_codes_the_api_returns(world, project_a):
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(world.district_admin)}"}
    listed = client.get("/api/v1/projects", **headers).json()["results"][0]
    for name in ("street", "community", "project_type"):
        answer = client.get("/api/v1/projects", {name: listed[name]}, **headers)
        assert answer.status_code == 200 and answer.json()["count"] == 1, name
    by_id = client.get("/api/v1/projects", {"street": world.street_a.pk}, **headers)
    assert by_id.status_code == 400  # a database id is not an identifier the API gives out


def test_schema_errors_speak_the_forms_language(world):
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(world.district_admin)}"}
    response = client.get("/api/v1/projects", {"page_size": 1000}, **headers)
    assert response.status_code == 400
    assert response.json()["detail"] == [{"field": "page_size", "message": "确保该值小于或等于100。"}]


def test_the_document_has_no_duplicate_keys():
    """A status declared twice (e.g. 200 in ``response`` and "200" in ``openapi_extra``) breaks Swagger UI."""
    import collections
    import json

    duplicates: list[str] = []

    def pairs(items):
        counts = collections.Counter(key for key, _value in items)
        duplicates.extend(key for key, n in counts.items() if n > 1)
        return dict(items)

    json.loads(Client().get("/api/v1/openapi.json").content, object_pairs_hook=pairs)
    assert duplicates == []
