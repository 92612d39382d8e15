"""core.gc_tuning: the WSGI application freezes what its first request loaded, once, and collects less often."""

from __future__ import annotations

import gc

import pytest

from minorworks.core.gc_tuning import YOUNG_THRESHOLD, freeze_after_first_request


@pytest.fixture
def gc_state():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_the_first_request_is_answered_then_what_survives_is_frozen_once(gc_state):
    gc.unfreeze()
    calls = []

    def app(environ, start_response):
        calls.append(gc.get_freeze_count())
        start_response("200 OK", [])
        return [b"ok"]

    wrapped = freeze_after_first_request(app)
    assert gc.get_freeze_count() == 0
    assert wrapped({}, lambda *a: None) == [b"ok"]
    frozen = gc.get_freeze_count()
    assert calls == [0] and frozen > 0  # the first request ran before anything was frozen
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD
    gc.unfreeze()
    assert wrapped({}, lambda *a: None) == [b"ok"]
    assert gc.get_freeze_count() == 0  # later requests do not freeze again
    assert calls == [0, 0]


def test_the_served_application_is_the_frozen_one():
    from minorworks import wsgi

    assert wsgi.application.__qualname__.startswith("freeze_after_first_request")
