"""How every page writes figures and dates: one filter per kind, so pages cannot drift apart.

- ``figure``: money, areas and counts with thousands separators (core.figures, also for messages built in code);
- ``day``: a date in lists, 2026-12-01; ``day:"long"`` in sentences and documents, 2026年12月1日;
- ``moment``: a date and time in lists, 2026-12-01 14:30 (local time);
- ``day_range``: two dates as one span; an empty value shows "—" (never "— – —").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import dateformat, formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..figures import EMPTY, figure

register = template.Library()
register.filter("figure", figure)


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
    return date.isoformat()  # what dateformat's "Y-m-d" writes, without its per-call formatter object


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
