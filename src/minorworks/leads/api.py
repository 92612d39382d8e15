"""Leads API: list, read and record unregistered-site leads; settle them through the engine's routes."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from minorworks.core.access import allow
from minorworks.core.roles import Role
from minorworks.core.schemas import DetailOut, ErrorsOut
from minorworks.core.workflow_api import add_transition_routes
from minorworks.orgs.models import Region

from .domain import LEAD_WORKFLOW, create_lead, get_lead_for, visible_leads
from .models import Lead

router = Router(tags=["leads"])
VIEWERS = (Role.DISTRICT_ADMIN, Role.STREET_OFFICER, Role.GRID_WORKER)


class LeadOut(Schema):
    id: int
    state: str
    state_label: str
    street: str
    street_name: str
    community: str | None
    community_name: str | None
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    note: str
    found_at: dt.datetime
    resolution_note: str
    resolved_project_number: str | None
    resolved_at: dt.datetime | None
    actions: list[str]


class LeadPage(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    results: list[LeadOut]


class LeadIn(Schema):
    """``street`` and ``address`` are required (checked after the role, so outsiders get 403 first)."""

    street: str | None = Field(None, description="Street region code (your own street); required")
    community: str | None = Field(None, description="Community region code (required for grid workers)")
    address: str | None = Field(None, max_length=200, description="Required")
    latitude: Decimal | None = Field(None, ge=-90, le=90)
    longitude: Decimal | None = Field(None, ge=-180, le=180)
    note: str = Field("", max_length=2000)


def lead_out(lead: Lead, user: Any) -> dict[str, Any]:
    """One lead as the API returns it (``actions``: what ``user`` may do now)."""
    return {
        "id": lead.pk,
        "state": lead.state,
        "state_label": str(Lead.State(lead.state).label),
        "street": lead.street.code,
        "street_name": lead.street.name,
        "community": lead.community.code if lead.community_id else None,
        "community_name": lead.community.name if lead.community_id else None,
        "address": lead.address,
        "latitude": lead.latitude,
        "longitude": lead.longitude,
        "note": lead.note,
        "found_at": lead.found_at,
        "resolution_note": lead.resolution_note,
        "resolved_project_number": lead.resolved_project.number if lead.resolved_project_id else None,
        "resolved_at": lead.resolved_at,
        "actions": LEAD_WORKFLOW.open_actions(lead, user),
    }


def _lead(user: Any, pk: int) -> Lead:
    lead = get_lead_for(user, pk)
    return Lead.objects.select_related("street", "community", "resolved_project").get(pk=lead.pk)


@router.get("/leads", response={200: LeadPage}, url_name="lead_list")
@allow(*VIEWERS, api=True)
def list_leads(request, state: str | None = None, page: int = 1, page_size: int = 25):
    """Leads in the caller's scope, newest first; ``state`` narrows to open, registered, stopped, out_of_scope."""
    leads = visible_leads(request.auth).select_related("street", "community", "resolved_project")
    if state in Lead.State.values:
        leads = leads.filter(state=state)
    page_size = max(1, min(page_size, 100))
    paginator = Paginator(leads, page_size)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "results": [lead_out(lead, request.auth) for lead in current],
    }


@router.get("/leads/{lead_id}", response={200: LeadOut, 404: DetailOut})
@allow(*VIEWERS, api=True)
def read_lead(request, lead_id: int):
    """One lead and what the caller may do with it."""
    return lead_out(_lead(request.auth, lead_id), request.auth)


@router.post("/leads", response={201: LeadOut, 400: ErrorsOut, 403: DetailOut})
@allow(Role.STREET_OFFICER, Role.GRID_WORKER, api=True)
def record_lead(request, payload: LeadIn):
    """Record a site found without registration (street officers and grid workers, in their own area)."""
    codes = [payload.street or "", payload.community or ""]
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    street, community = regions.get(codes[0]), regions.get(codes[1])
    errors = []
    if street is None or street.level != Region.Level.STREET:
        errors.append({"field": "street", "message": _("Unknown street code.")})
    if payload.community and (community is None or community.level != Region.Level.COMMUNITY):
        errors.append({"field": "community", "message": _("Unknown community code.")})
    if not (payload.address or "").strip():
        errors.append({"field": "address", "message": _("Enter the address.")})
    if errors:
        return Status(400, {"detail": errors})
    data = payload.dict() | {"street": street, "community": community}
    try:
        lead = create_lead(actor=request.auth, data=data)
    except ValidationError as exc:
        return Status(
            400,
            {"detail": [{"field": f, "message": str(m)} for f, ms in exc.message_dict.items() for m in ms]},
        )
    return Status(201, lead_out(_lead(request.auth, lead.pk), request.auth))


add_transition_routes(
    router,
    LEAD_WORKFLOW,
    path="/leads/{lead_id}",
    id_param="lead_id",
    get_for=_lead,
    state_of=lead_out,
    responses={200: LeadOut, 400: ErrorsOut, 403: DetailOut, 404: DetailOut, 409: DetailOut},
    summaries={
        "resolve_registered": "Settle the lead: it is the registered project `project_number` of its street.",
        "resolve_stopped": "Settle the lead: the works were stopped; `note` says what was done.",
        "resolve_out_of_scope": "Settle the lead: the works are out of scope; `note` says why.",
    },
)
