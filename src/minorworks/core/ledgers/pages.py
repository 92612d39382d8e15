"""What the ledger page shows, computed in Python from the declaration: the filter controls, the desktop
table and the phone cards of one page of rows. The template only loops (no include per row or option)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from ..counting import list_count
from ..figures import EMPTY
from .declaration import Column, Ledger, Row
from .rows import display, ordered, values


@dataclass(frozen=True)
class Control:
    """One filter input: its kind (select, checkboxes, date, text), current value(s), options and errors."""

    name: str
    id: str
    label: str
    kind: str
    value: str
    options: list[tuple[str, str, bool]]
    errors: list[str]

    @property
    def options_html(self) -> SafeString:
        """The ``<option>`` elements of a select, written once in Python (a community select has ~160)."""
        return mark_safe(  # noqa: S308 — every value and text escaped here
            "".join(
                [
                    '<option value="'
                    + conditional_escape(v)
                    + ('" selected>' if on else '">')
                    + conditional_escape(t)
                    + "</option>"
                    for v, t, on in self.options
                ]
            )
        )


def _selected(form: forms.Form, name: str) -> list[str]:
    if not form.is_bound:
        return []
    data = form.data
    found = data.getlist(form.add_prefix(name)) if hasattr(data, "getlist") else [data.get(name)]
    return [str(item) for item in found if item not in (None, "")]


def controls(form: forms.Form) -> list[Control]:
    """The filter form as plain data: options come from each field's choices in one pass."""
    result = []
    for name, form_field in form.fields.items():
        widget = form_field.widget
        chosen = _selected(form, name)
        options: list[tuple[str, str, bool]] = []
        if isinstance(widget, forms.SelectMultiple):
            kind = "checkboxes"
        elif isinstance(widget, forms.Select):
            kind = "select"
        elif isinstance(widget, forms.DateInput):
            kind = "date"
        else:
            kind = "text"
        if kind in ("select", "checkboxes"):
            for value, label in getattr(form_field, "choices", ()):
                key = "" if value is None else str(value)
                if kind == "checkboxes" and key == "":
                    continue
                options.append((key, str(label), key in chosen))
        result.append(
            Control(
                name=form.add_prefix(name),
                id=f"filter-{name}",
                label=str(form_field.label or name),
                kind=kind,
                value=chosen[0] if chosen and kind in ("date", "text") else "",
                options=options,
                errors=[str(e) for e in form.errors.get(name, [])] if form.is_bound else [],
            )
        )
    return result


@dataclass(frozen=True)
class PageRow:
    """One row as the page shows it: the table's cells, the card's lines, the record's URL."""

    pk: Any
    url: str
    cells: list[str]
    title: str
    subtitle: str
    fields: list[tuple[str, str]]

    @property
    def cells_html(self) -> SafeString:
        """The table row's ``<td>`` cells (the first links to the record), escaped, written in Python."""
        cells = iter(self.cells)
        first = next(cells, None)
        if first is None:
            return mark_safe("")  # noqa: S308 — empty
        if self.url:
            head = format_html('<td><a class="text-nowrap" href="{}">{}</a></td>', self.url, first)
        else:
            head = format_html("<td>{}</td>", first)
        # Joined escaped strings: format_html_join's per-cell format_html was most of a 50-row page's cells.
        rest = "".join(["<td>" + conditional_escape(cell) + "</td>" for cell in cells])
        return mark_safe(head + rest)  # noqa: S308 — every cell escaped above

    @property
    def fields_html(self) -> SafeString:
        """The card's labelled lines, escaped, written in Python (a template loop per field of 50 cards
        was a third of the page's time)."""
        return mark_safe(  # noqa: S308 — every label and value escaped here
            "".join(
                [
                    '<div class="text-break"><dt class="d-inline fw-normal text-muted">'
                    + conditional_escape(label)
                    + '</dt> <dd class="d-inline m-0">'
                    + conditional_escape(value)
                    + "</dd></div>"
                    for label, value in self.fields
                ]
            )
        )


def _cell(column: Column, row: Row, ctx: Any) -> str:
    return display(column.render(row, ctx), column.kind)


def page_rows(ledger: Ledger, rows: list[Row], ctx: Any) -> list[PageRow]:
    """The table cells and the card of each row (labels in the active language)."""
    table = ledger.table_columns()
    card = ledger.card
    title, subtitle = ledger.by_key[card.title], [ledger.by_key[key] for key in card.subtitle]
    fields = [(ledger.by_key[key].label(), ledger.by_key[key]) for key in card.fields]
    found = []
    for row in rows:
        found.append(
            PageRow(
                pk=row["pk"],
                url=ledger.link(row) if ledger.link else "",
                cells=[_cell(column, row, ctx) for column in table],
                title=_cell(title, row, ctx),
                subtitle=" · ".join(text for text in (_cell(c, row, ctx) for c in subtitle) if text != EMPTY),
                fields=[(label, _cell(column, row, ctx)) for label, column in fields],
            )
        )
    return found


class _CountingPaginator(Paginator):
    """Counts the filtered rows without the columns' joins (a COUNT over the values() query joins every
    related table the columns read: 1.3 s instead of 20 ms for a street's 85,000 hazards at city scale)."""

    def __init__(self, rows: Any, per_page: int, counted: Any):
        super().__init__(rows, per_page)
        self._counted = counted

    @cached_property
    def count(self) -> int:
        """The number of filtered rows."""
        return list_count(self._counted)


def paginate(ledger: Ledger, filterset, number: Any, page_size: int | None = None) -> Page:
    """One page of ``values()`` rows (a count query and a page query, whatever the page)."""
    rows = ordered(filterset)
    return _CountingPaginator(values(ledger, rows), page_size or ledger.page_size, rows).get_page(number)
