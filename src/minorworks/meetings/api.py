"""Joint meetings API: the action items (list, one, and the owner's and convenor's steps from the table)."""

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import Router, Schema

from minorworks.core.access import allow_authenticated
from minorworks.core.jurisdiction import get_scoped, scoped
from minorworks.core.schemas import DetailOut
from minorworks.core.workflow_api import add_transition_routes

from .models import ActionItem, ItemStatus
from .workflow import ITEM_WORKFLOW

router = Router(tags=["joint meetings"])


class ActionItemOut(Schema):
    id: int
    meeting_id: int
    meeting: str
    minutes_number: str
    task: str
    owner: str
    due: dt.date
    status: str
    overdue: bool
    progress: str
    evidence: str
    completed_at: dt.datetime | None
    verified_at: dt.datetime | None
    actions: list[str]


def item_out(item: ActionItem, user: Any) -> dict[str, Any]:
    """An action item as the API returns it."""
    return {
        "id": item.pk,
        "meeting_id": item.meeting_id,
        "meeting": item.meeting.title,
        "minutes_number": item.meeting.minutes_number,
        "task": item.task,
        "owner": item.owner.name,
        "due": item.due,
        "status": item.status,
        "overdue": item.is_overdue(),
        "progress": item.progress,
        "evidence": item.evidence,
        "completed_at": item.completed_at,
        "verified_at": item.verified_at,
        "actions": ITEM_WORKFLOW.open_actions(item, user),
    }


def _item(user: Any, pk: int) -> ActionItem:
    return get_scoped(ActionItem.objects.select_related("meeting", "owner"), user, pk)


@router.get("/meetings/action-items", response={200: list[ActionItemOut], 401: DetailOut})
@allow_authenticated(api=True)
def list_items(request, overdue: bool = False, status: str | None = None):
    """Action items of the joint meetings in your reach (at most 200, by due date); ``overdue=true``: open
    items past their due date; ``status``: open, done, verified."""
    rows = scoped(ActionItem, request.auth).select_related("meeting", "owner").distinct()
    if overdue:
        rows = rows.filter(status=ItemStatus.OPEN, due__lt=timezone.localdate())
    if status in ItemStatus.values:
        rows = rows.filter(status=status)
    return [item_out(i, request.auth) for i in rows.order_by("due", "pk")[:200]]


@router.get("/meetings/action-items/{item_id}", response={200: ActionItemOut, 401: DetailOut, 404: DetailOut})
@allow_authenticated(api=True)
def read_item(request, item_id: int):
    """One action item."""
    return item_out(_item(request.auth, item_id), request.auth)


add_transition_routes(
    router,
    ITEM_WORKFLOW,
    path="/meetings/action-items/{item_id}",
    id_param="item_id",
    get_for=_item,
    state_of=item_out,
    responses={200: ActionItemOut, 401: DetailOut},
    summaries={
        "report_progress": "The owner unit reports progress (`progress`).",
        "complete": "The owner unit marks the item completed, with `evidence`.",
        "verify": "The convenor (the district) verifies a completed item.",
        "send_back": "The convenor sends a completed item back, with `reason`.",
    },
)
