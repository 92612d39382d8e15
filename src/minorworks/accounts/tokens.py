"""Issuing, checking and revoking API bearer tokens."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import ApiToken, User

# A token's last use is written at most this often: reads must not queue behind writes for a timestamp.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


def issue_token(user: User) -> str:
    """Create a new token for ``user`` and return it in clear (the only time it is visible)."""
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        digest=ApiToken.digest_of(raw),
        expires_at=timezone.now() + dt.timedelta(hours=settings.API_TOKEN_TTL_HOURS),
    )
    return raw


def token_for(raw: str) -> ApiToken | None:
    """The valid, unexpired token of an active user, its last use noted (throttled), or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(raw), expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    stale = now - LAST_USED_RESOLUTION
    if token.last_used_at is None or token.last_used_at < stale:
        # Conditional, so that of two concurrent requests only one writes.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=stale)
        ).update(last_used_at=now)
        token.last_used_at = now
    return token


def revoke_token(raw: str) -> bool:
    """Delete one token (sign-out of an API client); True when it existed."""
    deleted, _ = ApiToken.objects.filter(digest=ApiToken.digest_of(raw)).delete()
    return bool(deleted)


def revoke_all_tokens(user: User) -> int:
    """Delete every token of ``user`` (password changed, account deactivated); the number deleted."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted
