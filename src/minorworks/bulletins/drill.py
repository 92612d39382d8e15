"""The drill-down: the URL of the filtered list behind one street's figure for a period."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


def drill_urls(spec: str, street: str, start: dt.date, end: dt.date) -> list[str]:
    """The lists behind a figure: ``[numerator]`` or ``[numerator, denominator]`` (``[]`` when none)."""
    urls = []
    for part in (spec or "").split("|"):
        name, _q, query = part.partition("?")
        if not name:
            continue
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue
        query = query.format(start=start.isoformat(), end=end.isoformat())
        urls.append(f"{path}?{urlencode({'street': street})}{'&' + query if query else ''}")
    return urls
