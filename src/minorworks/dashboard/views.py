"""The dashboard per role and the district audit log."""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from minorworks.bulletins.detail import latest_bulletin, street_trend, trend_chart
from minorworks.core.access import allow, allow_authenticated
from minorworks.core.audit import entries_visible_to
from minorworks.core.roles import STAFF_ROLES, Role
from minorworks.meetings.services import overdue_count

from .charts import dashboard_charts, scope_key
from .sites_map import map_layers, sites_near
from .stats import scope_summary


@allow_authenticated()
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Counts of what needs attention in the user's scope."""
    user: Any = request.user
    counts, streets = scope_summary(user)
    context: dict[str, Any] = {"counts": counts, "charts": dashboard_charts(user)}
    if user.role in (Role.DISTRICT_ADMIN, Role.DEPARTMENT_OFFICER):
        context["streets"] = streets
    if user.role == Role.DISTRICT_ADMIN and user.district_id:
        context["overdue_items"] = overdue_count(user.district_id)  # joint meetings' action items
    if user.role in STAFF_ROLES:
        context["bulletin"] = latest_bulletin(user)
        context["trend"] = street_trend(user) if user.street_id else []
        context["trend_chart"] = trend_chart(context["trend"])
    return render(request, "dashboard/home.html", context)


def _map_settings() -> dict[str, Any]:
    return {
        "tile_url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "subdomains": settings.MAP_TILE_SUBDOMAINS,
        "max_zoom": settings.MAP_TILE_MAX_ZOOM,
        "center": ",".join(str(x) for x in settings.MAP_CENTER),
        "zoom": settings.MAP_ZOOM,
    }


@allow(STAFF_ROLES)
@require_GET
def sites_map(request: HttpRequest) -> HttpResponse:
    """The map of the sites in the user's scope (layers load from map_points)."""
    return render(request, "dashboard/map.html", {"map": _map_settings()})


@allow(STAFF_ROLES)
@require_GET
def map_points(request: HttpRequest) -> JsonResponse:
    """The map's layers as JSON, scoped like every list."""
    user: Any = request.user
    key = scope_key("map-layers", user, timezone.localdate())
    layers = cache.get(key)
    if layers is None:
        layers = map_layers(user)
        cache.set(key, layers, settings.DASHBOARD_CACHE_SECONDS)
    return JsonResponse({"layers": layers})


@allow(STAFF_ROLES)
@require_GET
def near_me(request: HttpRequest) -> JsonResponse:
    """Active sites near ``lat``/``lng`` (the phone's position), nearest first; 400 on unreadable input."""
    try:
        lat, lng = float(request.GET.get("lat", "")), float(request.GET.get("lng", ""))
    except ValueError:
        return JsonResponse({"detail": _("Give a latitude and a longitude.")}, status=400)
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return JsonResponse({"detail": _("Give a latitude and a longitude.")}, status=400)
    return JsonResponse({"sites": sites_near(request.user, lat, lng)})


@allow(Role.DISTRICT_ADMIN)
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log of the administrator's district, newest first, paginated."""
    entries = entries_visible_to(request.user).order_by("-at", "-id")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "dashboard/audit.html", {"page": page})
