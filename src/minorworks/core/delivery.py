"""Sending the copies of notifications, in background tasks: e-mail and signed webhook POSTs, with retries.

:func:`dispatch_notifications` turns committed notifications into deliveries (one per channel and endpoint,
following each recipient's choice) exactly once; :func:`attempt_delivery` tries one delivery, records the
attempt, and on failure queues the next try after an exponential back-off (``NOTIFY_RETRY_BASE_SECONDS`` ×
2^(n-1), ``NOTIFY_MAX_ATTEMPTS`` in all). Attempts record the HTTP status or the error's kind, never the
message, the address or the response body.

Webhook requests carry ``X-Minorworks-Timestamp`` (Unix seconds) and ``X-Minorworks-Signature:
sha256=<hex>``, the HMAC-SHA256 of ``"<timestamp>.<body>"`` under the endpoint's secret; a receiver
recomputes it, compares in constant time and refuses stale timestamps. ``X-Minorworks-Delivery`` is the same
on every retry of one delivery, so a receiver can drop duplicates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Delivery, DeliveryAttempt, Notification, NotificationPreference, WebhookEndpoint
from .notifications import DEFAULT_CHANNELS, Channels

SIGNATURE_HEADER = "X-Minorworks-Signature"
TIMESTAMP_HEADER = "X-Minorworks-Timestamp"
DELIVERY_HEADER = "X-Minorworks-Delivery"
EVENT_HEADER = "X-Minorworks-Event"
MAX_BACKOFF = dt.timedelta(days=1)


def backoff(attempt: int) -> dt.timedelta:
    """The wait after failed attempt number ``attempt`` (1-based): base × 2^(attempt-1), at most a day."""
    return min(dt.timedelta(seconds=settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** (attempt - 1)), MAX_BACKOFF)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the hex HMAC-SHA256 of ``<timestamp>.<body>``."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def absolute(url: str) -> str:
    """``url`` (a path on this site) with PUBLIC_BASE_URL in front when it is set."""
    base = (getattr(settings, "PUBLIC_BASE_URL", "") or "").rstrip("/")
    return f"{base}{url}" if url and base else url


def payload_of(delivery: Delivery) -> dict[str, Any]:
    """The JSON a webhook receives: the message and whom it is for (by username; no personal numbers)."""
    n = delivery.notification
    return {
        "event": "notification",
        "delivery": delivery.pk,
        "notification": n.pk,
        "kind": n.kind,
        "subject": n.subject,
        "body": n.body,
        "url": absolute(n.url),
        "object": {"type": n.object_type, "id": n.object_id} if n.object_type else None,
        "recipient": {"username": n.recipient.get_username(), "role": getattr(n.recipient, "role", "")},
        "created_at": n.created_at.isoformat(),
    }


# --- one try -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What one try gave: success, the HTTP status when there was one, the kind of error otherwise."""

    ok: bool
    status_code: int | None = None
    error: str = ""
    final: bool = False  # no point in trying again (endpoint switched off, no address)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is a failure: the signed body goes only to the configured URL."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _post_webhook(delivery: Delivery) -> Outcome:
    endpoint = delivery.endpoint
    if endpoint is None or not endpoint.active:
        return Outcome(ok=False, error="endpoint inactive", final=True)
    body = json.dumps(payload_of(delivery), ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 - the model allows http(s) URLs only
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "minorworks-webhook/1",
            EVENT_HEADER: "notification",
            DELIVERY_HEADER: str(delivery.pk),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
        },
    )
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        return Outcome(ok=False, status_code=exc.code, error=f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        # The kind of failure only (e.g. "URLError (ConnectionRefusedError)"): no URL, no address.
        reason = getattr(exc, "reason", None)
        detail = f" ({type(reason).__name__})" if isinstance(reason, BaseException) else ""
        return Outcome(ok=False, error=f"{type(exc).__name__}{detail}"[:200])
    return Outcome(ok=200 <= status < 300, status_code=status, error="" if status < 300 else f"HTTP {status}")


def _send_email(delivery: Delivery) -> Outcome:
    n = delivery.notification
    address = n.recipient.email
    if not address:
        return Outcome(ok=False, error="no e-mail address", final=True)
    with translation.override(settings.LANGUAGE_CODE):
        link = absolute(n.url)
        text = n.body + ("\n\n" + _("Open the record: %(link)s") % {"link": link} if link else "")
    try:
        EmailMessage(
            subject=n.subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[address]
        ).send()
    except Exception as exc:  # any transport error: the kind is recorded, never the message or address
        return Outcome(ok=False, error=type(exc).__name__[:200])
    return Outcome(ok=True)


SENDERS = {Delivery.Channel.EMAIL: _send_email, Delivery.Channel.WEBHOOK: _post_webhook}


# --- the tasks ---------------------------------------------------------------------------------------------


@task()
def dispatch_notifications(notification_ids: list[int]) -> int:
    """Create the e-mail and webhook deliveries of committed notifications (once each) and queue them."""
    now = timezone.now()
    with transaction.atomic():
        claimed = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(pk__in=notification_ids, dispatched_at__isnull=True)
            .select_related("recipient")
        )
        if not claimed:
            return 0
        Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(dispatched_at=now)
        prefs = {
            p.user_id: Channels(email=p.email, webhook=p.webhook)
            for p in NotificationPreference.objects.filter(user_id__in={n.recipient_id for n in claimed})
        }
        endpoints: dict[int, list[WebhookEndpoint]] = defaultdict(list)
        for endpoint in WebhookEndpoint.objects.filter(
            active=True, district_id__in={n.district_id for n in claimed if n.district_id}
        ):
            endpoints[endpoint.district_id].append(endpoint)
        rows = []
        for n in claimed:
            channels = prefs.get(n.recipient_id, DEFAULT_CHANNELS)
            if channels.email and n.recipient.email:
                rows.append(Delivery(notification=n, channel=Delivery.Channel.EMAIL))
            if channels.webhook and n.district_id:
                rows.extend(
                    Delivery(notification=n, channel=Delivery.Channel.WEBHOOK, endpoint=endpoint)
                    for endpoint in endpoints[n.district_id]
                )
        ids = [row.pk for row in Delivery.objects.bulk_create(rows)]
        transaction.on_commit(lambda: _enqueue_all(ids))
    return len(ids)


@task()
def attempt_delivery(delivery_id: int) -> str:
    """Try one delivery once and record the attempt; on failure queue the next try after the back-off."""
    # Claim it: a task run twice (at-least-once queues) or a concurrent worker finds nothing to do.
    if not Delivery.objects.filter(pk=delivery_id, state=Delivery.State.PENDING).update(
        state=Delivery.State.SENDING, updated_at=timezone.now()
    ):
        return "skipped"
    delivery = Delivery.objects.select_related("notification__recipient", "endpoint").get(pk=delivery_id)
    started = time.monotonic()
    outcome = SENDERS[Delivery.Channel(delivery.channel)](delivery)  # outside any transaction: no lock held
    now = timezone.now()
    attempts = delivery.attempts + 1
    if outcome.ok:
        state, next_at = Delivery.State.DELIVERED, None
    elif outcome.final or attempts >= settings.NOTIFY_MAX_ATTEMPTS:
        state, next_at = Delivery.State.FAILED, None
    else:
        state, next_at = Delivery.State.PENDING, now + backoff(attempts)
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery_id=delivery_id,
            at=now,
            ok=outcome.ok,
            status_code=outcome.status_code,
            error=outcome.error,
            duration_ms=int((time.monotonic() - started) * 1000),
        )
        Delivery.objects.filter(pk=delivery_id).update(
            state=state,
            attempts=attempts,
            next_attempt_at=next_at,
            delivered_at=now if outcome.ok else None,
            updated_at=now,
        )
        if next_at is not None:
            transaction.on_commit(lambda: enqueue_attempt(delivery_id, when=next_at))
    return str(state)


def _enqueue_all(delivery_ids: list[int]) -> None:
    for delivery_id in delivery_ids:
        enqueue_attempt(delivery_id)


def enqueue_attempt(delivery_id: int, *, when: dt.datetime | None = None) -> None:
    """Queue a try of ``delivery_id``, not before ``when`` (a backend that cannot defer runs it at once)."""
    runner = attempt_delivery
    if when is not None and runner.get_backend().supports_defer:
        runner = runner.using(run_after=when)
    runner.enqueue(delivery_id)


STALE_AFTER = dt.timedelta(minutes=10)
SENDING_STALE_AFTER = dt.timedelta(hours=1)


def requeue_stale(now: dt.datetime | None = None) -> tuple[int, int]:
    """Queue again what a lost task left behind: undispatched notifications and overdue deliveries.

    Returns (notifications, deliveries). A delivery left "sending" for an hour (its worker died) is tried
    again; one "waiting" past its next try by ten minutes is queued again (its task was lost).
    """
    now = now or timezone.now()
    waiting = list(
        Notification.objects.filter(dispatched_at__isnull=True, created_at__lt=now - STALE_AFTER).values_list(
            "pk", flat=True
        )
    )
    for start in range(0, len(waiting), 500):
        dispatch_notifications.enqueue(waiting[start : start + 500])
    Delivery.objects.filter(state=Delivery.State.SENDING, updated_at__lt=now - SENDING_STALE_AFTER).update(
        state=Delivery.State.PENDING, updated_at=now
    )
    overdue = list(
        Delivery.objects.filter(state=Delivery.State.PENDING, created_at__lt=now - STALE_AFTER)
        .exclude(next_attempt_at__gte=now - STALE_AFTER)
        .values_list("pk", flat=True)
    )
    for pk in overdue:
        enqueue_attempt(pk)
    return len(waiting), len(overdue)
