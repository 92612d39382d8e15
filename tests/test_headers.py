"""No-store on personal pages and API answers, long caching for static files, a Permissions-Policy."""

import pytest
from django.test import Client

from minorworks.accounts.tokens import issue_token

from .conftest import client_for

pytestmark = pytest.mark.django_db


def test_signed_in_pages_are_not_stored(world, project_a):
    client = client_for(world, "street_a_officer")
    for path in ("/", "/projects/", f"/projects/{project_a.pk}/", "/ledgers/below-quota/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], path


def test_every_api_answer_is_not_stored(world):
    token = issue_token(world.street_a_officer)
    client = Client()
    for response in (
        client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}"),
        client.get("/api/v1/me"),  # 401
        client.post("/api/v1/auth/token", "{}", content_type="application/json"),  # 400
        client.get("/api/v1/scope-check", {"project_type": "fitout", "investment": "1"}),
    ):
        assert "no-store" in response["Cache-Control"], response.status_code


def test_public_pages_may_be_cached_and_static_files_keep_long_caching(reference, settings, tmp_path):
    assert "no-store" not in Client().get("/scope-check/").get("Cache-Control", "")
    settings.WHITENOISE_USE_FINDERS = True  # serve from the apps' static folders without collectstatic
    response = Client().get("/static/minorworks/app.css")
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"] and "no-store" not in response["Cache-Control"]


def test_permissions_policy_allows_camera_and_location_on_our_origin_only(world):
    for response in (Client().get("/accounts/login/"), client_for(world, "builder").get("/")):
        policy = dict(
            part.strip().split("=", 1) for part in response["Permissions-Policy"].split(",") if part.strip()
        )
        assert policy["camera"] == "(self)" and policy["geolocation"] == "(self)"
        assert policy["microphone"] == "()" and policy["payment"] == "()" and policy["usb"] == "()"
        assert all(value == "()" for name, value in policy.items() if name not in ("camera", "geolocation"))
