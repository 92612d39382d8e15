"""Unregistered-site leads (未登记线索): record one on patrol, look at it, settle it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from minorworks.core.access import allow
from minorworks.core.audit import history_of
from minorworks.core.roles import Role

from . import leads
from .forms import LeadForm, LeadResolveForm
from .scoping import get_lead_for, visible_projects
from .views_registration import attach_errors

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
                return redirect("projects:lead_detail", lead_id=lead.pk)
    else:
        form = LeadForm(user=user)
    return render(request, "projects/lead_form.html", {"form": form})


def _detail(request: HttpRequest, lead, form: LeadResolveForm | None, status: int = 200) -> HttpResponse:
    user: Any = request.user
    can_resolve = leads.can_resolve_lead(user, lead)
    recent = []
    if can_resolve:
        recent = list(
            visible_projects(user)
            .filter(street_id=lead.street_id)
            .order_by("-created_at")
            .values_list("number", "name")[:50]
        )
    return render(
        request,
        "projects/lead_detail.html",
        {
            "lead": lead,
            "form": form or (LeadResolveForm() if can_resolve else None),
            "can_resolve": can_resolve,
            "recent_projects": recent,
            "history": history_of(lead)[:50],
        },
        status=status,
    )


@allow(*LEAD_VIEWERS)
@require_GET
def lead_detail(request: HttpRequest, lead_id: int) -> HttpResponse:
    """One lead, its history and (for the street and the district) the ways to settle it."""
    lead = get_lead_for(request.user, lead_id)
    return _detail(request, lead, None)


@allow(Role.DISTRICT_ADMIN, Role.STREET_OFFICER)
def lead_resolve(request: HttpRequest, lead_id: int) -> HttpResponse:
    """Settle a lead (POST): registered (with the project's number), stopped, or out of scope."""
    user: Any = request.user
    lead = get_lead_for(user, lead_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if lead.state == lead.State.OPEN and not leads.can_resolve_lead(user, lead):
        raise PermissionDenied
    form = LeadResolveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        project = None
        number = data["project_number"].strip()
        if data["outcome"] == lead.State.REGISTERED and number:
            project = visible_projects(user).filter(number__iexact=number).first()
            if project is None:
                form.add_error("project_number", _("No project with this number in your area."))
        if not form.errors:
            try:
                leads.resolve_lead(
                    lead, actor=user, outcome=data["outcome"], note=data["note"], project=project
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Lead settled."))
                return redirect("projects:lead_detail", lead_id=lead.pk)
    return _detail(request, lead, form, status=400)


@allow(*LEAD_VIEWERS)
@require_GET
def lead_photo(request: HttpRequest, lead_id: int) -> HttpResponseBase:
    """The lead's photo, for those who may see the lead (an <img> still shows a download response)."""
    lead = get_lead_for(request.user, lead_id)
    if not lead.photo:
        raise Http404
    try:
        handle = lead.photo.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    ext = "png" if lead.photo.name.endswith(".png") else "jpg"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"lead-{lead.pk}.{ext}",
        content_type="image/png" if ext == "png" else "image/jpeg",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
