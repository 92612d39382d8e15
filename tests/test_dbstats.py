"""Planner statistics are refreshed whenever `minorworks init` applies a migration (core.dbstats)."""

from __future__ import annotations

import argparse

import pytest
from django.db import connection

from minorworks import cli
from minorworks.core import dbstats


@pytest.mark.django_db
def test_the_migrated_test_database_has_nothing_pending_and_can_be_analysed(world):
    assert dbstats.pending_migrations() == 0
    dbstats.refresh_planner_statistics()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'orgs_region'")
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'orgs_region'")
        assert cursor.fetchone()[0] > 0


@pytest.mark.parametrize("pending, analysed", [(3, True), (0, False)])
def test_init_analyses_only_after_applying_migrations(monkeypatch, pending, analysed):
    calls: list[str] = []
    monkeypatch.setattr(cli, "_setup", lambda: None)
    monkeypatch.setattr("django.core.management.call_command", lambda name, **kw: calls.append(name))
    monkeypatch.setattr("minorworks.core.reference.load_all", lambda: {})
    monkeypatch.setattr(dbstats, "pending_migrations", lambda: pending)
    monkeypatch.setattr(dbstats, "refresh_planner_statistics", lambda: calls.append("analyze"))
    assert cli.cmd_init(argparse.Namespace(skip_static=True)) == 0
    assert calls == (["migrate", "analyze"] if analysed else ["migrate"])
