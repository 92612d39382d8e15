"""Query counts pinned exactly for every page and API read, as the district administrator and as a street
officer, on the walker's sample records (tests/samples_*.py). A new page fails here until its count is
written into tests/pinned_query_counts.json; a count that changes fails until someone looks at why.

Run ``PIN_QUERIES=1 pytest tests/test_query_counts_every_page.py`` to print the table of the current counts.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minorworks.accounts.tokens import issue_token

from .conftest import client_for
from .test_access_every_url import api_routes, fill, key, samples, ui_routes

PINNED = Path(__file__).with_name("pinned_query_counts.json")
PERSONAS = ["district_admin", "street_a_officer"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_runs_its_pinned_number_of_queries(world, persona, request):
    values = samples(world, request)
    client = client_for(world, persona)
    token = issue_token(getattr(world, persona))
    counts: dict[str, int] = {}
    for route in ui_routes() + api_routes():
        if route.rule is None or "GET" not in route.methods:
            continue
        path, _visible = fill(route, values)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if route.api else {}
        client.get(path, **headers)  # warm: per-process caches (translations, content types) filled once
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, **headers)
            if response.streaming:
                b"".join(response.streaming_content)
        if response.status_code == 200:
            counts[f"{persona} {key(route) if route.api else route.name}"] = len(queries)
    pinned = {k: v for k, v in json.loads(PINNED.read_text()).items() if k.startswith(f"{persona} ")}
    if os.environ.get("PIN_QUERIES"):
        print(json.dumps(counts, indent=1, ensure_ascii=False, sort_keys=True))
    changed = {k: (pinned.get(k), v) for k, v in counts.items() if pinned.get(k) != v}
    # Pages answering 404 are not compared: the walker's ``pk`` sample is a project's id, which names
    # another app's record only where the ids happen to coincide (they do on SQLite, not always elsewhere).
    assert len(counts) > len(pinned) * 0.9, "most pinned pages must answer 200"
    assert not changed, f"(pinned, now): {changed}"
