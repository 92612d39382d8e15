"""Double-clicking "accept": two concurrent requests give one transition, one audit row and one notice.

Runs with real transactions and threads (each thread has its own database connection). Both requests are
held at a barrier after they have read the project as "submitted" and before either writes, so the race is
real every time. Run it on PostgreSQL too:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wf_$$ .venv/bin/pytest tests/test_double_submit.py
"""

from __future__ import annotations

import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from minorworks.accounts.tokens import issue_token
from minorworks.core.models import AuditEntry
from minorworks.notices.models import Notice
from minorworks.projects.models import Project, Status
from minorworks.review import workflow

from .workflow_support import make_project

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shared_database")]


@pytest.fixture
def shared_database(world, tmp_path):
    """On SQLite, move the test database from shared-cache memory to a file for the duration of the test.

    pytest-django's in-memory SQLite database uses shared cache, whose table locks fail at once ("database
    table is locked") instead of waiting; production SQLite is a file with WAL and a busy timeout, which is
    what this race must be tested against. The data made so far (world, reference) is copied over.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    connection.ensure_connection()
    memory = connection.connection
    path = tmp_path / "race.sqlite3"
    target = sqlite3.connect(path)
    memory.backup(target)
    target.close()
    settings_dict = connection.settings_dict  # shared with every thread's new connection
    memory_name = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    connection.connection = None  # the next query (re)connects, to the file
    try:
        yield
    finally:
        connections.close_all()
        settings_dict["NAME"] = memory_name
        connection.connection = memory  # the in-memory database lives on for the teardown flush


def _race(monkeypatch, send, n: int = 2) -> list:
    """Run ``send(i)`` in ``n`` threads that meet at a barrier inside the domain function, before writing."""
    barrier = threading.Barrier(n, timeout=10)
    engine = workflow.PROJECT_WORKFLOW
    real_check = engine._check_values

    def held(transition, values):
        real_check(transition, values)
        barrier.wait()  # both requests have passed the scoped read and the party check; now both write

    monkeypatch.setattr(engine, "_check_values", held)
    results: list = [None] * n
    errors: list = []

    def run(i: int) -> None:
        try:
            results[i] = send(i)
        except Exception as exc:  # surfaced below: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    assert errors == []
    return results


def _assert_one_acceptance(project: Project) -> None:
    project.refresh_from_db()
    assert project.status == Status.ACCEPTED
    entries = AuditEntry.objects.filter(
        object_type="projects.project", object_id=str(project.pk), action="accept"
    )
    assert entries.count() == 1
    assert Notice.objects.filter(project=project).count() == 1
    assert Notice.objects.get(project=project).number == entries.get().after["notice"]


def test_two_concurrent_accept_clicks_in_the_ui(world, monkeypatch):
    project = make_project(world, Status.SUBMITTED)
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(world.street_a_officer)
        clients.append(client)

    responses = _race(
        monkeypatch, lambda i: clients[i].post(f"/projects/{project.pk}/accept/", {"accept-note": ""})
    )

    # Both land back on the project page: one with "accepted", the other told it was already done.
    assert [r.status_code for r in responses] == [302, 302]
    pages = [clients[i].get(responses[i]["Location"]).content.decode() for i in range(2)]
    assert sum("已完成" in page or "Already done" in page for page in pages) == 1
    _assert_one_acceptance(project)


def test_two_concurrent_accept_calls_on_the_api(world, monkeypatch):
    project = make_project(world, Status.SUBMITTED)
    token = issue_token(world.street_a_officer)

    def send(i):
        return Client().post(
            f"/api/v1/projects/{project.pk}/accept",
            "{}",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    responses = _race(monkeypatch, send)
    assert sorted(r.status_code for r in responses) == [200, 409]
    loser = next(r for r in responses if r.status_code == 409)
    assert "detail" in loser.json()
    _assert_one_acceptance(project)


def test_concurrent_accept_and_return_give_exactly_one_decision(world, monkeypatch):
    project = make_project(world, Status.SUBMITTED)

    def send(i):
        client = Client()
        client.force_login(world.street_a_officer)
        if i == 0:
            return client.post(f"/projects/{project.pk}/accept/", {"accept-note": ""})
        return client.post(f"/projects/{project.pk}/return/", {"return-reason": "缺少合同"})

    _race(monkeypatch, send)
    project.refresh_from_db()
    decisions = AuditEntry.objects.filter(object_id=str(project.pk), action__in=["accept", "return"])
    assert decisions.count() == 1
    assert project.status == {"accept": Status.ACCEPTED, "return": Status.RETURNED}[decisions.get().action]
    assert Notice.objects.filter(project=project).count() == (1 if project.status == Status.ACCEPTED else 0)


def test_removing_the_conditional_update_lets_the_double_click_through(world, monkeypatch):
    """The one protection (ADR 0003) is the state condition of the engine's UPDATE: without it, both win."""
    from django.db.models.query import QuerySet

    real_filter = QuerySet.filter

    def without_state_condition(self, *args, **kwargs):
        kwargs.pop("status__in", None)
        return real_filter(self, *args, **kwargs)

    project = make_project(world, Status.SUBMITTED)
    monkeypatch.setattr(QuerySet, "filter", without_state_condition)

    def send(i):
        client = Client()
        client.force_login(world.street_a_officer)
        return client.post(f"/projects/{project.pk}/accept/", {"accept-note": ""})

    _race(monkeypatch, send)
    accepts = AuditEntry.objects.filter(object_id=str(project.pk), action="accept")
    assert accepts.count() == 2  # the protection really is that condition, and nothing else


def test_the_race_runs_on_a_database_with_real_locks():
    # Guard against a silently weakened race: a file (SQLite) or a server (PostgreSQL), never shared memory.
    assert connection.vendor in {"sqlite", "postgresql"}
    if connection.vendor == "sqlite":
        assert not connection.is_in_memory_db()
        assert connection.cursor().execute("PRAGMA journal_mode").fetchone()[0] == "wal"
