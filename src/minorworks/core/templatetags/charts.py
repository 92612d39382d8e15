"""``{{ value|jsonify }}``: data for a chart's ``data-*`` attribute (escaped by the template like any text)."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder

register = template.Library()


@register.filter
def jsonify(value: Any) -> str:
    """``value`` as JSON text (lazy translations and dates included)."""
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


@register.filter
def chart_rows(chart: dict[str, Any]) -> list[dict[str, Any]]:
    """A chart's data table: one row per label, one cell (value, link) per series."""
    series = chart.get("series", [])
    return [
        {
            "label": label,
            "cells": [{"value": s["data"][i], "link": (s.get("links") or [""] * (i + 1))[i]} for s in series],
        }
        for i, label in enumerate(chart.get("labels", []))
    ]
