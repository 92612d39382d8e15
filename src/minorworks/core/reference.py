"""Reference data loaders: each app declares how it loads its reference data (idempotent), in an order.

``minorworks init`` and the test session run :func:`load_all`: the region tree and departments first, then
what refers to them (project types, scope rules, checklists …).
"""

from __future__ import annotations

from collections.abc import Callable

_LOADERS: list[tuple[int, str, Callable[[], dict[str, int]]]] = []


def loader(order: int) -> Callable[[Callable[[], dict[str, int]]], Callable[[], dict[str, int]]]:
    """Declare ``function`` (no arguments, returns counts) as a reference loader, run in ``order``."""

    def declare(function: Callable[[], dict[str, int]]) -> Callable[[], dict[str, int]]:
        name = f"{function.__module__}.{function.__qualname__}"
        if all(existing != name for _order, existing, _f in _LOADERS):
            _LOADERS.append((order, name, function))
            _LOADERS.sort(key=lambda entry: entry[0])
        return function

    return declare


def load_all() -> dict[str, int]:
    """Run every declared loader in order; the counts of what now exists."""
    counts: dict[str, int] = {}
    for _order, _name, function in _LOADERS:
        counts.update(function())
    return counts
