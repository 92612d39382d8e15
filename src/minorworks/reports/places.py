"""Which street a place lies in: optional street boundaries as GeoJSON data (REPORTS_STREET_BOUNDARIES).

The file is a FeatureCollection of (Multi)Polygons whose ``properties.code`` is a street's region code. Without
the file (the default) nothing is located and the street the reporter or the desk picks is used.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.conf import settings

Ring = list[tuple[float, float]]


def _inside(x: float, y: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / ((yj - yi) or 1e-300) + xi:
            inside = not inside
        j = i
    return inside


def _polygons(geometry: dict) -> list[list[Ring]]:
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        coords = [coords]
    elif kind != "MultiPolygon":
        return []
    return [[[(float(p[0]), float(p[1])) for p in ring] for ring in polygon] for polygon in coords]


@functools.cache
def _load(path: str) -> tuple[tuple[str, tuple], ...]:
    if not path or not Path(path).exists():
        return ()
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    found = []
    for feature in data.get("features", []):
        code = str((feature.get("properties") or {}).get("code", ""))
        if code:
            found.append(
                (code, tuple(tuple(map(tuple, p)) for p in _polygons(feature.get("geometry") or {})))
            )
    return tuple(found)


def street_code_at(longitude: float, latitude: float) -> str | None:
    """The code of the street whose boundary contains the point, if boundaries are configured."""
    for code, polygons in _load(str(getattr(settings, "REPORTS_STREET_BOUNDARIES", "") or "")):
        for polygon in polygons:
            outer, holes = polygon[0], polygon[1:]
            if _inside(longitude, latitude, list(outer)) and not any(
                _inside(longitude, latitude, list(h)) for h in holes
            ):
                return code
    return None
