"""Inspections and hazards API: the same domain functions as the pages, scoped the same way.

``POST /api/v1/inspections`` records an inspection (each failed item becomes a hazard);
``/api/v1/hazards/{id}/rectify|verify|reopen`` are the rectification loop's transitions (generated from the
table); lists are paginated like ``/api/v1/projects``.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from minorworks.core.access import allow, allow_authenticated
from minorworks.core.jurisdiction import get_scoped
from minorworks.core.schemas import DetailOut, ErrorsOut
from minorworks.core.workflow_api import add_transition_routes
from minorworks.projects.models import Project

from . import documents
from .hazards import HAZARD_WORKFLOW
from .models import ChecklistTemplate, Hazard, HazardStatus, Kind, Level
from .queries import hazard_list, inspection_detail, inspection_list
from .services import INSPECTORS, ResultIn, record_inspection

router = Router(tags=["inspections"])


class ItemOut(Schema):
    code: str
    section: str
    text: str
    basis: str
    default_level: str
    applies_to: list[str]


class VersionOut(Schema):
    id: int
    number: int
    criteria: str | None
    created_at: dt.datetime
    items: list[ItemOut]


class ChecklistOut(Schema):
    code: str
    name: str
    current_version: int | None
    versions: list[VersionOut]


class ResultInSchema(Schema):
    item_code: str
    answer: Literal["pass", "fail", "na"]
    note: str = Field("", max_length=2000)
    level: Literal["general", "major", ""] = ""
    level_reason: str = Field("", max_length=2000)
    deadline: dt.date | None = None
    fix_on_spot: bool = False
    location: str = Field("", max_length=200)


class InspectionIn(Schema):
    """``project_id``, ``kind`` and ``results`` are required (checked after the role: outsiders get 403)."""

    project_id: int | None = None
    kind: Literal["patrol", "campaign", "joint", "spot_check", "reinspection", "street_request"] | None = None
    inspected_at: dt.datetime | None = None
    lat: Decimal | None = Field(None, ge=-90, le=90)
    lng: Decimal | None = Field(None, ge=-180, le=180)
    departments: list[str] = Field(default_factory=list, description="Department codes (joint inspections)")
    results: list[ResultInSchema] = Field(default_factory=list)
    conclusion: str = Field("", max_length=2000)
    site_representative: str = Field("", max_length=64)
    representative_refused: bool = False
    client_uid: uuid.UUID | None = Field(
        None, description="Send the same id again and nothing is recorded twice"
    )


class HazardBrief(Schema):
    id: int
    number: str
    level: str
    status: str
    deadline: dt.date | None


class InspectionCreated(Schema):
    id: int
    number: str
    hazards: list[HazardBrief]
    proposed_stop_order: bool


class InspectionItem(Schema):
    id: int
    number: str
    project_id: int
    project_number: str
    project_name: str
    street: str
    street_name: str
    kind: str
    inspected_at: dt.datetime
    passed: bool
    hazard_count: int


class InspectionPage(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    results: list[InspectionItem]


class AnswerOut(Schema):
    item_code: str
    section: str
    text: str
    answer: str
    note: str


class InspectionOut(InspectionItem):
    checklist_version: int
    latitude: Decimal | None
    longitude: Decimal | None
    inspectors: list[str]
    departments: list[str]
    conclusion: str
    site_representative: str
    representative_refused: bool
    results: list[AnswerOut]
    hazards: list[HazardBrief]


class HazardOut(Schema):
    id: int
    number: str
    project_id: int
    project_number: str
    inspection_id: int | None
    item_code: str | None
    level: str
    status: str
    description: str
    location: str
    clause: str
    responsible_unit: str
    fix_on_spot: bool
    deadline: dt.date | None
    overdue: bool
    found_at: dt.datetime
    rectification_note: str
    rectified_at: dt.datetime | None
    return_reason: str
    closed_at: dt.datetime | None
    actions: list[str]


class HazardPage(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    results: list[HazardOut]


def _errors(exc: ValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [{"field": f, "message": str(m)} for f, ms in exc.message_dict.items() for m in ms]
    return [{"field": None, "message": str(m)} for m in exc.messages]


def _page(queryset, page: int, page_size: int, render) -> dict[str, Any]:
    page_size = max(1, min(page_size, 100))
    paginator = Paginator(queryset, page_size)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "results": [render(row) for row in current],
    }


@router.get("/checklists", response=list[ChecklistOut])
@allow_authenticated(api=True)
def checklists(request):
    """Checklist templates with every version and its items (``code`` identifies an item in a version)."""
    result = []
    for template in ChecklistTemplate.objects.prefetch_related("versions__items", "versions__criteria"):
        versions = sorted(template.versions.all(), key=lambda v: v.number, reverse=True)
        result.append(
            {
                "code": template.code,
                "name": template.name,
                "current_version": versions[0].number if versions else None,
                "versions": [
                    {
                        "id": v.pk,
                        "number": v.number,
                        "criteria": v.criteria.code if v.criteria else None,
                        "created_at": v.created_at,
                        "items": [
                            {
                                k: getattr(i, k)
                                for k in ("code", "section", "text", "basis", "default_level", "applies_to")
                            }
                            for i in sorted(v.items.all(), key=lambda i: i.sort)
                        ],
                    }
                    for v in versions
                ],
            }
        )
    return result


def _brief(hazard: Hazard) -> dict[str, Any]:
    return {
        "id": hazard.pk,
        "number": hazard.number,
        "level": hazard.level,
        "status": hazard.status,
        "deadline": hazard.deadline,
    }


@router.post(
    "/inspections",
    response={201: InspectionCreated, 200: InspectionCreated, 400: ErrorsOut, 403: DetailOut, 404: DetailOut},
)
@allow(*INSPECTORS, api=True)
def create_inspection(request, payload: InspectionIn):
    """Record an inspection of a project in your jurisdiction; 201 with its hazards and whether a stop-work
    order was proposed (200 with the same answer when ``client_uid`` was already recorded)."""
    user = request.auth
    if payload.project_id is None:
        return Status(400, {"detail": [{"field": "project_id", "message": _("Name the project.")}]})
    project = get_scoped(
        Project.objects.select_related("district", "contractor", "builder"), user, payload.project_id
    )
    if payload.kind is None:
        return Status(400, {"detail": [{"field": "kind", "message": _("Choose the kind of inspection.")}]})
    try:
        recorded = record_inspection(
            actor=user,
            project=project,
            kind=payload.kind,
            inspected_at=payload.inspected_at,
            results=[ResultIn(**r.dict()) for r in payload.results],
            latitude=payload.lat,
            longitude=payload.lng,
            departments=payload.departments,
            conclusion=payload.conclusion,
            site_representative=payload.site_representative,
            representative_refused=payload.representative_refused,
            client_uid=payload.client_uid,
        )
    except ValidationError as exc:
        return Status(400, {"detail": _errors(exc)})
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc) or _("You may not do this.")})
    body = {
        "id": recorded.inspection.pk,
        "number": recorded.inspection.number,
        "hazards": [_brief(h) for h in recorded.hazards],
        "proposed_stop_order": recorded.proposed_stop_order,
    }
    return Status(201 if recorded.created else 200, body)


@router.get("/inspections", response={200: InspectionPage, 400: ErrorsOut})
@allow_authenticated(api=True)
def list_inspections(
    request,
    project: int | None = None,
    street: str | None = None,
    kind: str | None = None,
    inspected_from: dt.date | None = None,
    inspected_to: dt.date | None = None,
    page: int = 1,
    page_size: int = 25,
):
    """Inspections in your jurisdiction, newest first; filters: project (id), street (region code), kind,
    inspected_from / inspected_to (dates, inclusive)."""
    if kind and kind not in Kind.values:
        return Status(400, {"detail": [{"field": "kind", "message": _("Unknown kind.")}]})
    rows = inspection_list(
        request.auth, project=project, street=street, kind=kind, since=inspected_from, until=inspected_to
    )
    return Status(200, _page(rows, page, page_size, lambda row: row))


@router.get("/inspections/{inspection_id}", response={200: InspectionOut, 404: DetailOut})
@allow_authenticated(api=True)
def read_inspection(request, inspection_id: int):
    """One inspection with its answers and the hazards it found."""
    return inspection_detail(request.auth, inspection_id)


def hazard_out(hazard: Hazard, user: Any) -> dict[str, Any]:
    """A hazard as the API returns it (``actions``: what ``user`` may do now)."""
    return {
        "id": hazard.pk,
        "number": hazard.number,
        "project_id": hazard.project_id,
        "project_number": hazard.project.number,
        "inspection_id": hazard.inspection_id,
        "item_code": hazard.item.code if hazard.item_id else None,
        "level": hazard.level,
        "status": hazard.status,
        "description": hazard.description,
        "location": hazard.location,
        "clause": hazard.clause,
        "responsible_unit": hazard.responsible_unit,
        "fix_on_spot": hazard.fix_on_spot,
        "deadline": hazard.deadline,
        "overdue": hazard.is_overdue(),
        "found_at": hazard.found_at,
        "rectification_note": hazard.rectification_note,
        "rectified_at": hazard.rectified_at,
        "return_reason": hazard.return_reason,
        "closed_at": hazard.closed_at,
        "actions": HAZARD_WORKFLOW.open_actions(hazard, user),
    }


def _hazard(user: Any, pk: int) -> Hazard:
    return get_scoped(Hazard.objects.select_related("project", "item"), user, pk)


@router.get("/hazards", response={200: HazardPage, 400: ErrorsOut})
@allow_authenticated(api=True)
def list_hazards(
    request,
    project: int | None = None,
    status: str | None = None,
    level: str | None = None,
    overdue: bool | None = None,
    street: str | None = None,
    page: int = 1,
    page_size: int = 25,
):
    """Hazards in your jurisdiction; filters: project (id), status (open, submitted, closed), level (general,
    major), overdue (true/false), street (region code)."""
    if status and status not in HazardStatus.values:
        return Status(400, {"detail": [{"field": "status", "message": _("Unknown status.")}]})
    if level and level not in Level.values:
        return Status(400, {"detail": [{"field": "level", "message": _("Unknown level.")}]})
    rows = hazard_list(
        request.auth, project=project, status=status, level=level, overdue=overdue, street=street
    )
    return Status(
        200,
        _page(rows.select_related("project", "item"), page, page_size, lambda h: hazard_out(h, request.auth)),
    )


@router.get("/hazards/{hazard_id}", response={200: HazardOut, 404: DetailOut})
@allow_authenticated(api=True)
def read_hazard(request, hazard_id: int):
    """One hazard and what you may do with it."""
    return hazard_out(_hazard(request.auth, hazard_id), request.auth)


add_transition_routes(
    router,
    HAZARD_WORKFLOW,
    path="/hazards/{hazard_id}",
    id_param="hazard_id",
    get_for=_hazard,
    state_of=hazard_out,
    responses={200: HazardOut, 400: ErrorsOut, 403: DetailOut, 404: DetailOut, 409: DetailOut},
    summaries={
        "rectify": "The builder's or contractor's proof of rectification (`note`; photos through the page).",
        "verify": "The street's verification: `passed` true closes the hazard (销号), false returns it with `reason`.",
        "reopen": "The district reopens a closed hazard, with `reason`.",
    },
)


def _binary(content_type: str) -> dict:
    return {
        "responses": {
            200: {
                "description": "The file.",
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            },
            404: {"description": "Outside the caller's scope."},
        }
    }


@router.get("/inspections/{inspection_id}/record.pdf", openapi_extra=_binary("application/pdf"))
@allow_authenticated(api=True)
def record_pdf(request, inspection_id: int):
    """The inspection record (检查记录表) as PDF."""
    return documents.record_response(request.auth, inspection_id, "pdf")


@router.get(
    "/inspections/{inspection_id}/record.docx", openapi_extra=_binary(documents.CONTENT_TYPES["docx"])
)
@allow_authenticated(api=True)
def record_docx(request, inspection_id: int):
    """The inspection record (检查记录表) as .docx."""
    return documents.record_response(request.auth, inspection_id, "docx")


@router.get("/inspections/{inspection_id}/rectification-notice.pdf", openapi_extra=_binary("application/pdf"))
@allow_authenticated(api=True)
def rectification_notice_pdf(request, inspection_id: int):
    """The rectification notice (隐患整改通知书) as PDF; 404 when the inspection found no hazard."""
    return documents.notice_response(request.auth, inspection_id, "pdf")


@router.get(
    "/inspections/{inspection_id}/rectification-notice.docx",
    openapi_extra=_binary(documents.CONTENT_TYPES["docx"]),
)
@allow_authenticated(api=True)
def rectification_notice_docx(request, inspection_id: int):
    """The rectification notice (隐患整改通知书) as .docx; 404 when the inspection found no hazard."""
    return documents.notice_response(request.auth, inspection_id, "docx")
