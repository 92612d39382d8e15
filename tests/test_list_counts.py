"""List totals: exact below the large-count threshold, reused for a while above it (core.counting)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from minorworks.core import counting
from minorworks.core.counting import ListPaginator, list_count
from minorworks.orgs.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_small_count_is_exact_after_every_change(world):
    rows = Region.objects.filter(level="community")
    before = list_count(rows)
    Region.objects.filter(pk=rows.first().pk).update(level="street")
    assert list_count(rows) == before - 1


def test_a_large_count_is_reused_until_it_expires(world, monkeypatch, settings):
    monkeypatch.setattr(counting, "LARGE_COUNT", 2)
    rows = Region.objects.filter(level="community")
    before = list_count(rows)
    assert before >= 2
    Region.objects.filter(pk=rows.first().pk).update(level="street")
    assert list_count(rows) == before  # remembered
    assert ListPaginator(rows, 10).count == before
    assert list_count(Region.objects.filter(level="street")) != before  # another query, another key
    settings.COUNT_CACHE_SECONDS = 0
    cache.clear()
    assert list_count(rows) == before - 1
    Region.objects.filter(level="street").update(level="street")
    assert list_count(rows) == before - 1  # not kept when caching is off


def test_a_paginator_over_a_list_counts_the_list():
    assert ListPaginator([1, 2, 3], 2).num_pages == 2


@pytest.mark.parametrize("path", ["/projects/", "/api/v1/projects"])
def test_the_project_list_counts_its_rows_without_the_joins_it_shows(world, project_a, path):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from minorworks.accounts.tokens import issue_token

    if path.startswith("/api/"):
        client = Client(headers={"Authorization": f"Bearer {issue_token(world.district_admin)}"})
    else:
        client = Client()
        client.force_login(world.district_admin)
    with CaptureQueriesContext(connection) as seen:
        response = client.get(path)
    assert response.status_code == 200
    counts = [
        q["sql"] for q in seen.captured_queries if "COUNT(" in q["sql"] and "projects_project" in q["sql"]
    ]
    assert counts and all("JOIN" not in sql for sql in counts)
    if path.startswith("/api/"):
        assert response.json()["count"] == 1
