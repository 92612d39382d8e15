"""The ranking: every street of the district scored on the scheme's indicators for a period.

Rules (shown on the scheme page and in docs/bulletins.md):

* Every current street of the district is ranked, also one without any record: its counts are 0 and its
  ratios have no data.
* Each indicator is normalised to 0–100 across the streets that have a value: ``minmax`` puts the worst at 0
  and the best at 100 (all equal: 100 for all); ``best`` divides by the best value (for a lower-is-better
  indicator: 100 × (1 − value ÷ worst value)). A ratio with no data (denominator 0) is left out of that
  street's score and its weight goes to the street's other indicators.
* The score is the weighted mean of the normalised values, rounded to two decimals.
* Ties: streets with the same rounded score share a rank, the next rank skips (1, 2, 2, 4); within a tie
  the streets are listed in the district's order.
* The change in rank compares with the district's previous issued bulletin (positive: moved up).
* The laggards are the streets in the last three positions (a tie at the boundary brings in every street
  sharing that rank); the indicators that pulled one down are its two largest weighted shortfalls.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from minorworks.core.indicators import Figure, batch, registered
from minorworks.orgs.models import Region

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Item:
    """One indicator of a scheme."""

    code: str
    weight: Decimal
    higher_is_better: bool
    normalisation: str = "minmax"


def items_of(raw: list[dict[str, Any]]) -> list[Item]:
    """The scheme's stored items as Items (indicators no longer declared by any app are dropped)."""
    known = registered()
    return [
        Item(
            r["code"],
            Decimal(str(r.get("weight", 1))),
            bool(r.get("higher_is_better", known[r["code"]].higher_is_better)),
            r.get("normalisation", "minmax"),
        )
        for r in raw
        if r.get("code") in known
    ]


def streets_of(district_id: int) -> list[tuple[int, str, str]]:
    """The district's current streets (id, code, name) in the district's order."""
    return list(
        Region.objects.current()
        .filter(level=Region.Level.STREET, parent_id=district_id)
        .order_by("sort", "code")
        .values_list("pk", "code", "name")
    )


def _value(figure: Figure | None, kind: str) -> Decimal | None:
    if figure is None:
        return Decimal(0) if kind == "count" else None
    return figure.value


def _normalise(values: dict[int, Decimal | None], item: Item) -> dict[int, Decimal]:
    known = {k: v for k, v in values.items() if v is not None}
    if not known:
        return {}
    lo, hi = min(known.values()), max(known.values())
    out: dict[int, Decimal] = {}
    for street, value in known.items():
        if item.normalisation == "best":
            if item.higher_is_better:
                norm = HUNDRED if hi == 0 else value / hi * HUNDRED
            else:
                norm = HUNDRED if hi == 0 else (1 - value / hi) * HUNDRED
        elif hi == lo:
            norm = HUNDRED
        else:
            share = (value - lo) / (hi - lo)
            norm = (share if item.higher_is_better else 1 - share) * HUNDRED
        out[street] = norm
    return out


def _json(value: Decimal | None, kind: str) -> float | int | None:
    if value is None:
        return None
    if kind == "count" and value == value.to_integral_value():
        return int(value)
    return float(value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def compute(
    district_id: int,
    start: dt.date,
    end: dt.date,
    items: list[Item],
    previous: dict[int, int] | None = None,
) -> list[dict[str, Any]]:
    """The ranking rows, best first: one grouped query per indicator, whatever the number of streets."""
    known = registered()
    streets = streets_of(district_id)
    with batch():
        figures = {item.code: known[item.code].figures(district_id, start, end) for item in items}
    norms: dict[str, dict[int, Decimal]] = {}
    values: dict[str, dict[int, Decimal | None]] = {}
    for item in items:
        kind = known[item.code].kind
        values[item.code] = {pk: _value(figures[item.code].get(pk), kind) for pk, _c, _n in streets}
        norms[item.code] = _normalise(values[item.code], item)
    rows: list[dict[str, Any]] = []
    for position, (pk, code, name) in enumerate(streets):
        weighted = [(item, norms[item.code][pk]) for item in items if pk in norms[item.code]]
        total = sum((item.weight for item, _n in weighted), Decimal(0))
        score = sum((item.weight * n for item, n in weighted), Decimal(0)) / total if total else Decimal(0)
        shortfalls = sorted(
            ((item.weight * (HUNDRED - n), item.code) for item, n in weighted if n < HUNDRED), reverse=True
        )
        rows.append(
            {
                "street": code,
                "street_id": pk,
                "street_name": name,
                "score": float(score.quantize(CENT, rounding=ROUND_HALF_UP)),
                "position": position,
                "indicators": {i.code: _json(values[i.code][pk], known[i.code].kind) for i in items},
                "figures": {
                    i.code: [_json(Decimal(f.numerator), "count"), _json(_den(f), "count")]
                    for i in items
                    if (f := figures[i.code].get(pk)) is not None
                },
                "pulled_down": [c for _s, c in shortfalls[:2]],
            }
        )
    rows.sort(key=lambda r: (-r["score"], r["position"]))
    for row in rows:
        row["rank"] = 1 + sum(1 for other in rows if other["score"] > row["score"])
        before = (previous or {}).get(row["street_id"])
        row["rank_change"] = None if before is None else before - row["rank"]
        del row["position"]
    return rows


def _den(figure: Figure) -> Decimal | None:
    return None if figure.denominator is None else Decimal(figure.denominator)


def laggards(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows in the last three positions, with every street tied with the third from the bottom."""
    if len(rows) <= 3:
        return list(rows) if len(rows) > 1 else []
    boundary = rows[-3]["rank"]
    return [r for r in rows if r["rank"] >= boundary]
