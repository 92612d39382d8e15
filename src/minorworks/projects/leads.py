"""Unregistered-site leads (未登记线索) as domain functions: record one, settle it."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minorworks.core.audit import record, snapshot
from minorworks.core.roles import Role

from .models import Lead, Project
from .uploads import IMAGE_TYPES, check_upload

# Not "photo": core.audit's FieldFile test touches .url, which raises on an empty file; see _lead_snapshot.
LEAD_FIELDS = [
    "street",
    "community",
    "address",
    "latitude",
    "longitude",
    "note",
    "state",
    "resolution_note",
    "resolved_project",
    "resolved_at",
]


def _lead_snapshot(lead: Lead) -> dict[str, Any]:
    return {**snapshot(lead, LEAD_FIELDS), "photo": lead.photo.name or None}


def create_lead(*, actor: Any, data: dict[str, Any], photo: Any = None) -> Lead:
    """Record an unregistered site seen on patrol (street officer or grid worker; their own area)."""
    if actor.role not in (Role.STREET_OFFICER, Role.GRID_WORKER) or not actor.street_id:
        raise PermissionDenied(_("You may not record leads."))
    street, community = data.get("street"), data.get("community")
    if street is None or street.pk != actor.street_id:
        raise ValidationError({"street": _("You can only record leads in your own street.")})
    if actor.role == Role.GRID_WORKER and (community is None or community.pk != actor.community_id):
        raise ValidationError({"community": _("You can only record leads in your own community.")})
    if community is not None and community.parent_id != street.pk:
        raise ValidationError({"community": _("This community is not in the chosen street.")})
    if photo is not None:
        _mime, ext = check_upload(photo, IMAGE_TYPES, field="photo")
        photo.name = f"{uuid.uuid4().hex}.{ext}"
    with transaction.atomic():
        lead = Lead.objects.create(
            district=street.parent,
            street=street,
            community=community,
            address=(data.get("address") or "").strip(),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            note=(data.get("note") or "").strip(),
            photo=photo or "",
            found_by=actor,
            found_at=timezone.now(),
        )
        record(actor=actor, action="lead.create", obj=lead, after=_lead_snapshot(lead))
    return lead


def can_resolve_lead(user: Any, lead: Lead) -> bool:
    """The street officer of the lead's street, or the district administrator, settles an open lead."""
    if lead.state != Lead.State.OPEN:
        return False
    role = getattr(user, "role", None)
    if role == Role.STREET_OFFICER:
        return lead.street_id == user.street_id
    return role == Role.DISTRICT_ADMIN and lead.district_id == user.district_id


def resolve_lead(
    lead: Lead, *, actor: Any, outcome: str, note: str = "", project: Project | None = None
) -> Lead:
    """Settle a lead: registered (linked to its project), stopped, or shown out of scope (with a note)."""
    note = (note or "").strip()
    if outcome not in (Lead.State.REGISTERED, Lead.State.STOPPED, Lead.State.OUT_OF_SCOPE):
        raise ValidationError({"outcome": _("Choose how the lead was settled.")})
    if outcome == Lead.State.REGISTERED:
        if project is None:
            raise ValidationError({"project_number": _("Enter the registration number of the project.")})
    elif not note:
        raise ValidationError({"note": _("Explain what was done.")})
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        if lead.state != Lead.State.OPEN:
            raise ValidationError(_("This lead has already been settled."))
        if not can_resolve_lead(actor, lead):
            raise PermissionDenied(_("You may not settle this lead."))
        if project is not None and (outcome != Lead.State.REGISTERED or project.street_id != lead.street_id):
            raise ValidationError({"project_number": _("The project must be in the lead's street.")})
        before = _lead_snapshot(lead)
        lead.state = outcome
        lead.resolution_note = note
        lead.resolved_project = project if outcome == Lead.State.REGISTERED else None
        lead.resolved_by = actor
        lead.resolved_at = timezone.now()
        lead.save()
        record(
            actor=actor,
            action=f"lead.{outcome}",
            obj=lead,
            before=before,
            after=_lead_snapshot(lead),
            note=note,
        )
    return lead
