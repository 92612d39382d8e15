"""The dashboard's charts: monthly trends, hazard status, coverage and the live street ranking.

Each series comes from one grouped query in the user's scope; each point carries the URL of the filtered list
behind it. The figures are cached for a few minutes per scope (settings.DASHBOARD_CACHE_SECONDS): at city
scale a trend scans hundreds of thousands of rows, and a dashboard must answer in well under 100 ms.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from minorworks.bulletins.detail import display
from minorworks.bulletins.domain import live_ranking
from minorworks.core.counting import Rows
from minorworks.core.indicators import bounds
from minorworks.core.jurisdiction import Jurisdiction, scoped
from minorworks.core.roles import Role
from minorworks.inspections.indicators import overdue as overdue_now
from minorworks.inspections.models import Hazard, HazardStatus, Inspection
from minorworks.projects.models import Project

MONTHS = 12


def months_back(today: dt.date, n: int = MONTHS) -> list[tuple[dt.date, dt.date]]:
    """The last ``n`` calendar months up to this one, oldest first, as (first day, last day)."""
    out = []
    year, month = today.year, today.month
    for _i in range(n):
        last = calendar.monthrange(year, month)[1]
        out.append((dt.date(year, month, 1), dt.date(year, month, last)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(out))


def _per_month(queryset, field: str, months: list[tuple[dt.date, dt.date]]) -> list[int]:
    """One count per month, each a range count on an index (no per-row date conversion, which SQLite does in
    Python; a count over an index range reads no rows)."""
    counts = []
    for start, end in months:
        first, after = bounds(start, end)
        counts.append(queryset.filter(**{f"{field}__gte": first, f"{field}__lt": after}).count())
    return counts


def _url(name: str, **params: Any) -> str:
    return f"{reverse(name)}?{urlencode({k: v for k, v in params.items() if v not in (None, '')})}"


def trends(user: Any, today: dt.date) -> dict[str, Any]:
    """Registrations, inspections and hazards per month (3 grouped queries)."""
    months = months_back(today)
    series = [
        (
            "registrations",
            _("Registrations"),
            scoped(Project, user),
            "submitted_at",
            "projects:list",
            "registered_",
        ),
        ("inspections", _("Inspections"), scoped(Inspection, user), "inspected_at", "inspections:list", ""),
        ("hazards", _("Hazards found"), scoped(Hazard, user), "found_at", "inspections:hazard_list", ""),
    ]
    out = []
    for key, label, queryset, field, list_name, prefix in series:
        out.append(
            {
                "key": key,
                "label": label,
                "data": _per_month(queryset, field, months),
                "links": [
                    _url(list_name, **{f"{prefix}since": s.isoformat(), f"{prefix}until": e.isoformat()})
                    for s, e in months
                ],
            }
        )
    return {"labels": [s.strftime("%Y-%m") for s, _e in months], "series": out}


def hazard_status(user: Any, today: dt.date) -> dict[str, Any]:
    """Hazards by status and the overdue ones (2 queries)."""
    rows = dict(scoped(Hazard, user).values_list("status").annotate(n=Rows()).order_by())
    overdue = scoped(Hazard, user).filter(overdue_now(today)).count()
    parts = [(value, label, rows.get(value, 0)) for value, label in HazardStatus.choices]
    return {
        "labels": [str(label) for _v, label, _n in parts] + [_("Overdue")],
        "series": [
            {
                "label": _("Hazards"),
                "data": [n for _v, _l, n in parts] + [overdue],
                "links": [_url("inspections:hazard_list", status=v) for v, _l, _n in parts]
                + [_url("inspections:hazard_list", overdue=1)],
            }
        ],
    }


def ranking_now(user: Any, today: dt.date) -> dict[str, Any]:
    """The district's streets ranked on this month so far (the scheme in force), with coverage per street."""
    start = today.replace(day=1)
    rows, columns = live_ranking(user.district_id, start, today)
    coverage = "inspections.coverage" if any(c["code"] == "inspections.coverage" for c in columns) else None
    out: dict[str, Any] = {
        "period_start": start,
        "period_end": today,
        "rows": [
            {
                "street": r["street"],
                "street_name": r["street_name"],
                "score": r["score"],
                "rank": r["rank"],
                "coverage": display(r["indicators"].get(coverage), "ratio") if coverage else "",
                "coverage_value": (r["indicators"].get(coverage) or 0) * 100 if coverage else 0,
                "link": _url(
                    "projects:list",
                    street=r["street"],
                    inspected_since=start.isoformat(),
                    inspected_until=today.isoformat(),
                )
                + "&status=accepted&status=in_progress&status=stopped",
            }
            for r in rows
        ],
    }
    ranked: list[dict[str, Any]] = out["rows"]
    names = [r["street_name"] for r in ranked]
    out["scores"] = {
        "labels": names,
        "series": [
            {
                "label": _("Score"),
                "data": [r["score"] for r in ranked],
                "links": [_url("projects:list", street=r["street"]) for r in ranked],
            }
        ],
    }
    out["coverage"] = {
        "labels": names,
        "series": [
            {
                "label": _("Coverage of active sites") + " (%)",
                "data": [round(float(r["coverage_value"]), 1) for r in ranked],
                "links": [r["link"] for r in ranked],
            }
        ],
    }
    return out


def scope_key(name: str, user: Any, today: dt.date) -> str:
    """A cache key for what ``user``'s scope sees today in the current language (a digest: no odd characters)."""
    where = repr(Jurisdiction.of(user))
    digest = hashlib.sha256(f"{where}|{user.role}|{get_language()}|{today.isoformat()}".encode()).hexdigest()
    return f"{name}:{digest[:32]}"


def dashboard_charts(user: Any) -> dict[str, Any]:
    """Every chart of the user's dashboard, cached per scope and language for a few minutes."""
    today = timezone.localdate()
    key = scope_key("dashboard-charts", user, today)
    found = cache.get(key)
    if found is not None:
        return found
    charts: dict[str, Any] = {"trends": trends(user, today), "hazards": hazard_status(user, today)}
    if user.role == Role.DISTRICT_ADMIN:
        charts["ranking"] = ranking_now(user, today)
    cache.set(key, charts, settings.DASHBOARD_CACHE_SECONDS)
    return charts
