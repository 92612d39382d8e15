"""Gap-tolerant, race-free counters for document numbers."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from .models import Sequence


def next_value(name: str) -> int:
    """Increment and return the counter ``name`` (row-locked, so concurrent callers never share a value)."""
    with transaction.atomic():
        Sequence.objects.get_or_create(name=name)
        Sequence.objects.filter(name=name).update(value=F("value") + 1)
        return Sequence.objects.select_for_update().get(name=name).value


def next_values(name: str, count: int) -> range:
    """Reserve ``count`` consecutive values of counter ``name`` at once (for bulk imports)."""
    with transaction.atomic():
        Sequence.objects.get_or_create(name=name)
        Sequence.objects.filter(name=name).update(value=F("value") + count)
        last = Sequence.objects.select_for_update().get(name=name).value
    return range(last - count + 1, last + 1)


def ensure_at_least(name: str, value: int) -> None:
    """Raise counter ``name`` to ``value`` if it is lower (used after bulk loads)."""
    with transaction.atomic():
        seq, _ = Sequence.objects.select_for_update().get_or_create(name=name)
        if seq.value < value:
            Sequence.objects.filter(pk=seq.pk).update(value=value)
