"""Every declared indicator against hand-computed figures; the lists behind them show the same counts."""

from __future__ import annotations

import pytest
from django.test import Client

from minorworks.bulletins import detail as bulletin_detail
from minorworks.bulletins.drill import drill_urls
from minorworks.core.indicators import registered

from . import bulletin_data as data

pytestmark = pytest.mark.django_db

OURS = set(data.EXPECTED)


@pytest.fixture
def dataset(world):
    return data.build(world)


def test_every_indicator_gives_the_hand_computed_figures(world, dataset, django_assert_max_num_queries):
    known = registered()
    assert set(known) >= OURS
    for code, expected in data.EXPECTED.items():
        with django_assert_max_num_queries(1):
            figures = known[code].figures(world.district, data.START, data.END)
        for key, street in (("a", world.street_a), ("b", world.street_b)):
            figure = figures.get(street.pk)
            want = data.value_of(expected[key])
            got = figure.value if figure else (0 if known[code].kind == "count" else None)
            assert got == want, (code, key, figure)
            if isinstance(expected[key], tuple):
                assert (figure.numerator, figure.denominator) == expected[key], code
        others = set(figures) - {world.street_a.pk, world.street_b.pk}
        assert others == set(), code  # a street without data is absent, not invented


def _count(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def test_the_lists_behind_the_figures_show_the_same_counts(world, dataset):
    client = Client()
    client.force_login(world.district_admin)
    known = registered()
    for code, expected in data.EXPECTED.items():
        urls = drill_urls(known[code].drill or "", world.street_a.code, data.START, data.END)
        assert urls, code
        want = expected["a"]
        if isinstance(want, tuple):
            assert _count(client, urls[0]) == want[0], (code, urls[0])
            assert _count(client, urls[1]) == want[1], (code, urls[1])
        else:
            assert _count(client, urls[0]) == want, (code, urls[0])
    # and a street that has nothing: its lists are empty
    urls = drill_urls(known["inspections.hazards"].drill or "", world.street_b.code, data.START, data.END)
    assert _count(client, urls[0]) == 0


def test_a_figure_is_shown_as_a_percentage_or_no_data():
    assert bulletin_detail.display(0.5, "ratio") == "50.0%"
    assert bulletin_detail.display(1234, "count") == "1,234"
    assert bulletin_detail.display(None, "ratio")
