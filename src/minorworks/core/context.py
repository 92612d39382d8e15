"""Template context for the page shell: navigation by role, the unread-notification count."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .notifications import unread_count
from .roles import ALL_ROLES, STAFF_ROLES, Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    roles: frozenset[str]


NAV: list[NavItem] = [
    NavItem(_("Dashboard"), "dashboard:home", "speedometer2", ALL_ROLES),
    NavItem(_("Projects"), "projects:list", "building", ALL_ROLES),
    NavItem(
        _("Leads"),
        "leads:list",
        "binoculars",
        frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICER, Role.GRID_WORKER}),
    ),
    NavItem(
        _("Ledgers"),
        "ledgers:index",
        "table",
        frozenset({Role.DISTRICT_ADMIN, Role.DEPARTMENT_OFFICER, Role.STREET_OFFICER, Role.GRID_WORKER}),
    ),
    NavItem(
        _("Inspections"),
        "inspections:list",
        "clipboard-check",
        frozenset({Role.DISTRICT_ADMIN, Role.DEPARTMENT_OFFICER, Role.STREET_OFFICER, Role.GRID_WORKER}),
    ),
    NavItem(_("Hazards"), "inspections:hazard_list", "exclamation-triangle", ALL_ROLES),
    NavItem(_("Stop-work orders"), "stoporders:list", "sign-stop", ALL_ROLES),
    NavItem(_("Accidents"), "accidents:list", "exclamation-octagon", ALL_ROLES),
    NavItem(_("Safety training"), "training:list", "mortarboard", ALL_ROLES),
    NavItem(
        _("Joint meetings"),
        "meetings:list",
        "people",
        frozenset({Role.DISTRICT_ADMIN, Role.DEPARTMENT_OFFICER, Role.STREET_OFFICER}),
    ),
    NavItem(_("Reports"), "reports:list", "megaphone", frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICER})),
    NavItem(_("Bulletins"), "bulletins:list", "file-earmark-text", STAFF_ROLES),
    NavItem(_("Map"), "dashboard:map", "geo-alt", STAFF_ROLES),
    NavItem(_("Scope check"), "public:scope_check", "rulers", ALL_ROLES),
    NavItem(_("Scope rules"), "scoperules:rules", "sliders", frozenset({Role.DISTRICT_ADMIN})),
    NavItem(_("Audit log"), "dashboard:audit", "journal-text", frozenset({Role.DISTRICT_ADMIN})),
    NavItem(_("Message gateways"), "notifications:webhooks", "broadcast", frozenset({Role.DISTRICT_ADMIN})),
]


@lru_cache(maxsize=256)
def _entries(role: str, script_prefix: str, urlconf: str | None) -> tuple[tuple[NavItem, str], ...]:
    # The role's entries with their URLs: the same for every request of that role under one prefix and URL
    # configuration (17 reverse() calls were ~0.3 ms of every page).
    entries = []
    for item in NAV:
        if role in item.roles:
            try:
                entries.append((item, reverse(item.url_name)))
            except NoReverseMatch:  # a feature not installed yet hides its entry
                continue
    return tuple(entries)


def shell(request: HttpRequest) -> dict:
    """Navigation entries the current user may open, whether demo mode is on, the unread count (lazily)."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        current = request.resolver_match.view_name if request.resolver_match else ""
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        for item, url in _entries(user.role, get_script_prefix(), urlconf):
            items.append(
                {"label": item.label, "url": url, "icon": item.icon, "active": current == item.url_name}
            )
    context = {"nav_items": items, "demo_mode": settings.DEMO_MODE}
    if user is not None and user.is_authenticated:
        # A callable: the template asks once ({% with %} in the navbar), pages without the navbar never do.
        context["unread_notifications"] = lambda: unread_count(user)
    return context
