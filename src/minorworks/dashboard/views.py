"""The dashboard per role and the district audit log."""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from minorworks.core.access import allow, allow_authenticated
from minorworks.core.audit import entries_visible_to
from minorworks.core.roles import Role

from .stats import scope_summary


@allow_authenticated()
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Counts of what needs attention in the user's scope."""
    user: Any = request.user
    counts, streets = scope_summary(user)
    context: dict[str, Any] = {"counts": counts}
    if user.role in (Role.DISTRICT_ADMIN, Role.DEPARTMENT_OFFICER):
        context["streets"] = streets
    return render(request, "dashboard/home.html", context)


@allow(Role.DISTRICT_ADMIN)
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log of the administrator's district, newest first, paginated."""
    entries = entries_visible_to(request.user).order_by("-at", "-id")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "dashboard/audit.html", {"page": page})
