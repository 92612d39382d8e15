"""A record read for one page: what several panels ask of it is computed once.

A detail page hands the same record to its guards, checks and panels, which each asked the database the same
questions (the project page read its papers four times and its stop orders three). A view that only reads marks
its instance with :func:`for_one_page`; :func:`remembered` then computes each answer once for that instance. Any
other instance (every write path loads its own, locked) computes every time, so nothing stale can decide a
change.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
_MEMO = "_page_memo"


def for_one_page(obj: T) -> T:
    """Mark ``obj`` as read by one page only (its answers are remembered) and return it."""
    obj.__dict__[_MEMO] = {}
    return obj


def remembered(obj: Any, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, once per ``key`` when ``obj`` was marked by :func:`for_one_page`; on any other object, every time."""
    memo = obj.__dict__.get(_MEMO)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def known(obj: Any, key: Hashable, value: Any) -> None:
    """Record ``value`` as the answer to ``key`` when ``obj`` was marked by :func:`for_one_page` (else nothing)."""
    memo = obj.__dict__.get(_MEMO)
    if memo is not None:
        memo[key] = value
