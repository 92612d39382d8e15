"""Connections: persistent connections with SQLite PRAGMAs once per connection, PostgreSQL pooling and a read
replica from the environment, the router, and an API token's last use written at most once per few minutes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minorworks.accounts.models import ApiToken
from minorworks.accounts.tokens import LAST_USED_RESOLUTION, issue_token
from minorworks.core import dbrouting
from minorworks.settings import SQLITE_PRAGMAS, database_settings

PG = "postgres://app:pw@db.internal:5432/minorworks"


def test_sqlite_connections_persist_and_set_their_pragmas_when_they_open():
    found = database_settings({})["default"]
    assert found["CONN_MAX_AGE"] == 600 and found["CONN_HEALTH_CHECKS"] is True
    assert found["OPTIONS"]["init_command"] == SQLITE_PRAGMAS
    assert "journal_mode=WAL" in SQLITE_PRAGMAS and "busy_timeout" in SQLITE_PRAGMAS
    assert database_settings({"CONN_MAX_AGE": "0"})["default"]["CONN_MAX_AGE"] == 0


@pytest.mark.django_db
def test_the_pragmas_run_once_per_connection_not_once_per_request(world):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    client = Client()
    client.force_login(world.street_a_officer)
    with CaptureQueriesContext(connection) as seen:
        for _ in range(3):
            assert client.get("/projects/").status_code == 200
    assert not [q for q in seen.captured_queries if "PRAGMA" in q["sql"].upper()]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 10000  # set by init_command when the connection opened


def test_postgresql_pooling_is_switched_on_by_the_environment():
    plain = database_settings({"DATABASE_URL": PG})
    assert "pool" not in plain["default"].get("OPTIONS", {}) and plain["default"]["CONN_MAX_AGE"] == 600
    pooled = database_settings({"DATABASE_URL": PG, "DATABASE_POOL": "true", "DATABASE_POOL_MAX_SIZE": "12"})[
        "default"
    ]
    assert pooled["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 12, "timeout": 10.0}
    assert pooled["CONN_MAX_AGE"] == 0  # Django refuses persistent connections beside a pool
    assert "replica" not in database_settings({"DATABASE_URL": PG})


def test_postgresql_connections_cost_random_reads_as_on_ssd_and_order_few_joins_exhaustively():
    assert (
        database_settings({"DATABASE_URL": PG})["default"]["OPTIONS"]["options"]
        == "-c random_page_cost=1.1 -c join_collapse_limit=4"
    )
    tuned = database_settings(
        {"DATABASE_URL": PG, "DATABASE_RANDOM_PAGE_COST": "4", "DATABASE_JOIN_COLLAPSE_LIMIT": "8"}
    )["default"]
    assert tuned["OPTIONS"]["options"] == "-c random_page_cost=4 -c join_collapse_limit=8"
    assert "options" not in database_settings({})["default"]["OPTIONS"]  # SQLite has no planner costs


def test_postgresql_prepares_repeated_statements_unless_switched_off():
    options = database_settings({"DATABASE_URL": PG})["default"]["OPTIONS"]
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 5
    off = database_settings({"DATABASE_URL": PG, "DATABASE_SERVER_SIDE_BINDING": "0"})["default"]["OPTIONS"]
    assert "server_side_binding" not in off and "prepare_threshold" not in off
    assert "server_side_binding" not in database_settings({})["default"]["OPTIONS"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL suite")
@pytest.mark.django_db
def test_a_statement_run_repeatedly_is_prepared_on_the_server():
    from minorworks.projects.models import Project

    for _ in range(6):
        list(Project.objects.filter(pk=-1))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%projects_project%"]
        )
        assert cursor.fetchone()[0] >= 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL suite")
@pytest.mark.django_db
def test_the_connection_carries_the_page_cost():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
        cursor.execute("SHOW join_collapse_limit")
        assert cursor.fetchone()[0] == "4"


def test_a_replica_url_adds_a_replica_that_tests_mirror_and_migrations_skip():
    found = database_settings(
        {"DATABASE_URL": PG, "DATABASE_POOL": "1", "DATABASE_REPLICA_URL": PG.replace("db.", "replica.")}
    )
    replica = found["replica"]
    assert replica["HOST"] == "replica.internal" and replica["TEST"] == {"MIRROR": "default"}
    assert replica["OPTIONS"]["pool"] == found["default"]["OPTIONS"]["pool"]
    router = dbrouting.PrimaryReplicaRouter()
    assert router.allow_migrate("replica", "projects") is False
    assert router.allow_migrate("default", "projects") is True
    assert router.db_for_write(ApiToken) == "default" and router.db_for_read(ApiToken) is None
    assert "minorworks.core.dbrouting.PrimaryReplicaRouter" in settings.DATABASE_ROUTERS


def test_exports_read_the_replica_only_when_one_is_configured(monkeypatch):
    from minorworks.accounts.models import User

    assert dbrouting.reporting_alias() == "default"
    assert dbrouting.for_reporting(User.objects.all()).db == "default"
    # Only the alias is looked up (no connection is opened): the real settings object, with one more entry.
    monkeypatch.setitem(settings.DATABASES, "replica", dict(settings.DATABASES["default"]))
    assert dbrouting.reporting_alias() == "replica"
    assert dbrouting.for_reporting(User.objects.all()).db == "replica"


@pytest.mark.django_db
def test_an_api_token_notes_its_last_use_at_most_once_per_resolution_on_a_frozen_clock(world):
    def updates(queries):
        return [q for q in queries if q["sql"].startswith("UPDATE") and "last_used_at" in q["sql"]]

    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        token = issue_token(world.street_a_officer)
        api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        with CaptureQueriesContext(connection) as first:
            assert api.get("/api/v1/me").status_code == 200
        assert len(updates(first.captured_queries)) == 1
        clock.shift(LAST_USED_RESOLUTION - dt.timedelta(seconds=1))
        with CaptureQueriesContext(connection) as within:
            for _ in range(5):
                assert api.get("/api/v1/me").status_code == 200
        assert updates(within.captured_queries) == []  # reads do not queue behind a write
        clock.shift(dt.timedelta(seconds=2))
        with CaptureQueriesContext(connection) as later:
            assert api.get("/api/v1/me").status_code == 200
        assert len(updates(later.captured_queries)) == 1
        assert ApiToken.objects.get().last_used_at == start + LAST_USED_RESOLUTION + dt.timedelta(seconds=1)
