"""Error pages: 400, 403, 404, 500 and a CSRF failure are styled pages in the shell, in the user's language,
with a way back; under /api/ they are JSON. The 500 page renders without a database or a request user."""

from __future__ import annotations

import json

import pytest
from django.http import HttpRequest
from django.test import Client, RequestFactory, override_settings
from django.urls import path
from django.utils import translation

from minorworks.core.access import public
from minorworks.core.errors import server_error
from minorworks.urls import urlpatterns as product

from .conftest import client_for

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

TITLES = {
    "zh-hans": {400: "无法识别该请求", 403: "您无权访问此页面", 404: "页面不存在", 500: "系统出现错误"},
    "en": {
        400: "The request could not be understood",
        403: "You may not open this page",
        404: "Page not found",
        500: "Something went wrong on our side",
    },
}


@public
def boom(request: HttpRequest):
    raise RuntimeError("a bug")


# This module doubles as a URLconf for the 500 test: a public view that fails, and the product's handler.
urlpatterns = [path("boom/", boom), *product]
handler500 = "minorworks.core.errors.server_error"


def _page(response, status: int, language: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert 'data-testid="error-page"' in html
    assert f'data-status="{status}"' in html
    assert TITLES[language][status] in html
    assert 'class="navbar' in html  # the page shell
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html  # styled
    assert f'<html lang="{"zh-CN" if language == "zh-hans" else "en"}">' in html
    return html


@pytest.mark.parametrize(("language", "headers"), [("zh-hans", {}), ("en", EN)])
def test_404_for_the_public_offers_sign_in(db, language, headers):
    html = _page(Client().get("/no-such-page/", **headers), 404, language)
    assert 'data-testid="error-login"' in html
    assert 'href="/accounts/login/?next=/no-such-page/"' in html


@pytest.mark.parametrize(("language", "headers"), [("zh-hans", {}), ("en", EN)])
def test_404_outside_scope_looks_the_same_and_leads_home(world, language, headers):
    html = _page(client_for(world, "builder").get("/projects/999999/", **headers), 404, language)
    assert 'data-testid="error-home"' in html and 'href="/"' in html
    assert 'data-testid="error-login"' not in html


@pytest.mark.parametrize(("language", "headers"), [("zh-hans", {}), ("en", EN)])
def test_403_for_a_role_not_admitted(world, language, headers):
    html = _page(client_for(world, "builder").get("/projects/scope-rules/", **headers), 403, language)
    assert 'data-testid="error-home"' in html
    assert "view declares no access rule" not in html  # no internal reasons on the page


@pytest.mark.parametrize(("language", "headers"), [("zh-hans", {}), ("en", EN)])
def test_400_for_a_request_the_server_cannot_read(db, language, headers):
    response = Client().get("/accounts/login/", HTTP_HOST="not-allowed.example", **headers)
    _page(response, 400, language)


@pytest.mark.parametrize(
    ("language", "headers", "title"),
    [("zh-hans", {}, "表单未能提交"), ("en", EN, "The form could not be sent")],
)
def test_csrf_failure_explains_what_to_do(db, language, headers, title):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"}, **headers)
    assert response.status_code == 403
    html = response.content.decode()
    assert title in html and 'data-testid="error-page"' in html
    assert "CSRF" not in html.replace("csrfmiddlewaretoken", "")  # Django's bare English page is gone


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(("language", "headers"), [("zh-hans", {}), ("en", EN)])
def test_500_needs_no_database_and_no_user(language, headers):
    """No ``db`` fixture: a query anywhere in the page would raise instead of rendering it. The session cookie
    makes reading the user a query, as it is for everyone signed in."""
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session-of-a-signed-in-user"
    html = _page(client.get("/boom/", **headers), 500, language)
    assert 'data-testid="error-home"' in html and 'data-testid="error-login"' in html
    assert "a bug" not in html
    assert 'id="language-form"' not in html  # no request, no CSRF token: no form that would fail


def test_500_handler_renders_without_a_request_context():
    with translation.override("zh-hans"):
        response = server_error(RequestFactory().get("/anything/"))
    assert response.status_code == 500
    assert TITLES["zh-hans"][500] in response.content.decode()


@pytest.mark.parametrize(("url", "status"), [("/api/v1/no-such-endpoint", 404)])
def test_api_errors_stay_json(db, url, status):
    response = Client().get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["detail"]


def test_api_500_is_json():
    response = server_error(RequestFactory().get("/api/v1/projects"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["detail"]
