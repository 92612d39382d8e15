"""The rectification loop of a hazard, declared on the core engine, and hazards recorded outside a checklist.

States: ``open`` → ``submitted`` (the contractor's or builder's proof) → ``closed`` (销号, the street verified
it) or back to ``open`` (returned with a reason); the district may reopen a closed hazard. Overdue is derived
from the deadline, never stored.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minorworks.core import validators as v
from minorworks.core.audit import record, snapshot
from minorworks.core.roles import Role
from minorworks.core.workflow import InvalidInput, Step, Transition, Workflow, register
from minorworks.projects.models import Project
from minorworks.projects.numbering import next_record_number

from . import watch
from .models import Hazard, HazardStatus, Level
from .services import HAZARD_AUDIT, _store_photos, can_inspect, hazards_recorded, policy_for


class HazardParty(StrEnum):
    """How a user stands towards one hazard (through its project)."""

    BUILDER = "builder"
    CONTRACTOR = "contractor"
    STREET = "street"
    DISTRICT = "district"


HAZARD_ROLES: dict[str, str] = {
    HazardParty.BUILDER: Role.BUILDER,
    HazardParty.CONTRACTOR: Role.BUILDER,
    HazardParty.STREET: Role.STREET_OFFICER,
    HazardParty.DISTRICT: Role.DISTRICT_ADMIN,
}


def hazard_parties(user: Any, hazard: Hazard) -> frozenset[str]:
    """The parties ``user`` represents on ``hazard``."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    found = set()
    if user.role == Role.STREET_OFFICER and user.street_id == hazard.street_id:
        found.add(HazardParty.STREET)
    if user.role == Role.DISTRICT_ADMIN and user.district_id == hazard.district_id:
        found.add(HazardParty.DISTRICT)
    if user.role == Role.BUILDER and user.enterprise_id:
        project = hazard.project
        if user.enterprise_id == project.builder_id:
            found.add(HazardParty.BUILDER)
        if user.enterprise_id == project.contractor_id:
            found.add(HazardParty.CONTRACTOR)
    return frozenset(found)


class _Styled(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for bound in self.fields.values():
            if not isinstance(bound.widget, forms.CheckboxInput):
                bound.widget.attrs.setdefault("class", "form-control")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several photos in one input (the phone's camera or gallery)."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class RectifyForm(_Styled):
    note = forms.CharField(
        label=gettext_lazy("What was done"),
        max_length=v.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Say what was done to fix it.")},
    )
    photos = MultipleFileField(label=gettext_lazy("Photos of the fix"), required=False)


class VerifyForm(_Styled):
    passed = forms.BooleanField(label=gettext_lazy("The rectification is done"), required=False)
    reason = forms.CharField(
        label=gettext_lazy("Reason (when returned)"),
        max_length=v.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReopenForm(_Styled):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=v.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Give the reason.")},
    )


def _rectified(step: Step) -> dict[str, Any]:
    photos = step.values.get("photos") or []
    _store_photos(step.actor, [(step.obj, photo) for photo in photos])
    step.after["photos"] = len(photos)
    return {
        "rectification_note": step.values["note"].strip(),
        "rectified_at": step.now,
        "rectified_by": step.actor,
    }


def _verified(step: Step) -> dict[str, Any]:
    if step.values.get("passed"):
        return {
            "status": HazardStatus.CLOSED,
            "verified_at": step.now,
            "verified_by": step.actor,
            "closed_at": step.now,
            "return_reason": "",
        }
    reason = (step.values.get("reason") or "").strip()
    if not reason:
        message = _("Give the reason the rectification is returned.")
        raise InvalidInput(message, errors={"reason": [message]})
    return {
        "status": HazardStatus.OPEN,
        "verified_at": step.now,
        "verified_by": step.actor,
        "return_reason": reason,
    }


def _reopened(step: Step) -> dict[str, Any]:
    return {"status": HazardStatus.OPEN, "closed_at": None, "return_reason": step.values["reason"].strip()}


S = HazardStatus
B, C, ST, D = HazardParty.BUILDER, HazardParty.CONTRACTOR, HazardParty.STREET, HazardParty.DISTRICT
HAZARD_WORKFLOW = register(
    Workflow(
        name="hazard",
        model=Hazard,
        parties_of=hazard_parties,
        party_roles=HAZARD_ROLES,
        state_label=lambda value: str(HazardStatus(value).label),
        related=("project",),
        on_change=lambda hazard: watch.refresh([hazard.project_id]),
        transitions=[
            Transition(
                "rectify",
                frozenset({S.OPEN}),
                S.SUBMITTED,
                frozenset({B, C}),
                form=RectifyForm,
                updates=_rectified,
                audit_action="hazard.rectify",
            ),
            # Closed or returned, by the input ("passed"): the status is set by the update.
            Transition(
                "verify",
                frozenset({S.SUBMITTED}),
                None,
                frozenset({ST}),
                form=VerifyForm,
                updates=_verified,
                audit_action="hazard.verify",
            ),
            Transition(
                "reopen",
                frozenset({S.CLOSED}),
                S.OPEN,
                frozenset({D}),
                form=ReopenForm,
                updates=_reopened,
                audit_action="hazard.reopen",
            ),
        ],
    )
)


def record_hazard(
    *,
    actor: Any,
    project: Project,
    level: str,
    description: str,
    location: str = "",
    clause: str = "",
    responsible_unit: str = "",
    responsible_person: str = "",
    fix_on_spot: bool = False,
    deadline: dt.date | None = None,
    photos: list[Any] | None = None,
) -> Hazard:
    """Record a hazard found outside a checklist (free-form), with its deadline or an on-the-spot fix."""
    if not can_inspect(actor, project):
        raise PermissionDenied(_("You may not record hazards on this project."))
    errors: dict[str, list[str]] = {}
    if level not in Level.values:
        errors["level"] = [_("Choose general or major.")]
    if not (description or "").strip():
        errors["description"] = [_("Describe the hazard.")]
    today = timezone.localdate()
    if deadline is not None and deadline < today:
        errors["deadline"] = [_("The deadline cannot be in the past.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        hazard = Hazard.objects.create(
            number=next_record_number("YH", project.district.code),
            project=project,
            district_id=project.district_id,
            street_id=project.street_id,
            community_id=project.community_id,
            level=level,
            description=description.strip(),
            location=location.strip(),
            clause=clause.strip(),
            responsible_unit=(
                responsible_unit or (project.contractor.name if project.contractor_id else "")
            ).strip(),
            responsible_person=responsible_person.strip(),
            fix_on_spot=fix_on_spot,
            deadline=None
            if fix_on_spot
            else deadline or today + dt.timedelta(days=policy_for(project.district_id).default_deadline_days),
            found_by=actor,
        )
        _store_photos(actor, [(hazard, photo) for photo in photos or []])
        record(actor=actor, action="hazard.create", obj=hazard, after=snapshot(hazard, HAZARD_AUDIT))
        hazards_recorded.send(sender=Hazard, inspection=None, hazards=[hazard], actor=actor)
    return hazard
