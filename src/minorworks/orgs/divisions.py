"""The official region tree of a district, loaded from a dated data file, safe on a database that already has one.

The file (``data/<district>_divisions.json``) copies the official statistical division codes with their source
and as-of date. Loading is idempotent. On an existing database a community is matched by its official code, or
else by its name within the same street (the earlier, unofficial codes of this platform collide with official
ones). A community the official data no longer lists is retired, never deleted: projects, leads and users
keep pointing at it (PROTECT), and choice lists stop offering it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from .models import Region

DATA = Path(__file__).resolve().parent / "data"
RETIRED_SUFFIX = "-retired"  # appended to an unofficial code that an official community now uses


@dataclass(frozen=True)
class Divisions:
    """One district's official tree as the data file states it."""

    source: str
    as_of: dt.date
    city: dict[str, str]
    district: dict[str, str]
    streets: list[dict[str, str]]
    communities: list[dict[str, str]]

    @classmethod
    def read(cls, name: str) -> Divisions:
        """Read ``data/<name>_divisions.json``."""
        raw = json.loads((DATA / f"{name}_divisions.json").read_text(encoding="utf-8"))
        return cls(
            source=raw["source"],
            as_of=dt.date.fromisoformat(raw["as_of"]),
            city=raw["city"],
            district=raw["district"],
            streets=raw["streets"],
            communities=raw["communities"],
        )


def _save_region(code: str, fields: dict) -> Region:
    region, _ = Region.objects.update_or_create(code=code, defaults=fields)
    return region


def load_divisions(data: Divisions) -> dict[str, int]:
    """Create or update the city, district, streets and communities of ``data`` (call inside a transaction).

    Returns the number of current communities and of retired communities under the district's streets.
    """
    dated = {"source": data.source, "as_of": data.as_of, "retired_on": None}
    city = _save_region(
        data.city["code"],
        {
            "name": data.city["name"],
            "name_en": data.city["name_en"],
            "level": Region.Level.CITY,
            "parent": None,
        },
    )
    district = _save_region(
        data.district["code"],
        {
            "name": data.district["name"],
            "name_en": data.district["name_en"],
            "level": Region.Level.DISTRICT,
            "parent": city,
            **dated,
        },
    )
    streets = {
        row["code"]: _save_region(
            row["code"],
            {
                "name": row["name"],
                "name_en": row["name_en"],
                "level": Region.Level.STREET,
                "parent": district,
                "sort": index,
                **dated,
            },
        )
        for index, row in enumerate(data.streets, start=1)
    }
    _load_communities(data, streets, dated)
    communities = Region.objects.filter(level=Region.Level.COMMUNITY, parent__in=streets.values())
    return {
        "communities": communities.filter(retired_on__isnull=True).count(),
        "communities_retired": communities.filter(retired_on__isnull=False).count(),
    }


def _load_communities(data: Divisions, streets: dict[str, Region], dated: dict) -> None:
    existing = list(Region.objects.filter(level=Region.Level.COMMUNITY, parent__in=streets.values()))
    by_code = {r.code: r for r in existing}
    by_name = {(r.parent_id, r.name): r for r in existing}
    official_codes = {row["code"] for row in data.communities}

    # Which existing row each official community is. A row with the official code is the same community
    # when it came from official data (a rename keeps the code) or already bears the name; otherwise it is
    # an unofficial row that only collides, and the community is looked for by name in its street.
    chosen: dict[str, Region] = {}
    taken: set[int] = set()
    for row in data.communities:
        street = streets[row["street"]]
        same_code = by_code.get(row["code"])
        if (
            same_code is not None
            and same_code.parent_id == street.pk
            and (same_code.source or same_code.name == row["name"])
        ):
            chosen[row["code"]] = same_code
            taken.add(same_code.pk)
    for row in data.communities:
        if row["code"] in chosen:
            continue
        named = by_name.get((streets[row["street"]].pk, row["name"]))
        if named is not None and named.pk not in taken:
            chosen[row["code"]] = named
            taken.add(named.pk)

    target = {region.pk: code for code, region in chosen.items()}
    for region in existing:
        if region.pk not in target:
            target[region.pk] = _retired_code(region.code, official_codes)
    # Move every code that changes out of the way first: the unique index holds at each step.
    moving = [r for r in existing if target[r.pk] != r.code]
    for region in moving:
        Region.objects.filter(pk=region.pk).update(code=f"~{region.pk}")
    for region in moving:
        Region.objects.filter(pk=region.pk).update(code=target[region.pk])

    for region in existing:
        if region.pk not in taken and region.retired_on is None:
            Region.objects.filter(pk=region.pk).update(retired_on=data.as_of)
    for index, row in enumerate(data.communities, start=1):
        short = row["name"].removesuffix("社区")
        fields = {
            "name": row["name"],
            "name_en": f"{short} Community",
            "level": Region.Level.COMMUNITY,
            "parent": streets[row["street"]],
            "sort": index,
            **dated,
        }
        _save_region(row["code"], fields)


def _retired_code(code: str, official: set[str]) -> str:
    """The code a retired row keeps: its own, unless an official community needs it."""
    if code not in official:
        return code
    candidate, n = f"{code}{RETIRED_SUFFIX}", 1
    while Region.objects.filter(code=candidate).exists():
        n += 1
        candidate = f"{code}{RETIRED_SUFFIX}{n}"
    return candidate
