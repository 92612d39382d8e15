"""The indicator registry in core: figures as numerator/denominator, one declaration per code."""

from decimal import Decimal

import pytest

from minorworks.core import indicators
from minorworks.core.indicators import Figure, indicator


def test_a_ratio_without_a_denominator_is_no_data_not_zero():
    assert Figure(3).value == Decimal(3)
    assert Figure(1, 4).value == Decimal("0.25")
    assert Figure(0, 0).value is None
    assert Figure(0, 5).value == Decimal(0)


def test_a_code_is_declared_once_and_found_by_code(monkeypatch):
    indicators.registered()  # the apps' own declarations first: a test must not hide them from later tests
    monkeypatch.setattr(indicators, "_REGISTRY", dict(indicators._REGISTRY))

    @indicator("toy.count", title="Toy", definition="Toys in the period.")
    def toys(district, start, end):
        return {1: Figure(2)}

    assert indicators.get("toy.count").figures(None, None, None) == {1: Figure(2)}
    with pytest.raises(ValueError, match="declared twice"):
        indicator("toy.count", title="Toy", definition="Again.")(lambda d, s, e: {})
    with pytest.raises(ValueError, match="kind"):
        indicator("toy.bad", title="Bad", definition="", kind="percent")
