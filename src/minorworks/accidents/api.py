"""Accidents API: grade figures, file a quick report, add casualty changes, the investigation's steps."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from ninja import Field, Router, Schema, Status

from minorworks.core.access import allow, allow_authenticated
from minorworks.core.roles import STAFF_ROLES, Role
from minorworks.core.schemas import DetailOut, ErrorsOut
from minorworks.core.workflow_api import add_transition_routes
from minorworks.orgs.models import Region
from minorworks.projects.scoping import get_project_for

from .detail import accidents_for, get_accident_for, mask_name
from .grading import grade
from .models import Accident
from .services import REPORTERS, change_casualties, report_accident
from .workflow import ACCIDENT_WORKFLOW

router = Router(tags=["accidents"])


class GradeOut(Schema):
    grade: str
    reason: str


class DeadlinesOut(Schema):
    report_due: dt.datetime
    onward_due: dt.datetime
    supplement_until: dt.datetime
    investigation_due: dt.datetime
    investigation_due_latest: dt.datetime
    reply_due: dt.datetime | None


class CasualtyIn(Schema):
    name: str = Field(..., max_length=64)
    id_number: str = Field("", max_length=18)
    outcome: Literal["death", "missing", "serious", "minor"]


class CasualtyOut(Schema):
    id: int
    name: str  # masked
    id_number: str  # masked
    outcome: str


class AccidentIn(Schema):
    """``project`` (id) or ``site`` (address of an unregistered site, with ``street`` for district staff)."""

    project: int | None = None
    site: str = Field("", max_length=200)
    street: str | None = Field(None, max_length=12, description="street code, for an unregistered site")
    unit: str = Field("", max_length=128)
    kind: Literal["construction", "fire", "road_traffic", "other"] = "construction"
    occurred_at: dt.datetime
    head_informed_at: dt.datetime
    place: str = Field(..., max_length=200)
    course: str = Field(..., max_length=5000)
    deaths: int = Field(0, ge=0, le=100000)
    missing: int = Field(0, ge=0, le=100000)
    serious_injuries: int = Field(0, ge=0, le=100000)
    minor_injuries: int = Field(0, ge=0, le=100000)
    direct_loss: Decimal = Field(
        Decimal(0), ge=0, le=Decimal("999999999999"), max_digits=14, decimal_places=2
    )
    measures: str = Field("", max_length=2000)
    casualties: list[CasualtyIn] = Field(default_factory=list, max_length=200)


class ChangeIn(Schema):
    deaths: int | None = Field(None, ge=0, le=100000)
    missing: int | None = Field(None, ge=0, le=100000)
    serious_injuries: int | None = Field(None, ge=0, le=100000)
    minor_injuries: int | None = Field(None, ge=0, le=100000)
    direct_loss: Decimal | None = Field(
        None, ge=0, le=Decimal("999999999999"), max_digits=14, decimal_places=2
    )
    note: str = Field("", max_length=2000)


class AccidentOut(Schema):
    id: int
    number: str
    status: str
    kind: str
    grade: str
    grade_reason: str
    project_id: int | None
    site: str
    unit: str
    street: str
    occurred_at: dt.datetime
    head_informed_at: dt.datetime
    reported_at: dt.datetime
    place: str
    deaths: int
    missing: int
    serious_injuries: int
    minor_injuries: int
    direct_loss: Decimal
    deadlines: DeadlinesOut
    casualties: list[CasualtyOut]
    changes: int
    actions: list[str]


class AccidentPage(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    results: list[AccidentOut]


def _local(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value) if value is not None else None


def accident_out(accident: Accident, user: Any, *, full: bool = True) -> dict[str, Any]:
    """An accident as the API returns it (times in Asia/Shanghai with their offset; casualties masked)."""
    from minorworks.core.masking import mask_id_number

    casualties = list(accident.casualties.all()) if full else []
    return {
        "id": accident.pk,
        "number": accident.number,
        "status": accident.status,
        "kind": accident.kind,
        "grade": accident.grade,
        "grade_reason": accident.grade_reason,
        "project_id": accident.project_id,
        "site": accident.site,
        "unit": accident.unit,
        "street": accident.street.code,
        "occurred_at": _local(accident.occurred_at),
        "head_informed_at": _local(accident.head_informed_at),
        "reported_at": _local(accident.reported_at),
        "place": accident.place,
        "deaths": accident.deaths,
        "missing": accident.missing,
        "serious_injuries": accident.serious_injuries,
        "minor_injuries": accident.minor_injuries,
        "direct_loss": accident.direct_loss,
        "deadlines": {k: _local(v) for k, v in accident.deadlines.items()},
        "casualties": [
            {
                "id": c.pk,
                "name": mask_name(c.name),
                "id_number": mask_id_number(c.id_number),
                "outcome": c.outcome,
            }
            for c in casualties
        ],
        "changes": len(accident.changes.all()) if full else 0,
        "actions": ACCIDENT_WORKFLOW.open_actions(accident, user) if full else [],
    }


NOT_A_NUMBER = gettext_lazy("Enter a number.")
NOT_AN_AMOUNT = gettext_lazy("Enter an amount.")
NEGATIVE = gettext_lazy("Enter a number of 0 or more.")
NOT_WHOLE = gettext_lazy("Enter a whole number.")
TOO_LARGE = gettext_lazy("This figure is too large.")


def _number(raw: str | None, *, whole: bool) -> tuple[Decimal | None, Any]:
    """The figure in ``raw`` (0 when blank), or the message saying why it is refused."""
    if raw is None or raw.strip() == "":
        return Decimal(0), None
    try:
        value = Decimal(raw.strip())
    except (InvalidOperation, ValueError):
        return None, NOT_A_NUMBER if whole else NOT_AN_AMOUNT
    if not value.is_finite():
        return None, NOT_A_NUMBER if whole else NOT_AN_AMOUNT
    if value < 0:
        return None, NEGATIVE
    if whole and value != value.to_integral_value():
        return None, NOT_WHOLE
    if value > Decimal("1e15"):
        return None, TOO_LARGE
    return value, None


@router.get("/accidents/grade", response={200: GradeOut, 400: ErrorsOut, 401: DetailOut, 403: DetailOut})
@allow(STAFF_ROLES, api=True)
def grade_figures(
    request,
    deaths: str | None = None,
    serious_injuries: str | None = None,
    direct_loss: str | None = None,
):
    """The grade of an accident with these figures (Decree 493 Art. 3, the table in force today)."""
    values: dict[str, Decimal] = {}
    errors: dict[str, list[str]] = {}
    for name, raw, whole in (
        ("deaths", deaths, True),
        ("serious_injuries", serious_injuries, True),
        ("direct_loss", direct_loss, False),
    ):
        value, error = _number(raw, whole=whole)
        if error:
            errors[name] = [str(error)]
        else:
            values[name] = value  # type: ignore[assignment]
    if errors:
        raise ValidationError(errors)
    graded = grade(int(values["deaths"]), int(values["serious_injuries"]), values["direct_loss"])
    return {"grade": graded.grade, "reason": graded.reason}


@router.post(
    "/accidents",
    response={201: AccidentOut, 400: ErrorsOut, 401: DetailOut, 403: DetailOut, 404: DetailOut},
)
@allow(REPORTERS, api=True)
def create_accident(request, payload: AccidentIn):
    """File a quick report (事故快报): 201 with its number, grade and deadlines (ISO 8601, +08:00)."""
    user = request.auth
    data = payload.dict()
    project = get_project_for(user, data.pop("project")) if data.get("project") else None
    data.pop("project", None)
    street_code = data.pop("street", None)
    street = (
        Region.objects.filter(code=street_code, level=Region.Level.STREET).first() if street_code else None
    )
    if street_code and street is None:
        raise ValidationError({"street": [gettext("Choose the street of the site.")]})
    for key in ("occurred_at", "head_informed_at"):
        if timezone.is_naive(data[key]):
            data[key] = timezone.make_aware(data[key])
    accident = report_accident(actor=user, project=project, street=street, **data)
    return Status(201, accident_out(get_accident_for(user, accident.pk), user))


@router.get("/accidents", response={200: AccidentPage, 401: DetailOut})
@allow_authenticated(api=True)
def list_accidents(request, grade: str | None = None, page: int = 1, page_size: int = 25):
    """Accidents in your jurisdiction, newest first; filter ``grade``."""
    rows = accidents_for(request.auth).prefetch_related("casualties", "changes")
    if grade:
        rows = rows.filter(grade=grade)
    page_size = max(1, min(page_size, 100))
    current = Paginator(rows.order_by("-occurred_at", "-id"), page_size).get_page(page)
    return {
        "count": current.paginator.count,
        "page": current.number,
        "page_size": page_size,
        "num_pages": current.paginator.num_pages,
        "results": [accident_out(a, request.auth) for a in current],
    }


@router.get("/accidents/{accident_id}", response={200: AccidentOut, 401: DetailOut, 404: DetailOut})
@allow_authenticated(api=True)
def read_accident(request, accident_id: int):
    """One accident with its deadlines and (masked) casualties."""
    return accident_out(get_accident_for(request.auth, accident_id), request.auth)


@router.post(
    "/accidents/{accident_id}/casualty-changes",
    response={200: AccidentOut, 400: ErrorsOut, 401: DetailOut, 403: DetailOut, 404: DetailOut},
)
@allow(Role.STREET_OFFICER, Role.DISTRICT_ADMIN, Role.BUILDER, api=True)
def add_casualty_change(request, accident_id: int, payload: ChangeIn):
    """Add changed figures (补报, Art. 13): within 30 days (7 for road traffic and fire) the grade follows."""
    user = request.auth
    accident = get_accident_for(user, accident_id)
    data = payload.dict()
    note = data.pop("note", "")
    change_casualties(accident, actor=user, note=note, **data)
    return accident_out(get_accident_for(user, accident_id), user)


add_transition_routes(
    router,
    ACCIDENT_WORKFLOW,
    path="/accidents/{accident_id}",
    id_param="accident_id",
    get_for=get_accident_for,
    state_of=accident_out,
    responses={200: AccidentOut, 401: DetailOut},
    slugs={"submit_report": "investigation-report"},
    summaries={
        "form_team": "Form the investigation team (lead department: the emergency bureau for a general accident).",
        "record_findings": "Record causes, nature, responsibility, handling proposals and preventive measures.",
        "extend": "Extend the investigation once, by at most 60 days (Art. 29).",
        "submit_report": "The investigation report was received (`received_at`): `deadlines.reply_due` is set.",
        "record_reply": "Record the government's reply.",
        "close": "Close: all four principles (四不放过) must be confirmed.",
    },
)
