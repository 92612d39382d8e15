"""Project registry pages (list for now; the registry issue adds the rest)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from minorworks.core.access import allow, allow_authenticated
from minorworks.core.roles import Role

from .scoping import visible_leads, visible_projects


@allow_authenticated()
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    """The projects the user may see, newest first, paginated (constant query count)."""
    projects = visible_projects(request.user).select_related("project_type", "street", "builder", "contractor")
    page = Paginator(projects, 25).get_page(request.GET.get("page"))
    return render(request, "projects/list.html", {"page": page})


@allow(Role.DISTRICT_ADMIN, Role.STREET_OFFICER, Role.GRID_WORKER)
@require_GET
def lead_list(request: HttpRequest) -> HttpResponse:
    """Unregistered-site leads in the user's scope."""
    leads = visible_leads(request.user).select_related("street", "community")
    page = Paginator(leads, 25).get_page(request.GET.get("page"))
    return render(request, "projects/lead_list.html", {"page": page})
