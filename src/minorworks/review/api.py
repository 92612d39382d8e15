"""Workflow API: one POST endpoint per transition, calling the same domain function as the UI.

404 outside the user's scope, 403 for a role or party that may not act, 409 when the project's state does not
allow the action (or it was already done), 400 for missing input such as a reason.
"""

import datetime as dt
from typing import Any

from ninja import Router, Schema

from minorworks.core.access import allow_authenticated
from minorworks.core.schemas import DetailOut, ErrorsOut
from minorworks.core.workflow_api import add_transition_routes
from minorworks.projects.models import Project, Status
from minorworks.projects.scoping import get_project_for

from .panels import states_for
from .workflow import PROJECT_WORKFLOW, available_actions

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
    status: Status
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


RESPONSES: dict[int, Any] = {
    200: ProjectStateOut,
    400: ErrorsOut,
    403: DetailOut,
    404: DetailOut,
    409: DetailOut,
}


def state_of(project: Project, user: Any) -> dict[str, Any]:
    """The project's workflow state as the API returns it (actions: what ``user`` may do now)."""
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
        "actions": [item.transition.action for item in available_actions(project, user) if not item.blocked],
        "notice": None,  # filled by the notices capability (below)
        **states_for(project, user),
    }


@router.get("/projects/{project_id}/workflow", response={200: ProjectStateOut, 404: DetailOut})
@allow_authenticated(api=True)
def workflow_state(request, project_id: int):
    """The project's status, notice state and the actions the caller may take now."""
    return state_of(get_project_for(request.auth, project_id), request.auth)


# One POST endpoint per transition of the table (the same function as the UI's generated views).
add_transition_routes(
    router,
    PROJECT_WORKFLOW,
    path="/projects/{project_id}",
    id_param="project_id",
    get_for=get_project_for,
    state_of=state_of,
    responses=RESPONSES,
    slugs={"upload_signed_notice": "signed-notice"},
    summaries={
        "submit": "Submit a draft (or a returned registration) for review; 400 lists what is still missing.",
        "accept": "Accept a submitted registration (street officer of the project's street); issues the notice.",
        "return": "Return a submitted registration for correction; `reason` is required and shown to the builder.",
        "refuse": "Refuse a submitted registration; `reason` is required.",
        "acknowledge_notice": "The builder's or contractor's acknowledgement of the safety notice.",
        "upload_signed_notice": "Upload the signed notice scan (PDF, JPEG or PNG, multipart field `file`).",
        "start": "Start work; only once the notice is acknowledged (409 otherwise).",
        "stop": "Stop work; `reason` is required, `ordered_by` defaults to the caller's unit.",
        "resume": "Resume stopped work after re-inspection (street officer or district administrator).",
        "complete": "Mark the works completed (records the actual end date).",
        "archive": "Archive a completed or refused project.",
        "change_dates": "Change the planned dates of an accepted project, with the reason.",
        "adopt_papers": "Record the declared papers on the contractor's company file (street, after checking).",
        "change_personnel": "Change the site manager of an accepted project, with the reason.",
        "assign_officer": "Make `officer` (a user id: an officer of the project's street) its responsible officer.",
    },
)
