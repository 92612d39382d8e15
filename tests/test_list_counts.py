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
