"""Notifications: the one function every app calls (:func:`notify`), the inbox, each user's channels and the
districts' webhook endpoints.

A domain function calls :func:`notify` inside its transaction. The inbox rows are written in that
transaction (a rollback takes them away); the e-mail and webhook copies are handed to a background task by
``transaction.on_commit``, so nothing leaves the platform unless the change is committed, and nothing is
sent inside the request (``core.delivery`` does the sending).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone, translation

from .audit import record
from .masking import mask_numbers_in
from .models import Notification, NotificationPreference, WebhookEndpoint

KIND_RE = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$")
SUBJECT_MAX = Notification._meta.get_field("subject").max_length or 200
URL_MAX = Notification._meta.get_field("url").max_length or 300


@dataclass(frozen=True)
class Channels:
    """The channels a user receives copies on, besides the inbox (which is always on)."""

    email: bool = True
    webhook: bool = True


DEFAULT_CHANNELS = Channels()


def _text(value: Any, params: Mapping[str, Any] | None) -> str:
    # Stored once, in the platform's language (Chinese first): lazy msgids are rendered and filled in here,
    # whatever language the acting user reads, and any personal number in them (a typed reason) is masked.
    with translation.override(settings.LANGUAGE_CODE):
        text = str(value or "")
        if params:
            text = text % {key: str(item) for key, item in params.items()}
        return mask_numbers_in(text).strip()


def _district_id(obj: models.Model | None, recipient: Any, district: Any) -> int | None:
    if district is not None:
        return getattr(district, "pk", district)
    return getattr(obj, "district_id", None) or getattr(recipient, "district_id", None)


def notify(
    recipients: Iterable[Any],
    *,
    kind: str,
    subject: Any,
    body: Any = "",
    url: str = "",
    obj: models.Model | None = None,
    actor: Any = None,
    params: Mapping[str, Any] | None = None,
    district: Any = None,
) -> list[Notification]:
    """Record one notification per recipient (not ``actor``, not inactive users) and send copies after commit.

    ``kind`` is a dotted code ("registration.returned"); ``subject`` and ``body`` are msgids
    (``gettext_lazy``) filled in with ``params`` (``%(name)s``) in the platform's language, with any phone or
    identity number masked; ``url`` is a path on this site (the record to open); ``obj`` is the record it is
    about. Webhook copies go to the endpoints of ``district``, else the record's district, else the
    recipient's. Call it inside the domain function's transaction.
    """
    if not KIND_RE.match(kind):
        raise ValueError(f"notification kind {kind!r} is not a dotted lower-case code")
    if url and (not url.startswith("/") or url.startswith("//") or len(url) > URL_MAX):
        raise ValueError(f"notification url {url!r} must be a path on this site")
    actor_pk = getattr(actor, "pk", None)
    seen: set[int] = set()
    people = []
    for user in recipients:
        if user.pk in seen or user.pk == actor_pk or not user.is_active:
            continue
        seen.add(user.pk)
        people.append(user)
    if not people:
        return []
    subject_text, body_text = _text(subject, params)[:SUBJECT_MAX], _text(body, params)
    object_type = obj._meta.label_lower if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    rows = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                subject=subject_text,
                body=body_text,
                url=url,
                object_type=object_type,
                object_id=object_id,
                district_id=_district_id(obj, user, district),
            )
            for user in people
        ]
    )
    ids = [row.pk for row in rows]
    # robust: a queue that cannot take the task must not turn a committed change into an error page; the
    # daily job core.redeliver_stale picks up notifications left undispatched.
    transaction.on_commit(lambda: _enqueue_dispatch(ids), robust=True)
    return rows


def _enqueue_dispatch(ids: list[int]) -> None:
    from .delivery import dispatch_notifications

    dispatch_notifications.enqueue(ids)


# --- the inbox ------------------------------------------------------------------------------------------------


def inbox(user: Any) -> models.QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return Notification.objects.filter(recipient_id=user.pk)


def unread_count(user: Any) -> int:
    """How many of the user's notifications are unread (the navbar badge)."""
    return inbox(user).filter(read_at__isnull=True).count()


def get_notification_for(user: Any, notification_id: int) -> Notification:
    """The user's own notification ``notification_id``; 404 for anyone else's."""
    found = inbox(user).filter(pk=notification_id).first()
    if found is None:
        raise Http404
    return found


# Reading one's own messages changes no record of the district, so it writes no audit row (one per click
# would bury the log); the read time itself is kept on the notification.
def mark_read(notification: Notification, *, actor: Any) -> bool:
    """Mark ``actor``'s notification read; False when it already was (or is not theirs)."""
    changed = Notification.objects.filter(
        pk=notification.pk, recipient_id=actor.pk, read_at__isnull=True
    ).update(read_at=timezone.now())
    return bool(changed)


def mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of ``actor`` read; how many changed."""
    return inbox(actor).filter(read_at__isnull=True).update(read_at=timezone.now())


# --- channels -------------------------------------------------------------------------------------------------


def channels_of(user: Any) -> Channels:
    """The user's chosen channels (the defaults until they choose)."""
    pref = NotificationPreference.objects.filter(user_id=user.pk).first()
    return DEFAULT_CHANNELS if pref is None else Channels(email=pref.email, webhook=pref.webhook)


def set_channels(*, actor: Any, email: bool, webhook: bool) -> Channels:
    """Save ``actor``'s choice of channels (one audit row when it changes)."""
    with transaction.atomic():
        before = channels_of(actor)
        after = Channels(email=bool(email), webhook=bool(webhook))
        if before != after:
            pref, _created = NotificationPreference.objects.update_or_create(
                user_id=actor.pk, defaults={"email": after.email, "webhook": after.webhook}
            )
            record(
                actor=actor,
                action="set_notification_channels",
                obj=pref,
                before={"email": before.email, "webhook": before.webhook},
                after={"email": after.email, "webhook": after.webhook},
            )
    return after


def active_users(**filters: Any) -> models.QuerySet[Any]:
    """Active users matching ``filters`` (e.g. ``role=…, street_id=…``): a helper for building recipient lists."""
    return get_user_model()._default_manager.filter(is_active=True, **filters)


# --- webhook endpoints ----------------------------------------------------------------------------------------


def endpoints_of(user: Any) -> models.QuerySet[WebhookEndpoint]:
    """The webhook endpoints of the user's district (empty without one)."""
    if not getattr(user, "district_id", None):
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.filter(district_id=user.district_id)


def get_endpoint_for(user: Any, endpoint_id: int) -> WebhookEndpoint:
    """Endpoint ``endpoint_id`` of the user's district; 404 otherwise."""
    found = endpoints_of(user).filter(pk=endpoint_id).first()
    if found is None:
        raise Http404
    return found


def display_url(url: str) -> str:
    """The endpoint's URL without its query string (gateways such as WeCom robots put their key there)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "…" if parts.query else "", ""))


def new_secret() -> str:
    """A fresh signing secret (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def save_endpoint(
    *,
    actor: Any,
    name: str,
    url: str,
    active: bool,
    secret: str = "",
    endpoint: WebhookEndpoint | None = None,
) -> WebhookEndpoint:
    """Create (``endpoint`` None) or change a webhook endpoint of ``actor``'s district; one audit row.

    A blank ``secret`` keeps the current one (a new endpoint gets a generated one). The audit row says that
    the secret changed, never what it is, and shows the URL without its query string.
    """

    def state(e: WebhookEndpoint) -> dict[str, Any]:
        return {"name": e.name, "url": display_url(e.url), "active": e.active}

    with transaction.atomic():
        if endpoint is None:
            endpoint = WebhookEndpoint(district_id=actor.district_id)
            before = None
        else:
            endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
            before = state(endpoint)
        endpoint.name, endpoint.url, endpoint.active = name.strip(), url.strip(), bool(active)
        secret_changed = bool(secret) or endpoint.pk is None
        if secret_changed:
            endpoint.secret = secret or new_secret()
        endpoint.full_clean()
        endpoint.save()
        after = state(endpoint) | {"secret_changed": secret_changed}
        record(
            actor=actor,
            action="create_webhook" if before is None else "change_webhook",
            obj=endpoint,
            before=before,
            after=after,
        )
    return endpoint
