"""Writing the audit log: every domain function calls :func:`record` inside its transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from .middleware import current_meta
from .models import AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` as JSON-ready data (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        data[field.name] = _jsonable(getattr(obj, field.attname))
    return data


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Append one audit row for ``action`` by ``actor`` on ``obj`` (call inside the action's transaction)."""
    meta = current_meta()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_label=(actor.get_username() if is_user else str(actor or "system"))[:150],
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
        note=note,
        channel=meta.channel,
        ip=meta.ip,
    )


def history_of(obj: models.Model) -> models.QuerySet[AuditEntry]:
    """The audit rows of one record, newest first (also under the names its model had before it moved app:
    a model lists them in ``audit_aliases``)."""
    labels = [obj._meta.label_lower, *getattr(type(obj), "audit_aliases", ())]
    return AuditEntry.objects.filter(object_type__in=labels, object_id=str(obj.pk)).select_related("actor")
