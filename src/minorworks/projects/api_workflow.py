"""Workflow API: one POST endpoint per transition, calling the same domain function as the UI.

404 outside the user's scope, 403 for a role or party that may not act, 409 when the project's state does not
allow the action (or it was already done), 400 for missing input such as a reason.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Body, File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from minorworks.core.access import allow, allow_authenticated

from .models import Project, Status
from .scoping import get_project_for
from .workflow import (
    TRANSITIONS,
    Blocked,
    InvalidInput,
    NotAllowedNow,
    NotPermitted,
    available_actions,
    bind,
    notice_of,
    perform,
)

router = Router(tags=["workflow"])


class NoticeOut(Schema):
    number: str
    issued_at: dt.datetime
    builder_ack_at: dt.datetime | None
    contractor_ack_at: dt.datetime | None
    signed_scan: bool
    acknowledged: bool


class ProjectStateOut(Schema):
    id: int
    number: str
    name: str
    status: str
    status_label: str
    is_overdue: bool
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    review_note: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    actual_start: dt.date | None
    actual_end: dt.date | None
    stop_reason: str
    stop_ordered_by: str
    notice: NoticeOut | None
    actions: list[str]


class FieldError(Schema):
    field: str | None
    message: str


class ErrorsOut(Schema):
    detail: list[FieldError]


class DetailOut(Schema):
    detail: str


class NoteIn(Schema):
    note: str = ""


class ReasonIn(Schema):
    reason: str = ""


class StopIn(Schema):
    reason: str = ""
    ordered_by: str = ""


RESPONSES: dict[int, Any] = {
    200: ProjectStateOut,
    400: ErrorsOut,
    403: DetailOut,
    404: DetailOut,
    409: DetailOut,
}


def state_of(project: Project, user: Any) -> dict[str, Any]:
    """The project's workflow state as the API returns it (actions: what ``user`` may do now)."""
    notice = notice_of(project)
    return {
        "id": project.pk,
        "number": project.number,
        "name": project.name,
        "status": project.status,
        "status_label": str(Status(project.status).label),
        "is_overdue": project.is_overdue(),
        "submitted_at": project.submitted_at,
        "decided_at": project.decided_at,
        "review_note": project.review_note,
        "planned_start": project.planned_start,
        "planned_end": project.planned_end,
        "actual_start": project.actual_start,
        "actual_end": project.actual_end,
        "stop_reason": project.stop_reason,
        "stop_ordered_by": project.stop_ordered_by,
        "notice": None
        if notice is None
        else {
            "number": notice.number,
            "issued_at": notice.issued_at,
            "builder_ack_at": notice.builder_ack_at,
            "contractor_ack_at": notice.contractor_ack_at,
            "signed_scan": notice.signed_scan_id is not None,
            "acknowledged": notice.acknowledged,
        },
        "actions": [item.transition.action for item in available_actions(project, user) if not item.blocked],
    }


def _run(
    request: HttpRequest, action: str, project_id: int, data: dict | None = None, files: dict | None = None
):
    user = request.auth  # type: ignore[attr-defined]  # set by the bearer authentication
    project = get_project_for(user, project_id)  # Http404 → 404 outside scope
    form = bind(action, data or {}, files or {})
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    try:
        project = perform(action, project, actor=user, **form.cleaned_data)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except (InvalidInput, Blocked) as exc:
        if exc.status == 400:
            raise ValidationError(exc.errors or exc.message) from exc
        raise HttpError(exc.status, exc.message) from exc
    except NotAllowedNow as exc:
        raise HttpError(409, exc.message) from exc
    return state_of(project, user)


def _roles(action: str) -> frozenset[str]:
    return TRANSITIONS[action].roles


@router.get("/projects/{project_id}/workflow", response={200: ProjectStateOut, 404: DetailOut})
@allow_authenticated(api=True)
def workflow_state(request, project_id: int):
    """The project's status, notice state and the actions the caller may take now."""
    return state_of(get_project_for(request.auth, project_id), request.auth)


@router.post("/projects/{project_id}/submit", response=RESPONSES)
@allow(_roles("submit"), api=True)
def submit(request, project_id: int):
    """Submit a draft (or a returned registration) for review; 400 lists what is still missing."""
    return _run(request, "submit", project_id)


@router.post("/projects/{project_id}/accept", response=RESPONSES)
@allow(_roles("accept"), api=True)
def accept(request, project_id: int, payload: Body[NoteIn | None] = None):
    """Accept a submitted registration (street officer of the project's street); issues the notice."""
    return _run(request, "accept", project_id, payload.dict() if payload else None)


@router.post("/projects/{project_id}/return", response=RESPONSES)
@allow(_roles("return"), api=True)
def return_for_correction(request, project_id: int, payload: ReasonIn):
    """Return a submitted registration for correction; ``reason`` is required and shown to the builder."""
    return _run(request, "return", project_id, payload.dict())


@router.post("/projects/{project_id}/refuse", response=RESPONSES)
@allow(_roles("refuse"), api=True)
def refuse(request, project_id: int, payload: ReasonIn):
    """Refuse a submitted registration; ``reason`` is required."""
    return _run(request, "refuse", project_id, payload.dict())


@router.post("/projects/{project_id}/acknowledge-notice", response=RESPONSES)
@allow(_roles("acknowledge_notice"), api=True)
def acknowledge_notice(request, project_id: int):
    """The builder's or contractor's acknowledgement of the safety notice (timestamp and user)."""
    return _run(request, "acknowledge_notice", project_id)


@router.post("/projects/{project_id}/signed-notice", response=RESPONSES)
@allow(_roles("upload_signed_notice"), api=True)
def upload_signed_notice(request, project_id: int, file: UploadedFile | None = File(None)):  # noqa: B008
    """Upload the signed notice scan (PDF, JPEG or PNG, multipart field ``file``); counts as acknowledged."""
    # Optional at the schema level so that scope (404) and role (403) are decided before the input (400).
    return _run(request, "upload_signed_notice", project_id, {}, {"file": file} if file else {})


@router.post("/projects/{project_id}/start", response=RESPONSES)
@allow(_roles("start"), api=True)
def start(request, project_id: int):
    """Start work; only once the notice is acknowledged (409 otherwise)."""
    return _run(request, "start", project_id)


@router.post("/projects/{project_id}/stop", response=RESPONSES)
@allow(_roles("stop"), api=True)
def stop(request, project_id: int, payload: StopIn):
    """Stop work; ``reason`` is required, ``ordered_by`` defaults to the caller's unit."""
    return _run(request, "stop", project_id, payload.dict())


@router.post("/projects/{project_id}/resume", response=RESPONSES)
@allow(_roles("resume"), api=True)
def resume(request, project_id: int, payload: Body[NoteIn | None] = None):
    """Resume stopped work after re-inspection (street officer or district administrator)."""
    return _run(request, "resume", project_id, payload.dict() if payload else None)


@router.post("/projects/{project_id}/complete", response=RESPONSES)
@allow(_roles("complete"), api=True)
def complete(request, project_id: int):
    """Mark the works completed (records the actual end date)."""
    return _run(request, "complete", project_id)


@router.post("/projects/{project_id}/archive", response=RESPONSES)
@allow(_roles("archive"), api=True)
def archive(request, project_id: int):
    """Archive a completed or refused project."""
    return _run(request, "archive", project_id)
