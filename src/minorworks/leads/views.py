"""Unregistered-site leads (未登记线索): record one on patrol, look at it, settle it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from minorworks.core.access import allow
from minorworks.core.audit import history_of
from minorworks.core.downloads import file_download
from minorworks.core.forms import attach_errors
from minorworks.core.indicators import list_filters
from minorworks.core.roles import Role
from minorworks.core.workflow_views import ActionUI, WorkflowPages
from minorworks.projects.scoping import visible_projects
from minorworks.projects.views import _query_without_page

from . import domain as leads
from .domain import get_lead_for, visible_leads
from .forms import LeadForm
from .models import Lead

LEAD_VIEWERS = (Role.DISTRICT_ADMIN, Role.STREET_OFFICER, Role.GRID_WORKER)


@allow(Role.STREET_OFFICER, Role.GRID_WORKER)
@require_http_methods(["GET", "POST"])
def lead_create(request: HttpRequest) -> HttpResponse:
    """Record a site found without registration: place, point, photo, note."""
    user: Any = request.user
    if request.method == "POST":
        form = LeadForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            try:
                lead = leads.create_lead(
                    actor=user, data=form.cleaned_data, photo=form.cleaned_data.get("photo")
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Lead recorded."))
                return redirect("leads:detail", lead_id=lead.pk)
    else:
        form = LeadForm(user=user)
    return render(request, "leads/form.html", {"form": form})


LEAD_UI: dict[str, ActionUI] = {
    "resolve_registered": ActionUI(
        gettext_lazy("Settled: it is registered"), "outline-success", gettext_lazy("Lead settled.")
    ),
    "resolve_stopped": ActionUI(
        gettext_lazy("Settled: work stopped"), "outline-danger", gettext_lazy("Lead settled.")
    ),
    "resolve_out_of_scope": ActionUI(
        gettext_lazy("Settled: shown out of scope"), "outline-secondary", gettext_lazy("Lead settled.")
    ),
}


def _detail(request: HttpRequest, lead, bound: dict | None = None, status: int = 200) -> HttpResponse:
    user: Any = request.user
    actions = LEAD_PAGES.action_cards(lead, user, bound=bound)
    recent = []
    if actions:
        recent = list(
            visible_projects(user)
            .filter(street_id=lead.street_id)
            .order_by("-created_at")
            .values_list("number", "name")[:50]
        )
    return render(
        request,
        "leads/detail.html",
        {"lead": lead, "actions": actions, "recent_projects": recent, "history": history_of(lead)[:50]},
        status=status,
    )


@allow(*LEAD_VIEWERS)
@require_GET
def lead_detail(request: HttpRequest, lead_id: int) -> HttpResponse:
    """One lead, its history and (for the street and the district) the ways to settle it."""
    lead = get_lead_for(request.user, lead_id)
    return _detail(request, lead)


LEAD_PAGES = WorkflowPages(
    workflow=leads.LEAD_WORKFLOW,
    ui=LEAD_UI,
    get_for=get_lead_for,
    render_detail=lambda request, obj, bound=None, status=200: _detail(request, obj, bound, status),
    detail_url="leads:detail",
    url_kwarg="lead_id",
)


@allow(*LEAD_VIEWERS)
@require_GET
def lead_photo(request: HttpRequest, lead_id: int) -> HttpResponseBase:
    """The lead's photo, for those who may see the lead (an <img> still shows a download response)."""
    lead = get_lead_for(request.user, lead_id)
    ext = "png" if lead.photo.name.endswith(".png") else "jpg"
    return file_download(lead.photo, f"lead-{lead.pk}.{ext}", "image/png" if ext == "png" else "image/jpeg")


@allow(Role.DISTRICT_ADMIN, Role.STREET_OFFICER, Role.GRID_WORKER)
@require_GET
def lead_list(request: HttpRequest) -> HttpResponse:
    """Unregistered-site leads in the user's scope; open ones first, filterable by state."""
    user: Any = request.user
    rows = visible_leads(user).select_related("street", "community", "resolved_project")
    state = request.GET.get("state", "")
    if state in Lead.State.values:
        rows = rows.filter(state=state)
    rows = rows.filter(**list_filters(request.GET, {"": "found_at", "resolved_": "resolved_at"}))
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "leads/list.html",
        {
            "page": page,
            "state": state,
            "states": Lead.State.choices,
            "query": _query_without_page(request),
            "can_create": user.role in (Role.STREET_OFFICER, Role.GRID_WORKER),
        },
    )
