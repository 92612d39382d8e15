"""Column factories for ledger declarations: one line per column, the same rendering everywhere."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from minorworks.core.masking import mask_id_number, mask_phone

from .declaration import Column, Row

CENT = Decimal("0.01")


def seq(zh: str = "序号", en: str = "No.") -> Column:
    """The row number (1, 2, 3 … in the file; the API and the page leave it out)."""
    return Column("seq", zh, en, (), lambda row, ctx: None, "seq", 7)


def text(key: str, zh: str, en: str, field: str | None = None, *, width: int = 14) -> Column:
    """A text field as stored."""
    name = field or key
    return Column(key, zh, en, (name,), lambda row, ctx: row.get(name) or "", "text", width)


def date(key: str, zh: str, en: str, field: str | None = None, *, width: int = 12) -> Column:
    """A date field (an Excel date in the file)."""
    name = field or key
    return Column(key, zh, en, (name,), lambda row, ctx: row.get(name), "date", width)


def money(key: str, zh: str, en: str, field: str | None = None, *, width: int = 16) -> Column:
    """An amount with two decimals (a number formatted ``#,##0.00`` in the file)."""
    name = field or key

    def render(row: Row, ctx: Any) -> Decimal | None:
        value = row.get(name)
        return None if value is None else Decimal(value).quantize(CENT)

    return Column(key, zh, en, (name,), render, "money", width)


def yes_no(key: str, zh: str, en: str, field: str | None = None, *, width: int = 10) -> Column:
    """A flag as 是 / 否 (Yes / No in an English page); the words come from the render context."""
    name = field or key

    def render(row: Row, ctx: Any) -> str:
        return ctx.yes if row.get(name) else ctx.no

    return Column(key, zh, en, (name,), render, "text", width)


def masked_phone(key: str, zh: str, en: str, field: str, *, width: int = 14) -> Column:
    """A phone number, masked (138****5678) everywhere: page, file and API."""
    return Column(key, zh, en, (field,), lambda row, ctx: mask_phone(row.get(field)), "text", width)


def masked_id(key: str, zh: str, en: str, field: str, *, width: int = 20) -> Column:
    """An identity number, masked (1101**********1234) everywhere."""
    return Column(key, zh, en, (field,), lambda row, ctx: mask_id_number(row.get(field)), "text", width)
