"""The map of the sites: layers of points in the user's scope, a hazard density layer, sites near a point.

Every layer is one query over scoped rows (the density two) with coordinates, capped (MAP_LAYER_CAP) so that a city-wide map
stays light; the answer says when a layer was cut. Residents' reports join as a layer when an app named
``reports`` is installed and offers ``minorworks.reports.map.map_points(user, cap)`` (a seam: nothing here
imports it otherwise).
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from minorworks.core.counting import Rows
from minorworks.core.indicators import bounds
from minorworks.core.jurisdiction import scoped
from minorworks.inspections.models import Hazard, HazardStatus, Level
from minorworks.leads.domain import visible_leads
from minorworks.projects.models import ACTIVE_STATUSES, Project, Status
from minorworks.projects.scoping import visible_projects

MAP_LAYER_CAP = 3000
HEAT_DAYS = 30
NEAR_KM = 3.0
NEAR_MAX = 20
OPEN = [HazardStatus.OPEN, HazardStatus.SUBMITTED]


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _layer(rows: list[dict[str, Any]], label: str, detail: str) -> dict[str, Any]:
    return {
        "label": label,
        "cut": len(rows) > MAP_LAYER_CAP,
        "points": [
            {
                "lat": _f(r["latitude"]),
                "lng": _f(r["longitude"]),
                "title": r.get("title") or "",
                "url": reverse(detail, args=[r["pk"]]),
                **({"n": r["n"]} if "n" in r else {}),
            }
            for r in rows[:MAP_LAYER_CAP]
        ],
    }


def _projects(user: Any, **filters: Any) -> list[dict[str, Any]]:
    rows = (
        visible_projects(user)
        .filter(latitude__isnull=False, longitude__isnull=False, **filters)
        .order_by("-id")
        .values("pk", "latitude", "longitude", "name")[: MAP_LAYER_CAP + 1]
    )
    return [{**r, "title": r["name"]} for r in rows]


def map_layers(user: Any, today: dt.date | None = None) -> dict[str, Any]:
    """Every layer the user may see: active, open major hazards, stopped, open leads, hazard density (5–6
    queries)."""
    today = today or timezone.localdate()
    major_ids = (
        scoped(Hazard, user).filter(level=Level.MAJOR, status__in=OPEN).values("project_id").distinct()
    )
    layers = {
        "active": _layer(
            _projects(user, status__in=[s for s in ACTIVE_STATUSES if s != Status.STOPPED]),
            _("Active sites"),
            "projects:detail",
        ),
        "major": _layer(
            _projects(user, pk__in=major_ids), _("Sites with open major hazards"), "projects:detail"
        ),
        "stopped": _layer(_projects(user, status=Status.STOPPED), _("Stopped sites"), "projects:detail"),
    }
    if getattr(user, "role", "") != "builder" and getattr(user, "role", "") != "department_officer":
        leads = (
            visible_leads(user)
            .filter(state="open", latitude__isnull=False, longitude__isnull=False)
            .order_by("-id")
            .values("pk", "latitude", "longitude", "address")[: MAP_LAYER_CAP + 1]
        )
        layers["leads"] = _layer(
            [{**r, "title": r["address"]} for r in leads],
            _("Unregistered sites (open leads)"),
            "leads:detail",
        )
    since, _after = bounds(today - dt.timedelta(days=HEAT_DAYS), today)
    counts = dict(
        scoped(Hazard, user)
        .filter(found_at__gte=since)
        .values("project_id")
        .annotate(n=Rows())
        .order_by("-n")
        .values_list("project_id", "n")[: MAP_LAYER_CAP + 1]
    )
    sites = Project.objects.filter(pk__in=list(counts), latitude__isnull=False).values(
        "pk", "latitude", "longitude", "name"
    )
    layers["heat"] = _layer(
        sorted(({**r, "title": r["name"], "n": counts[r["pk"]]} for r in sites), key=lambda r: -r["n"]),
        _("Hazards found in the last 30 days (density)"),
        "projects:detail",
    )
    if apps.is_installed("minorworks.reports"):
        try:
            module = importlib.import_module("minorworks.reports.map")
        except ImportError:
            module = None
        if module is not None and hasattr(module, "map_points"):
            reports = module.map_points(user, MAP_LAYER_CAP)
            if reports is not None:  # None: a role that does not handle reports
                layers["reports"] = reports
    return layers


def sites_near(user: Any, lat: float, lng: float) -> list[dict[str, Any]]:
    """The active sites within NEAR_KM of the point, nearest first (one query on a bounding box)."""
    dlat = NEAR_KM / 111.0
    dlng = NEAR_KM / (111.0 * max(math.cos(math.radians(lat)), 0.01))
    rows = (
        visible_projects(user)
        .filter(
            status__in=ACTIVE_STATUSES,
            latitude__range=(lat - dlat, lat + dlat),
            longitude__range=(lng - dlng, lng + dlng),
        )
        .values("pk", "number", "name", "address", "latitude", "longitude", "status")[:500]
    )
    found: list[dict[str, Any]] = []
    for r in rows:
        la, ln = float(r["latitude"] or 0), float(r["longitude"] or 0)
        km = math.hypot((la - lat) * 111.0, (ln - lng) * 111.0 * math.cos(math.radians(lat)))
        if km <= NEAR_KM:
            found.append(
                {
                    "number": r["number"],
                    "name": r["name"],
                    "address": r["address"],
                    "lat": la,
                    "lng": ln,
                    "km": round(km, 2),
                    "url": reverse("projects:detail", args=[r["pk"]]),
                    "inspect": f"{reverse('inspections:create')}?project={r['pk']}",
                }
            )
    return sorted(found, key=lambda s: s["km"])[:NEAR_MAX]
