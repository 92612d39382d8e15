"""What a bulletin page and the API show: one function each, shared by both."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from .domain import get_bulletin, visible_bulletins
from .drill import drill_urls
from .models import Bulletin, BulletinStatus


def display(value: Any, kind: str) -> str:
    """A figure as a page shows it (a ratio as a percentage, no data as a dash with words)."""
    if value is None:
        return _("no data")
    if kind == "ratio":
        return f"{Decimal(str(value)) * 100:.1f}%"
    return f"{value:,}" if isinstance(value, int) else f"{value:.2f}"


def cells(bulletin: Bulletin, row: dict[str, Any]) -> list[dict[str, Any]]:
    """One street's figures, each with the lists behind it (numerator, and denominator for a ratio)."""
    out = []
    for col in bulletin.columns:
        code = col["code"]
        value = row["indicators"].get(code)
        num, den = (row["figures"].get(code) or [0, None])[:2]
        urls = drill_urls(col.get("drill", ""), row["street"], bulletin.period_start, bulletin.period_end)
        out.append(
            {
                "code": code,
                "value": value,
                "shown": display(value, col["kind"]),
                "numerator": num,
                "denominator": den if col["kind"] == "ratio" else None,
                "url": urls[0] if urls else "",
                "denominator_url": urls[1] if len(urls) > 1 else "",
                "pulled_down": code in row["pulled_down"],
            }
        )
    return out


def bulletin_detail(user: Any, pk: Any) -> dict[str, Any]:
    """The bulletin with its rows ready to show (2 queries)."""
    bulletin = get_bulletin(user, pk)
    rows = [{**r, "cells": cells(bulletin, r)} for r in bulletin.ranking]
    titles = {c["code"]: c["title"] for c in bulletin.columns}
    laggards = [
        {**r, "reasons": [titles.get(c, c) for c in r["pulled_down"]]}
        for r in rows
        if r["street_id"] in bulletin.laggards
    ]
    return {
        "object": bulletin,
        "rows": rows,
        "columns": bulletin.columns,
        "laggards": laggards,
        "requirements": bulletin.requirements,
        "issued": bulletin.status == BulletinStatus.ISSUED,
        "own_street": getattr(user, "street_id", None),
    }


def street_trend(user: Any, limit: int = 12) -> list[dict[str, Any]]:
    """The user's street across the issued bulletins, oldest first: rank, score, change (1 query)."""
    street = getattr(user, "street_id", None)
    if not street:
        return []
    found = list(
        visible_bulletins(user)
        .filter(status=BulletinStatus.ISSUED)
        .order_by("-period_end", "-id")
        .values("pk", "number", "period_start", "period_end", "ranking")[:limit]
    )
    trend = []
    for b in reversed(found):
        row = next((r for r in b["ranking"] if r["street_id"] == street), None)
        if row is not None:
            trend.append(
                {
                    "id": b["pk"],
                    "number": b["number"],
                    "period_start": b["period_start"],
                    "period_end": b["period_end"],
                    "rank": row["rank"],
                    "score": row["score"],
                    "rank_change": row["rank_change"],
                    "of": len(b["ranking"]),
                }
            )
    return trend


def latest_bulletin(user: Any) -> dict[str, Any] | None:
    """The district's latest issued bulletin for a dashboard, with the user's street's row (1 query)."""
    found = (
        visible_bulletins(user)
        .filter(status=BulletinStatus.ISSUED)
        .order_by("-period_end", "-id")
        .values("pk", "number", "title", "issued_at", "ranking")
        .first()
    )
    if found is None:
        return None
    street = getattr(user, "street_id", None)
    own = next((r for r in found["ranking"] if r["street_id"] == street), None)
    return {
        "id": found["pk"],
        "number": found["number"],
        "title": found["title"],
        "issued_at": found["issued_at"],
        "own": own,
        "of": len(found["ranking"]),
    }


def trend_chart(trend: list[dict[str, Any]]) -> dict[str, Any]:
    """The street's trend as a chart: its rank in each bulletin (each point opens that bulletin)."""
    return {
        "labels": [t["number"] or t["period_end"].isoformat() for t in trend],
        "series": [
            {
                "label": _("Rank"),
                "data": [t["rank"] for t in trend],
                "links": [reverse("bulletins:detail", args=[t["id"]]) for t in trend],
            },
            {"label": _("Score"), "data": [t["score"] for t in trend], "links": []},
        ],
    }
