"""Reports API for staff: list and read reports in your area, enter one received by phone or letter, and the
workflow's actions (the same domain functions as the pages). The reporter's identity is never in the API."""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from minorworks.core.access import allow
from minorworks.core.jurisdiction import get_scoped, scoped
from minorworks.core.roles import Role
from minorworks.core.schemas import DetailOut, ErrorsOut
from minorworks.core.workflow_api import add_transition_routes
from minorworks.orgs.models import Region

from .forms import IntakeForm
from .intake import receive_report
from .models import DESCRIPTION_MAX, Report
from .models import Status as ReportStatus
from .workflow import REPORT_WORKFLOW

router = Router(tags=["reports"])
STAFF = (Role.DISTRICT_ADMIN, Role.STREET_OFFICER)
RELATED = ("district", "street", "project", "merged_into")


class ReportOut(Schema):
    id: int
    number: str
    status: str
    category: str
    channel: str
    external_number: str
    street: str | None = Field(description="street region code; null while at the district desk")
    project: str | None = Field(description="registration number of the linked project")
    lead_id: int | None
    inspection_id: int | None
    merged_into: str | None
    address: str
    latitude: float | None
    longitude: float | None
    description: str
    anonymous: bool
    received_at: dt.datetime
    respond_by: dt.datetime
    resolve_by: dt.datetime
    responded_at: dt.datetime | None
    closed_at: dt.datetime | None
    reply: str
    rating: str
    response_overdue: bool
    resolution_overdue: bool
    actions: list[str]


class ReportPage(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    results: list[ReportOut]


class ReportFilters(Schema):
    status: Literal["desk", "assigned", "accepted", "closed", "review", "merged", "open"] | None = None
    street: str | None = Field(None, max_length=32, description="street region code")
    page: int = Field(1, ge=1)
    page_size: int = Field(25, ge=1, le=100)


class IntakeIn(Schema):
    """A report received by a hotline, a letter, a visit or an inspection; ``street`` is a region code."""

    channel: Literal["12345", "12350", "letter", "visit", "inspection"] | None = None
    external_number: str = Field("", max_length=64)
    category: Literal["unregistered", "hazard", "dust", "noise", "other"] | None = None
    street: str | None = Field(None, max_length=32)
    address: str = Field("", max_length=200)
    description: str | None = Field(None, max_length=DESCRIPTION_MAX)
    reporter_name: str = Field("", max_length=64)
    reporter_phone: str = Field("", max_length=20)


def report_out(report: Report, user: Any) -> dict[str, Any]:
    """A report as the API returns it (no reporter identity)."""
    now = timezone.now()
    return {
        "id": report.pk,
        "number": report.number,
        "status": report.status,
        "category": report.category,
        "channel": report.channel,
        "external_number": report.external_number,
        "street": report.street.code if report.street_id else None,
        "project": report.project.number if report.project_id else None,
        "lead_id": report.lead_id,
        "inspection_id": report.inspection_id,
        "merged_into": report.merged_into.number if report.merged_into_id else None,
        "address": report.address,
        "latitude": float(report.latitude) if report.latitude is not None else None,
        "longitude": float(report.longitude) if report.longitude is not None else None,
        "description": report.description,
        "anonymous": report.anonymous,
        "received_at": report.received_at,
        "respond_by": report.respond_by,
        "resolve_by": report.resolve_by,
        "responded_at": report.responded_at,
        "closed_at": report.closed_at,
        "reply": report.reply,
        "rating": report.rating,
        "response_overdue": report.response_overdue(now),
        "resolution_overdue": report.resolution_overdue(now),
        "actions": REPORT_WORKFLOW.open_actions(report, user),
    }


def _report(user: Any, pk: int) -> Report:
    return get_scoped(Report.objects.select_related(*RELATED), user, pk)


@router.get("/reports", response={200: ReportPage, 400: ErrorsOut, 403: DetailOut})
@allow(*STAFF, api=True)
def list_reports(request, filters: Query[ReportFilters]):
    """Reports in your area (the district desk also sees those without a street); newest first."""
    rows = scoped(Report, request.auth).select_related(*RELATED)
    if filters.status == "open":
        rows = rows.exclude(status__in=[ReportStatus.CLOSED, ReportStatus.MERGED])
    elif filters.status:
        rows = rows.filter(status=filters.status)
    if filters.street:
        rows = rows.filter(street__code=filters.street)
    paginator = Paginator(rows.order_by("-received_at", "-id"), filters.page_size)
    current = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": current.number,
        "page_size": filters.page_size,
        "num_pages": paginator.num_pages,
        "results": [report_out(r, request.auth) for r in current],
    }


@router.get("/reports/{report_id}", response={200: ReportOut, 403: DetailOut, 404: DetailOut})
@allow(*STAFF, api=True)
def read_report(request, report_id: int):
    """One report in your area."""
    return report_out(_report(request.auth, report_id), request.auth)


@router.post("/reports", response={201: ReportOut, 400: ErrorsOut, 403: DetailOut})
@allow(*STAFF, api=True)
def enter_report(request, payload: IntakeIn):
    """Enter a report received by phone, letter, visit or inspection (the same intake as the page)."""
    user = request.auth
    data = {k: v for k, v in payload.dict().items() if v is not None}
    street_code = data.pop("street", "")
    street = None
    if street_code:
        street = Region.objects.filter(code=street_code, level=Region.Level.STREET).first()
        if street is None:
            raise ValidationError({"street": _("No street with this code.")})
    form = IntakeForm(
        {**data, "street": street.pk if street else "", "form_uid": "00000000-0000-0000-0000-000000000000"}
    )
    if not form.is_valid():
        errors = {k: v for k, v in form.errors.as_data().items() if k != "form_uid"}
        if errors:
            raise ValidationError(errors)
    cleaned = dict(form.cleaned_data)
    cleaned["street"] = user.street if user.role == Role.STREET_OFFICER else street
    cleaned["district"] = user.district
    received = receive_report(actor=user, data=cleaned, channel=cleaned["channel"])
    return Status(201, report_out(_report(user, received.report.pk), user))


add_transition_routes(
    router,
    REPORT_WORKFLOW,
    path="/reports/{report_id}",
    id_param="report_id",
    get_for=_report,
    state_of=report_out,
    responses={200: ReportOut, 400: ErrorsOut, 403: DetailOut, 404: DetailOut, 409: DetailOut},
    summaries={
        "dispatch": "Send a report at the desk to a street (`street`: region code).",
        "accept": "Accept a report sent to your street (this is the response).",
        "send_back": "Send a report back to the district desk, with `reason`.",
        "link_project": "Link the report to a registered project (`project_number`).",
        "join_lead": "Record a new unregistered-site lead, or join the open lead `lead_id`.",
        "link_inspection": "Link an inspection of the linked project (`inspection_number`).",
        "close": "Close with a `reply` to the reporter.",
        "confirm_close": "After a 'not satisfied' rating: confirm with a new `reply`.",
        "merge": "Merge as a duplicate of the report `into_number`.",
    },
)
