"""Unregistered-site leads (未登记线索): record one (a domain function), settle it (a workflow on the engine)."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

import django.dispatch
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minorworks.core import validators as v
from minorworks.core.audit import record, snapshot
from minorworks.core.jurisdiction import get_scoped, scoped
from minorworks.core.roles import Role
from minorworks.core.workflow import InvalidInput, Step, Transition, Workflow, register
from minorworks.registration.uploads import IMAGE_TYPES, check_upload
from minorworks.review.workflow_forms import StyledForm

from .models import Lead

# Sent inside the recording transaction; the stop-order capability proposes an order for the site.
lead_recorded = django.dispatch.Signal()

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
        lead_recorded.send(sender=Lead, lead=lead, actor=actor)
    return lead


# --- settling a lead: a workflow on the core engine -------------------------------------------------------


class LeadParty(StrEnum):
    """How a user stands towards one lead."""

    STREET = "street"  # an officer of the lead's street
    DISTRICT = "district"  # an administrator of the lead's district


def lead_parties(user: Any, lead: Lead) -> frozenset[str]:
    """The parties ``user`` represents on ``lead`` (empty for everyone else)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.role == Role.STREET_OFFICER and user.street_id and user.street_id == lead.street_id:
        return frozenset({LeadParty.STREET})
    if user.role == Role.DISTRICT_ADMIN and user.district_id and user.district_id == lead.district_id:
        return frozenset({LeadParty.DISTRICT})
    return frozenset()


class LeadRegisteredForm(StyledForm):
    """The lead turned out to be a registered project: which one."""

    project_number = forms.CharField(
        label=gettext_lazy("Registration number of the project"),
        max_length=32,
        widget=forms.TextInput(attrs={"list": "recent-projects"}),
        error_messages={"required": gettext_lazy("Enter the registration number of the project.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=v.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LeadSettledForm(StyledForm):
    """The lead was stopped or shown out of scope: what was done."""

    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=v.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Explain what was done.")},
    )


def _settled(step: Step) -> dict[str, Any]:
    return {
        "resolution_note": (step.values.get("note") or "").strip(),
        "resolved_by": step.actor,
        "resolved_at": step.now,
    }


def _registered(step: Step) -> dict[str, Any]:
    from minorworks.projects.scoping import visible_projects

    number = step.values["project_number"].strip()
    project = visible_projects(step.actor).filter(number__iexact=number, street_id=step.obj.street_id).first()
    if project is None:
        raise InvalidInput(
            _("No project with this number in the lead's street."),
            errors={"project_number": [_("No project with this number in the lead's street.")]},
        )
    return {**_settled(step), "resolved_project": project}


_OPEN = frozenset({Lead.State.OPEN})
_STAFF = frozenset({LeadParty.STREET, LeadParty.DISTRICT})
LEAD_WORKFLOW = register(
    Workflow(
        name="lead",
        model=Lead,
        status_field="state",
        parties_of=lead_parties,
        party_roles={LeadParty.STREET: Role.STREET_OFFICER, LeadParty.DISTRICT: Role.DISTRICT_ADMIN},
        state_label=lambda value: str(Lead.State(value).label),
        stamp_field=None,
        transitions=[
            Transition(
                "resolve_registered",
                _OPEN,
                Lead.State.REGISTERED,
                _STAFF,
                form=LeadRegisteredForm,
                updates=_registered,
                audit_action="lead.registered",
            ),
            Transition(
                "resolve_stopped",
                _OPEN,
                Lead.State.STOPPED,
                _STAFF,
                form=LeadSettledForm,
                updates=_settled,
                audit_action="lead.stopped",
            ),
            Transition(
                "resolve_out_of_scope",
                _OPEN,
                Lead.State.OUT_OF_SCOPE,
                _STAFF,
                form=LeadSettledForm,
                updates=_settled,
                audit_action="lead.out_of_scope",
            ),
        ],
    )
)
OUTCOME_ACTIONS = {
    Lead.State.REGISTERED: "resolve_registered",
    Lead.State.STOPPED: "resolve_stopped",
    Lead.State.OUT_OF_SCOPE: "resolve_out_of_scope",
}


def can_resolve_lead(user: Any, lead: Lead) -> bool:
    """The street officer of the lead's street, or the district administrator, settles an open lead."""
    return bool(LEAD_WORKFLOW.available(lead, user))


def visible_leads(user) -> QuerySet[Lead]:
    """The leads ``user`` may see."""
    return scoped(Lead, user)


def get_lead_for(user, pk: int) -> Lead:
    """The lead with ``pk`` if ``user`` may see it; 404 otherwise."""
    return get_scoped(Lead, user, pk)
