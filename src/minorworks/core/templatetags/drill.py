"""``{% drill_filters %}``: on a list opened from a bulletin figure, keep its street and period filters."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

KEYS = ("street", "since", "until", "resolved_since", "resolved_until", "on_time")


@register.inclusion_tag("includes/drill_filters.html", takes_context=True)
def drill_filters(context: dict[str, Any]) -> dict[str, Any]:
    """Hidden inputs for the drill-down parameters present, and a badge saying what narrows the list."""
    request = context.get("request")
    params = request.GET if request is not None else {}
    kept = [(k, params.get(k)) for k in KEYS if params.get(k)]
    values = dict(kept)
    return {
        "kept": kept,
        "street": values.get("street", ""),
        "since": values.get("since") or values.get("resolved_since") or "",
        "until": values.get("until") or values.get("resolved_until") or "",
        "path": request.path if request is not None else "",
    }
