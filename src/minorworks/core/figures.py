"""How figures are written everywhere (pages, messages built in code): 650,000 and 1,234.5, in Chinese as in
English. Django's Chinese locale groups no digits, so ``intcomma`` printed 650000 there."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import numberformat, timezone

EMPTY = "—"
CENT = Decimal("0.01")


def figure(value: Any, decimals: int | str | None = None) -> str:
    """A number with "," between thousands; whole numbers without decimals, others to at most two places.

    ``decimals`` fixes the number of places (``{{ limit|figure:2 }}`` → 1,000,000.00).
    """
    if value is None or value == "":
        return EMPTY
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if decimals not in (None, ""):
        places = int(decimals)  # type: ignore[arg-type]
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    elif number == number.to_integral_value():
        places, number = 0, number.to_integral_value()
    else:
        number = number.quantize(CENT, rounding=ROUND_HALF_UP).normalize()
        places = max(0, -int(number.as_tuple().exponent))
    return numberformat.format(
        number, ".", decimal_pos=places, grouping=3, thousand_sep=",", force_grouping=True, use_l10n=False
    )


def cn_date(value: dt.date | dt.datetime | None) -> str:
    """2026年11月23日 (no leading zeros) in the site's time zone, or an empty string: the date in documents."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: dt.datetime) -> str:
    """2026年11月23日 14:05 in the site's time zone."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{cn_date(local)} {local:%H:%M}"
