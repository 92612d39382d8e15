"""Open311 API keys: issued per client by the district administrator (UI or CLI), revocable; only hashes kept."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from minorworks.core.audit import record
from minorworks.orgs.models import Region

from .models import Open311Key


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_key(*, actor: Any, name: str, district: Region) -> tuple[Open311Key, str]:
    """A new key for client ``name``: the row and the clear key (shown once, never stored)."""
    raw = "o311_" + secrets.token_urlsafe(24)
    with transaction.atomic():
        key = Open311Key.objects.create(
            name=name.strip()[:128],
            district=district,
            prefix=raw[5:11],
            key_hash=_digest(raw),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record(actor=actor, action="open311_key.issue", obj=key, after={"name": key.name})
    return key, raw


def revoke_key(*, actor: Any, key: Open311Key) -> bool:
    """Revoke ``key`` (once; False when it already was)."""
    with transaction.atomic():
        changed = Open311Key.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if changed:
            record(actor=actor, action="open311_key.revoke", obj=key, note=key.name)
    return bool(changed)


def key_for(raw: str | None) -> Open311Key | None:
    """The unrevoked key ``raw`` names, if any."""
    if not raw or len(raw) > 100:
        return None
    return (
        Open311Key.objects.select_related("district")
        .filter(key_hash=_digest(raw), revoked_at__isnull=True)
        .first()
    )
