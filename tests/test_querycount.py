"""The optional X-Query-Count header (used by the benchmark through the real server)."""

import pytest
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from minorworks.core.querycount import ENV_VAR, HEADER, QueryCountMiddleware

from .conftest import client_for
from .factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)


def test_absent_by_default(world, no_env):
    response = client_for(world, "street_a_officer").get("/")
    assert response.status_code == 200
    assert HEADER not in response


def test_middleware_removes_itself_when_not_enabled(no_env):
    with pytest.raises(MiddlewareNotUsed):
        QueryCountMiddleware(lambda request: None)


def test_env_var_other_than_1_leaves_it_off(world, monkeypatch):
    monkeypatch.setenv(ENV_VAR, "0")
    assert HEADER not in client_for(world, "street_a_officer").get("/")


def test_setting_false_wins_over_env(world, settings, monkeypatch):
    monkeypatch.setenv(ENV_VAR, "1")
    settings.QUERY_COUNT_HEADER = False
    assert HEADER not in client_for(world, "street_a_officer").get("/")


def test_env_var_enables_the_header_with_the_real_count(world, monkeypatch):
    monkeypatch.setenv(ENV_VAR, "1")
    ProjectFactory.create_batch(3, street=world.street_a)
    client = client_for(world, "street_a_officer")  # a new client loads the middleware chain anew
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    assert int(response[HEADER]) == len(ctx.captured_queries) > 0


def test_setting_enables_the_header_on_lists_and_errors(world, settings, no_env):
    settings.QUERY_COUNT_HEADER = True
    client = client_for(world, "street_b_officer")
    ProjectFactory(street=world.street_b)
    few = int(client.get("/projects/")[HEADER])
    ProjectFactory.create_batch(10, street=world.street_b)
    assert int(client.get("/projects/")[HEADER]) == few  # constant with the number of rows
    # A 404 and the anonymous login page (no SQL needed) still carry the header.
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert missing[HEADER].isdigit()
    assert Client().get("/accounts/login/")[HEADER] == "0"


def test_post_requests_are_counted_too(world, settings, no_env):
    settings.QUERY_COUNT_HEADER = True
    response = Client().post("/accounts/login/", {"username": "street-a", "password": "wrong"})
    assert response.status_code == 200  # the form again, with an error
    assert int(response[HEADER]) >= 1
