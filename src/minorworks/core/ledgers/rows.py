"""Reading a ledger's rows: bind its filter set, order stably, read ``values()`` and render cells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from ..figures import EMPTY, figure
from .declaration import Column, Ledger, Row

CHUNK = 2000  # rows fetched per round trip when a whole ledger is read (export)


def bind(ledger: Ledger, data: Any, user: Any, request: Any = None):
    """The ledger's filter set over the rows ``user`` may see, bound to ``data`` (unbound when empty)."""
    return ledger.filterset(data or None, queryset=ledger.queryset_for(user), request=request)


def ordered(filterset) -> QuerySet:
    """The filtered rows with the primary key as the last sort key, so that pages and files are stable.

    Invalid filter values are left out (django-filter filters on the valid ones only); the form reports them.
    """
    qs = filterset.qs
    order = [str(term) for term in (qs.query.order_by or qs.model._meta.ordering)]
    if not any(term.lstrip("-") in ("id", "pk") for term in order):
        order.append("-pk")
    return qs.order_by(*order)


def values(ledger: Ledger, qs: QuerySet) -> QuerySet:
    """The rows as dictionaries of exactly the keys the columns read."""
    return qs.values(*ledger.value_fields())


def stream(ledger: Ledger, qs: QuerySet) -> Iterator[Row]:
    """Every row, fetched in chunks (constant memory whatever the count)."""
    return values(ledger, qs).iterator(chunk_size=CHUNK)


def filter_summary(filterset) -> list[tuple[str, str]]:
    """(label, value) of each filter in use, for the file's title row (choice labels, not codes)."""
    if not filterset.is_bound or not filterset.form.is_valid():
        return []
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()) or name == "ordering":
            continue
        form_field = filterset.form.fields[name]
        if isinstance(value, list | tuple):
            labels = {str(key): str(label) for key, label in getattr(form_field, "choices", ())}
            text = "、".join(labels.get(str(item), str(item)) for item in value)
        elif isinstance(value, dt.date):
            text = value.isoformat()
        else:
            text = str(value)
        parts.append((str(form_field.label), text))
    return parts


def display(value: Any, kind: str) -> str:
    """A rendered cell as page text, written as every page writes it (core.figures, the ``day`` filter):
    dates 2026-12-01, amounts 123,456.50, counts 1,234, blanks "—"."""
    if value is None or value == "":
        return EMPTY
    if kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if kind == "money":
        return figure(value, 2)
    if kind == "number":
        return figure(value)
    return str(value)


def render(columns: list[Column] | tuple[Column, ...], row: Row, ctx: Any) -> dict[str, Any]:
    """The typed value of each column (API): str, date, Decimal, int or None."""
    return {column.key: column.render(row, ctx) for column in columns if column.kind != "seq"}
