"""How every page writes figures and dates: one filter per kind, so pages cannot drift apart.

- ``figure``: money, areas and counts with thousands separators — 650,000 and 1,234.5 in Chinese as in English
  (Django's Chinese locale groups nothing, so ``intcomma`` printed 650000 there);
- ``day``: a date in lists, 2026-12-01; ``day:"long"`` in sentences and documents, 2026年12月1日;
- ``moment``: a date and time in lists, 2026-12-01 14:30 (local time);
- ``day_range``: two dates as one span; an empty value shows "—" (never "— – —").
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import dateformat, formats, numberformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()

EMPTY = "—"
CENT = Decimal("0.01")


@register.filter
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


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    if isinstance(value, dt.date):
        return value
    return None


@register.filter
def day(value: Any, style: str = "") -> str:
    """A date as 2026-12-01, or with ``"long"`` as the language writes it in prose (2026年12月1日)."""
    date = _as_date(value)
    if date is None:
        return EMPTY
    if style == "long":
        return formats.date_format(date, "DATE_FORMAT")
    return dateformat.format(date, "Y-m-d")


@register.filter
def moment(value: Any) -> str:
    """A date and time as 2026-12-01 14:30 in local time."""
    if not isinstance(value, dt.datetime):
        return day(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return dateformat.format(local, "Y-m-d H:i")


@register.simple_tag
def day_range(start: Any, end: Any, style: str = "") -> str:
    """Two dates as a span ("2026-12-01 至 2027-01-31"); one side alone says from/until; none gives "—"."""
    first, last = _as_date(start), _as_date(end)
    if first and last:
        return _("%(start)s to %(end)s") % {"start": day(first, style), "end": day(last, style)}
    if first:
        return _("from %(start)s") % {"start": day(first, style)}
    if last:
        return _("until %(end)s") % {"end": day(last, style)}
    return EMPTY


@register.simple_tag
def colon() -> str:
    """The colon after a label: full-width "：" in Chinese, ": " in English."""
    return pgettext("punctuation after a label", ": ")
