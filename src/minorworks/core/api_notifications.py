"""Notifications API: the caller's inbox (list, unread count, mark read) and channel choice."""

import datetime as dt

from django.core.paginator import Paginator
from ninja import Field, Router, Schema

from . import notifications
from .access import allow_authenticated

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    subject: str
    body: str
    url: str = Field(description="Path of the record on this site (empty when none)")
    object_type: str
    object_id: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationPage(Schema):
    count: int
    unread: int
    page: int
    page_size: int
    num_pages: int
    results: list[NotificationOut]


class ChangedOut(Schema):
    changed: int


class ChannelsSchema(Schema):
    email: bool
    webhook: bool


@router.get("/notifications", response=NotificationPage)
@allow_authenticated(api=True)
def list_notifications(request, unread: bool = False, page: int = 1, page_size: int = 25):
    """The caller's notifications, newest first (``unread=true``: unread only)."""
    user = request.auth
    rows = notifications.inbox(user)
    if unread:
        rows = rows.filter(read_at__isnull=True)
    paginator = Paginator(rows, max(1, min(page_size, 100)))
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "unread": notifications.unread_count(user),
        "page": current.number,
        "page_size": paginator.per_page,
        "num_pages": paginator.num_pages,
        "results": list(current),
    }


@router.post("/notifications/{notification_id}/read", response=ChangedOut)
@allow_authenticated(api=True)
def read_notification(request, notification_id: int):
    """Mark one of the caller's notifications read (404 for anyone else's); ``changed`` 0 when it was."""
    notification = notifications.get_notification_for(request.auth, notification_id)
    return {"changed": int(notifications.mark_read(notification, actor=request.auth))}


@router.post("/notifications/read-all", response=ChangedOut)
@allow_authenticated(api=True)
def read_all_notifications(request):
    """Mark every unread notification of the caller read; how many changed."""
    return {"changed": notifications.mark_all_read(actor=request.auth)}


@router.get("/notifications/channels", response=ChannelsSchema)
@allow_authenticated(api=True)
def get_channels(request):
    """The caller's channels besides the inbox (always on)."""
    current = notifications.channels_of(request.auth)
    return {"email": current.email, "webhook": current.webhook}


@router.put("/notifications/channels", response=ChannelsSchema)
@allow_authenticated(api=True)
def put_channels(request, payload: ChannelsSchema):
    """Choose the caller's channels besides the inbox."""
    saved = notifications.set_channels(actor=request.auth, email=payload.email, webhook=payload.webhook)
    return {"email": saved.email, "webhook": saved.webhook}
