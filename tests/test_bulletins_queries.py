"""The bulletin pages and API answer in a fixed number of queries, whatever the number of bulletins."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minorworks.accounts.tokens import issue_token
from minorworks.bulletins import domain

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _issue(world, month: int):
    start = dt.date(2026, month, 1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return domain.issue(
        domain.generate(actor=world.district_admin, period_start=start, period_end=end),
        actor=world.district_admin,
    )


def _count(client, url, **headers) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, **headers).status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("persona", "url", "pinned"),
    [
        ("district_admin", "/bulletins/", 5),
        ("street_a_officer", "/bulletins/", 6),
        ("district_admin", "/bulletins/{id}/", 4),
        ("street_a_officer", "/bulletins/{id}/", 4),
    ],
)
def test_pages_are_pinned(world, persona, url, pinned):
    first = _issue(world, 9)
    client = client_for(world, persona)
    few = _count(client, url.format(id=first.pk))
    for month in (10, 11):
        _issue(world, month)
    many = _count(client, url.format(id=first.pk))
    assert (few, many) == (pinned, pinned)


@pytest.mark.parametrize(("url", "pinned"), [("/api/v1/bulletins", 2), ("/api/v1/bulletins/{id}", 2)])
def test_api_is_pinned(world, url, pinned):
    first = _issue(world, 9)
    from django.test import Client

    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(world.street_a_officer)}"}
    Client().get(url.format(id=first.pk), **headers)  # the token's first use records it (one write)
    few = _count(Client(), url.format(id=first.pk), **headers)
    for month in (10, 11):
        _issue(world, month)
    many = _count(Client(), url.format(id=first.pk), **headers)
    assert (few, many) == (pinned, pinned)
