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
from .roles import Role


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


def _district_id(obj: models.Model | None, actor: Any) -> int | None:
    """The district an entry belongs to: the record's own, its project's, its jurisdiction's, else the
    actor's (a builder's: its enterprise's)."""
    for candidate in (obj, getattr(obj, "project", None), getattr(obj, "enterprise", None)):
        if candidate is not None and getattr(candidate, "district_id", None):
            return candidate.district_id
    jurisdiction = getattr(obj, "jurisdiction", None)
    if jurisdiction is not None:
        district = jurisdiction.district()
        return district.pk if district is not None else None
    if actor is not None and getattr(actor, "is_authenticated", False):
        if actor.district_id:
            return actor.district_id
        if getattr(actor, "enterprise_id", None):
            return actor.enterprise.district_id
    return None


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
    target: tuple[str, str, str] | None = None,
) -> AuditEntry:
    """Append one audit row for ``action`` by ``actor`` on ``obj`` (call inside the action's transaction).

    ``target`` (object type, id, label) names what was acted on when it is not a row, e.g. a ledger export.
    The actor's name and unit are kept as they are now: a later move to another unit does not rewrite
    history.
    """
    meta = current_meta()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    if obj is not None:
        object_type, object_id, object_repr = obj._meta.label_lower, str(obj.pk), str(obj)
    elif target is not None:
        object_type, object_id, object_repr = target
    else:
        raise ValueError("record() needs obj or target")
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_label=(str(actor) if is_user else str(actor or "system"))[:150],
        actor_unit=(actor.scope_label if is_user else "")[:128],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        before=before,
        after=after,
        note=note,
        channel=meta.channel,
        ip=meta.ip,
        district_id=_district_id(obj, actor if is_user else None),
    )


def entries_visible_to(user: Any) -> models.QuerySet[AuditEntry]:
    """The audit rows ``user`` may read: a district administrator's district only (nothing for others)."""
    if getattr(user, "is_authenticated", False) and user.role == Role.DISTRICT_ADMIN and user.district_id:
        return AuditEntry.objects.filter(district_id=user.district_id)
    return AuditEntry.objects.none()


def history_of(obj: models.Model) -> models.QuerySet[AuditEntry]:
    """The audit rows of one record, newest first (also under the names its model had before it moved app:
    a model lists them in ``audit_aliases``)."""
    labels = [obj._meta.label_lower, *getattr(type(obj), "audit_aliases", ())]
    return AuditEntry.objects.filter(object_type__in=labels, object_id=str(obj.pk)).select_related("actor")
