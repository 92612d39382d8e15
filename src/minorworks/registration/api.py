"""Registration API: list, create, read and update draft projects; their files; the public scope check.

Input is validated by the same forms as the pages, so messages are the same (in the caller's language) and
come back as ``400 {"detail": [{"field": …, "message": …}]}``. Rows are scoped exactly as in the UI: a project
outside the caller's scope is a 404.
"""

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import ErrorDict
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import BaseModel, ConfigDict

from minorworks.core.access import allow, allow_authenticated
from minorworks.core.counting import ListPaginator
from minorworks.core.downloads import file_download
from minorworks.core.roles import Role
from minorworks.core.schemas import DetailOut, ErrorsOut, FieldError
from minorworks.orgs.models import CertificateKind
from minorworks.projects.filters import ProjectFilter
from minorworks.projects.models import EDITABLE_STATUSES, Attachment, HazardousOperation, Project
from minorworks.projects.models import Status as ProjectStatus
from minorworks.projects.scoping import get_project_for, visible_projects

from . import personal, uploads
from . import registration as reg
from .detail import registration_view
from .forms import RegistrationForm, WorkerForm, WorkerFormSet
from .workers import CHANGEABLE_STATUSES, can_change_workers, set_workers

router = Router(tags=["projects"])
LIST_RELATED = ("project_type", "street", "community", "builder", "contractor")


# --- schemas ----------------------------------------------------------------------------------------------
# The forms enforce the rules (so the API reports every problem at once, in the page's words); the schema
# states the same limits, read from the forms, so the document cannot drift from the behaviour.
FORM = RegistrationForm.base_fields
WORKER_FORM = WorkerForm.base_fields
ORDERINGS = [f"{sign}{key}" for key in ProjectFilter.base_filters["ordering"].param_map for sign in ("", "-")]


def _stated(default: Any = None, **schema: Any) -> Any:
    """A field whose constraints are stated in the OpenAPI document and enforced by the form."""
    description = schema.pop("description", None)
    return Field(default, description=description, json_schema_extra=schema or None)


def _text(name: str, form=FORM, default: Any = None) -> Any:
    """A text field with the page form's maximum length (when the form sets one)."""
    limit = getattr(form[name], "max_length", None)
    return _stated(default, **({"maxLength": limit} if limit else {}))


def _number(name: str, **schema: Any) -> Any:
    """A figure with the form's range and digits."""
    field = cast(forms.DecimalField, FORM[name])
    places, digits = int(field.decimal_places or 0), int(field.max_digits or 0)
    limit = float(Decimal(10) ** (digits - places) - Decimal(1).scaleb(-places))
    bounds = {"minimum": float(field.min_value) if field.min_value is not None else -limit}
    bounds["maximum"] = float(field.max_value) if field.max_value is not None else limit
    return _stated(None, multipleOf=10**-places, **bounds, **schema)


# A plain pydantic model, not ninja's Schema: the endpoints hand over dicts, and Schema wraps each of the 25–100
# rows in an attribute getter (~440 Python attribute reads a page, a sixth of the list API's CPU time). The
# answers and the OpenAPI document are byte-identical either way.
class ProjectListItem(BaseModel):
    id: int
    number: str
    name: str
    status: ProjectStatus
    project_type: str
    street: str
    street_name: str
    community: str | None
    community_name: str | None
    address: str
    builder_name: str
    contractor_name: str | None
    investment: Decimal | None
    floor_area: Decimal | None
    planned_start: dt.date | None
    planned_end: dt.date | None
    created_at: dt.datetime


class ProjectPage(BaseModel):
    count: int
    page: int
    page_size: int
    num_pages: int
    results: list[ProjectListItem]


class PartyOut(Schema):
    name: str
    credit_code: str
    is_individual: bool


class QualificationOut(Schema):
    kind: str
    number: str
    expires_on: dt.date


class CertificateOut(Schema):
    kind: str
    number: str
    expires_on: dt.date


class WorkerOut(Schema):
    person_id: int
    name: str
    id_number: str  # always masked
    phone: str
    trade: str
    certificates: list[CertificateOut]


class PersonOut(Schema):
    person_id: int
    name: str
    phone: str  # always masked; POST /projects/{id}/reveal shows it


class AttachmentOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int
    uploaded_at: dt.datetime
    url: str


class ProjectOut(ProjectListItem):
    public_id: str
    district: str
    latitude: Decimal | None
    longitude: Decimal | None
    content: str
    hazardous_operations: list[str]
    is_internal: bool
    internal_unit: str
    builder: PartyOut
    contractor: PartyOut | None
    contractor_qualifications: list[QualificationOut]
    designer_name: str | None
    supervisor_name: str | None
    property_company_name: str | None
    site_manager: PersonOut | None
    public_contact_name: str
    public_contact_phone: str  # declared for publication: in full, as on the site board
    workers: list[WorkerOut]
    attachments: list[AttachmentOut]
    actual_start: dt.date | None
    actual_end: dt.date | None
    submitted_at: dt.datetime | None
    review_note: str
    can_edit: bool
    missing_for_submission: list[FieldError]


class WorkerIn(Schema):
    name: str = _text("name", WORKER_FORM, "")
    id_number: str = _text("id_number", WORKER_FORM, "")
    phone: str = _text("phone", WORKER_FORM, "")
    trade: str = _text("trade", WORKER_FORM, "")
    certificate_kind: str = _stated("", enum=["", *CertificateKind.values])
    certificate_number: str = _text("certificate_number", WORKER_FORM, "")
    certificate_expires: dt.date | None = _stated(description="Required with a certificate kind.")

    model_config = ConfigDict(json_schema_extra={"required": ["name"]})


class ProjectIn(Schema):
    """Every field is optional: a draft may be incomplete. Regions and type by code."""

    name: str | None = _text("name")
    project_type: str | None = _stated(description="A project type code.")
    builder_name: str | None = _text("builder_name")
    builder_credit_code: str | None = _text("builder_credit_code")
    builder_is_individual: bool | None = None
    contractor_name: str | None = _text("contractor_name")
    contractor_credit_code: str | None = _text("contractor_credit_code")
    qualification_number: str | None = _text("qualification_number")
    qualification_expires: dt.date | None = _stated(description="Required with qualification_number.")
    safety_licence_number: str | None = _text("safety_licence_number")
    safety_licence_expires: dt.date | None = _stated(description="Required with safety_licence_number.")
    designer_name: str | None = _text("designer_name")
    supervisor_name: str | None = _text("supervisor_name")
    property_company_name: str | None = _text("property_company_name")
    street: str | None = _stated(description="A street's region code.")
    community: str | None = _stated(description="A community code of that street.")
    address: str | None = _text("address")
    latitude: Decimal | None = _number("latitude", description="With longitude, or neither.")
    longitude: Decimal | None = _number("longitude")
    investment: Decimal | None = _number("investment", description="Yuan.")
    floor_area: Decimal | None = _number("floor_area", description="Square metres.")
    planned_start: dt.date | None = None
    planned_end: dt.date | None = _stated(description="On or after planned_start.")
    content: str | None = _text("content")
    hazardous_operations: list[str] | None = _stated(items={"enum": HazardousOperation.values})
    is_internal: bool | None = None
    internal_unit: str | None = _text("internal_unit")
    site_manager_name: str | None = _text("site_manager_name")
    site_manager_phone: str | None = _text("site_manager_phone")
    public_contact_name: str | None = _text("public_contact_name")
    public_contact_phone: str | None = _text("public_contact_phone")
    workers: list[WorkerIn] | None = _stated(maxItems=WorkerFormSet.max_num, description="The whole list.")


class ProjectCreateIn(ProjectIn):
    """A new draft: name, type and street are required (and builder_name when a street officer registers)."""

    model_config = ConfigDict(json_schema_extra={"required": ["name", "project_type", "street"]})


class ProjectFilterIn(Schema):
    """The list filters (as on the list page): regions and type by code."""

    street: str | None = _stated(description="A street's region code.")
    community: str | None = _stated(description="A community's region code.")
    status: list[str] | None = _stated(
        items={"enum": ProjectStatus.values}, description="Repeat for several."
    )
    project_type: str | None = _stated(description="A project type code.")
    start_from: str | None = _stated(format="date", description="Planned start on or after (YYYY-MM-DD).")
    start_to: str | None = _stated(format="date", description="Planned start on or before (YYYY-MM-DD).")
    q: str | None = _stated(description="Part of the number, name, address, builder or contractor.")
    ordering: str | None = _stated(enum=ORDERINGS)


# --- helpers ----------------------------------------------------------------------------------------------
def _errors(errors: ErrorDict | dict, prefix: str = "") -> list[dict[str, Any]]:
    return [
        {"field": None if field == "__all__" else f"{prefix}{field}", "message": str(message)}
        for field, messages in errors.items()
        for message in messages
    ]


# The list answer's columns, read as values (no model objects, no decryption of fields it does not carry).
LIST_VALUES = {
    "id": "pk",
    "number": "number",
    "name": "name",
    "status": "status",
    "project_type": "project_type__code",
    "street": "street__code",
    "street_name": "street__name",
    "community": "community__code",
    "community_name": "community__name",
    "address": "address",
    "builder_name": "builder__name",
    "contractor_name": "contractor__name",
    "investment": "investment",
    "floor_area": "floor_area",
    "planned_start": "planned_start",
    "planned_end": "planned_end",
    "created_at": "created_at",
}


def _list_item(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[path] for key, path in LIST_VALUES.items()}


def _follow(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        obj = None if obj is None else getattr(obj, part)
    return obj


def _object_item(project: Project) -> dict[str, Any]:
    """The list item's fields of one loaded project (the detail answer starts with them)."""
    return {key: _follow(project, path) for key, path in LIST_VALUES.items()}


def _party(e) -> dict[str, Any] | None:
    return {"name": e.name, "credit_code": e.credit_code, "is_individual": e.is_individual} if e else None


def _detail(user, project: Project) -> dict[str, Any]:
    project = Project.objects.select_related(
        *LIST_RELATED, "district", "designer", "supervisor", "property_company", "site_manager"
    ).get(pk=project.pk)
    view = registration_view(user, project)
    manager = view["site_manager"]
    return {
        **_object_item(project),
        "public_id": project.public_id,
        "district": project.district.code,
        "latitude": project.latitude,
        "longitude": project.longitude,
        "content": project.content,
        "hazardous_operations": project.hazardous_operations or [],
        "is_internal": project.is_internal,
        "internal_unit": project.internal_unit,
        "builder": _party(project.builder),
        "contractor": _party(project.contractor),
        "contractor_qualifications": [
            {"kind": q.kind, "number": q.number, "expires_on": q.expires_on} for q in view["papers"]
        ],
        "designer_name": project.designer.name if project.designer_id else None,
        "supervisor_name": project.supervisor.name if project.supervisor_id else None,
        "property_company_name": project.property_company.name if project.property_company_id else None,
        "site_manager": {"person_id": manager.pk, "name": manager.name, "phone": view["site_manager_phone"]}
        if manager
        else None,
        "public_contact_name": project.public_contact_name,
        "public_contact_phone": project.public_contact_phone,
        "workers": [
            {
                **{k: w[k] for k in ("person_id", "name", "id_number", "phone", "trade")},
                "certificates": [
                    {"kind": c.kind, "number": c.number, "expires_on": c.expires_on}
                    for c in w["certificates"]
                ],
            }
            for w in view["workers"]
        ],
        "attachments": [
            {
                "id": a.pk,
                "kind": a.kind,
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "uploaded_at": a.uploaded_at,
                "url": reverse(
                    "api:attachment_file", kwargs={"project_id": project.pk, "attachment_id": a.pk}
                ),
            }
            for a in (item["obj"] for item in view["attachments"])
        ],
        "actual_start": project.actual_start,
        "actual_end": project.actual_end,
        "submitted_at": project.submitted_at,
        "review_note": project.review_note,
        "can_edit": view["can_edit"],
        "missing_for_submission": [{"field": f, "message": m} for f, m in view["missing"]],
    }


def _validated(user, values: dict[str, Any], workers: list[dict[str, Any]] | None, *, editing: bool = False):
    """Run the page's forms over API values: (cleaned data, errors)."""
    form = RegistrationForm(values, user=user, editing=editing)
    errors = [] if form.is_valid() else _errors(form.errors)
    data = dict(form.cleaned_data)
    if workers is not None:
        formset_data: dict[str, Any] = {"workers-TOTAL_FORMS": len(workers), "workers-INITIAL_FORMS": 0}
        for i, row in enumerate(workers):
            formset_data.update({f"workers-{i}-{k}": v for k, v in row.items() if v is not None})
        formset = WorkerFormSet(formset_data, prefix="workers", form_kwargs={"editing": editing})
        if formset.is_valid():
            data["workers"] = formset.rows()
        else:
            for i, row_errors in enumerate(formset.errors):
                # django-stubs types formset.errors as list[ErrorList]; it is each form's ErrorDict.
                errors += _errors(row_errors, f"workers.{i}.")  # type: ignore[arg-type]
            errors += [{"field": "workers", "message": str(m)} for m in formset.non_form_errors()]
    return data, errors


# --- endpoints --------------------------------------------------------------------------------------------
@router.get("/projects", response={200: ProjectPage, 400: ErrorsOut})
@allow_authenticated(api=True)
def list_projects(
    request,
    filters: Query[ProjectFilterIn],
    page: int = Query(1, ge=1),
    page_size: int = Query(25, ge=1, le=100),
):
    """Projects in the caller's scope, filtered as on the list page, paginated."""
    user = request.auth
    filterset = ProjectFilter(request.GET, queryset=visible_projects(user), request=request)
    if not filterset.is_valid():
        return Status(400, {"detail": _errors(filterset.form.errors)})
    paginator = ListPaginator(filterset.qs.values(*LIST_VALUES.values()), page_size, count_of=filterset.qs)
    current = paginator.get_page(page)
    return Status(
        200,
        {
            "count": paginator.count,
            "page": current.number,
            "page_size": page_size,
            "num_pages": paginator.num_pages,
            "results": [_list_item(p) for p in current],
        },
    )


@router.post("/projects", response={201: ProjectOut, 400: ErrorsOut, 403: DetailOut})
@allow(Role.BUILDER, Role.STREET_OFFICER, api=True)
def create_project(request, payload: ProjectCreateIn):
    """Register a draft (incomplete data allowed; name, project_type and street — and builder_name for a
    street officer — are required). A builder's own enterprise is always the builder."""
    user = request.auth
    values = payload.dict(exclude_unset=True)
    workers = values.pop("workers", None)
    data, errors = _validated(user, values, workers)
    if errors:
        return Status(400, {"detail": errors})
    try:
        project = reg.create_draft(actor=user, data=data)
    except ValidationError as exc:
        return Status(400, {"detail": _errors(exc.message_dict)})
    return Status(201, _detail(user, project))


@router.get("/projects/{project_id}", response=ProjectOut)
@allow_authenticated(api=True)
def read_project(request, project_id: int):
    """One project with its parties, site manager, workers (identity numbers masked), files and state."""
    return _detail(request.auth, get_project_for(request.auth, project_id))


@router.patch(
    "/projects/{project_id}", response={200: ProjectOut, 400: ErrorsOut, 403: DetailOut, 409: DetailOut}
)
@allow(Role.BUILDER, Role.STREET_OFFICER, api=True)
def update_project(request, project_id: int, payload: ProjectIn):
    """Change a draft or returned registration: only the fields sent change; ``workers``, when sent, is the
    whole list."""
    user = request.auth
    project = get_project_for(user, project_id)
    if not reg.can_edit(user, project):
        if project.status not in reg.EDITABLE_STATUSES:
            return Status(409, {"detail": _("This registration cannot be changed in its present state.")})
        raise PermissionDenied
    values = {**reg.registration_values(project), **payload.dict(exclude_unset=True)}
    workers = values.pop("workers", None)
    data, errors = _validated(user, values, workers, editing=True)
    if errors:
        return Status(400, {"detail": errors})
    try:
        reg.update_draft(project, actor=user, data=data)
    except ValidationError as exc:
        return Status(400, {"detail": _errors(exc.message_dict)})
    return Status(200, _detail(user, project))


@router.post("/projects/{project_id}/attachments", response={201: AttachmentOut, 400: ErrorsOut})
@allow(Role.BUILDER, Role.STREET_OFFICER, api=True)
def upload_attachment(
    request, project_id: int, kind: Form[str | None] = None, file: File[UploadedFile | None] = None
):
    """Upload a file (multipart: ``kind``, ``file``); PDF, JPEG, PNG, DOCX or XLSX judged by content."""
    user = request.auth
    project = get_project_for(user, project_id)  # scope before anything else
    if not reg.can_attach(user, project):
        raise PermissionDenied
    try:
        a = uploads.add_attachment(project, actor=user, kind=kind or "", upload=file)
    except ValidationError as exc:
        return Status(400, {"detail": _errors(exc.message_dict)})
    return Status(
        201,
        {
            "id": a.pk,
            "kind": a.kind,
            "name": a.original_name,
            "content_type": a.content_type,
            "size": a.size,
            "uploaded_at": a.uploaded_at,
            "url": reverse("api:attachment_file", kwargs={"project_id": project.pk, "attachment_id": a.pk}),
        },
    )


def _attachment(user, project_id: int, attachment_id: int) -> Attachment:
    project = get_project_for(user, project_id)
    attachment = (
        Attachment.objects.select_related("project").filter(project=project, pk=attachment_id).first()
    )
    if attachment is None:
        raise Http404
    return attachment


@router.get("/projects/{project_id}/attachments/{attachment_id}", url_name="attachment_file")
@allow_authenticated(api=True)
def download_attachment(request, project_id: int, attachment_id: int):
    """The file itself, as a download."""
    attachment = _attachment(request.auth, project_id, attachment_id)
    return file_download(attachment.file, attachment.original_name, attachment.content_type)


@router.delete("/projects/{project_id}/attachments/{attachment_id}", response={204: None, 400: ErrorsOut})
@allow(Role.BUILDER, Role.STREET_OFFICER, api=True)
def delete_attachment(request, project_id: int, attachment_id: int):
    """Remove a file from a draft (or one the street filed itself)."""
    attachment = _attachment(request.auth, project_id, attachment_id)
    try:
        uploads.remove_attachment(attachment, actor=request.auth)
    except ValidationError as exc:
        return Status(400, {"detail": [{"field": None, "message": m} for m in exc.messages]})
    return Status(204, None)


class RevealIn(Schema):
    person_id: int | None = Field(
        None, description="A person of the project (site manager or worker); required"
    )
    field: str | None = Field(None, description="phone or id_number; required")


class RevealOut(Schema):
    person_id: int
    field: str
    value: str


@router.post(
    "/projects/{project_id}/reveal",
    response={200: RevealOut, 400: ErrorsOut, 403: DetailOut, 404: DetailOut},
)
@allow_authenticated(api=True)
def reveal(request, project_id: int, payload: RevealIn):
    """Show one full number of one person of the project (its street, district, builder or contractor);
    each call writes an audit row. Everywhere else numbers are masked."""
    project = get_project_for(request.auth, project_id)
    if payload.person_id is None or payload.field is None:
        return Status(
            400, {"detail": [{"field": "person_id", "message": _("Name the person and the field.")}]}
        )
    try:
        value = personal.reveal_number(
            project, actor=request.auth, person_id=payload.person_id, field=payload.field
        )
    except ValidationError as exc:
        return Status(400, {"detail": _errors(exc.message_dict)})
    response = JsonResponse({"person_id": payload.person_id, "field": payload.field, "value": value})
    response["Cache-Control"] = "no-store"
    return response


class WorkersIn(Schema):
    workers: list[WorkerIn] | None = Field(
        None, description="The whole list (replaces the current one); required"
    )
    reason: str | None = Field(None, max_length=2000, description="Required once the project is accepted")


@router.put(
    "/projects/{project_id}/workers",
    response={200: ProjectOut, 400: ErrorsOut, 403: DetailOut, 404: DetailOut, 409: DetailOut},
)
@allow(Role.BUILDER, Role.STREET_OFFICER, api=True)
def replace_workers(request, project_id: int, payload: WorkersIn):
    """Replace the workers (and their certificates) of a draft or of an accepted, unfinished project —
    the builder, the contractor or the street; masked numbers sent back unchanged keep the stored ones."""
    user = request.auth
    project = get_project_for(user, project_id)
    if not can_change_workers(user, project):
        if project.status not in CHANGEABLE_STATUSES:
            return Status(
                409, {"detail": _("The workers of this project cannot be changed in its present state.")}
            )
        raise PermissionDenied
    reason = (payload.reason or "").strip()
    if payload.workers is None:
        return Status(400, {"detail": [{"field": "workers", "message": _("Send the list of workers.")}]})
    if project.status not in EDITABLE_STATUSES and not reason:
        return Status(400, {"detail": [{"field": "reason", "message": _("Give the reason.")}]})
    _data, errors = _validated(
        user, reg.registration_values(project), [w.dict() for w in payload.workers], editing=True
    )
    rows_errors = [e for e in errors if (e["field"] or "").startswith("workers")]
    if rows_errors:
        return Status(400, {"detail": rows_errors})
    try:
        set_workers(project, actor=user, rows=_data["workers"], note=reason)
    except ValidationError as exc:
        return Status(400, {"detail": _errors(exc.message_dict)})
    return Status(200, _detail(user, project))
