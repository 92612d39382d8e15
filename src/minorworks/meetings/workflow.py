"""Action items on the shared state machine: the owner unit reports progress and completes with evidence,
the convenor (the district's administrators) verifies or sends back."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from minorworks.core import validators as v
from minorworks.core.forms import BootstrapMixin
from minorworks.core.notifications import active_users, notify
from minorworks.core.roles import Role
from minorworks.core.workflow import Step, Transition, Workflow, register

from .models import ActionItem, ItemStatus


class ItemParty(StrEnum):
    OWNER_DEPARTMENT = "owner_department"  # the owner unit is a department: its officers
    OWNER_STREET = "owner_street"  # the owner unit is a street: its officers
    OWNER_DISTRICT = "owner_district"  # a state-owned operator (no accounts): the district acts for it
    CONVENOR = "convenor"


OWNERS = frozenset({ItemParty.OWNER_DEPARTMENT, ItemParty.OWNER_STREET, ItemParty.OWNER_DISTRICT})


def item_parties(user: Any, item: ActionItem) -> frozenset[str]:
    """The owner unit's officers (its department or street); the district's administrators convene."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    owner = item.owner
    if user.role == Role.DISTRICT_ADMIN and user.district_id == item.meeting.district_id:
        if owner.department_id or owner.street_id:
            return frozenset({ItemParty.CONVENOR})
        return frozenset({ItemParty.CONVENOR, ItemParty.OWNER_DISTRICT})
    if (
        user.role == Role.DEPARTMENT_OFFICER
        and owner.department_id
        and user.department_id == owner.department_id
    ):
        return frozenset({ItemParty.OWNER_DEPARTMENT})
    if user.role == Role.STREET_OFFICER and owner.street_id and user.street_id == owner.street_id:
        return frozenset({ItemParty.OWNER_STREET})
    return frozenset()


def owners_of(item: ActionItem) -> list[Any]:
    """The users who act for the item's owner unit."""
    owner = item.owner
    if owner.department_id:
        return list(active_users(role=Role.DEPARTMENT_OFFICER, department_id=owner.department_id))
    if owner.street_id:
        return list(active_users(role=Role.STREET_OFFICER, street_id=owner.street_id))
    return list(active_users(role=Role.DISTRICT_ADMIN, district_id=item.meeting.district_id))


def convenors_of(item: ActionItem) -> list[Any]:
    """The district's administrators."""
    return list(active_users(role=Role.DISTRICT_ADMIN, district_id=item.meeting.district_id))


class ProgressForm(BootstrapMixin, forms.Form):
    progress = forms.CharField(
        label=gettext_lazy("Progress"), max_length=v.NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()


class CompleteForm(BootstrapMixin, forms.Form):
    evidence = forms.CharField(
        label=gettext_lazy("Evidence of completion"),
        max_length=v.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()


class ReturnForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=v.NOTE_MAX)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()


def _notify_convenors(step: Step) -> None:
    notify(
        convenors_of(step.obj), kind="meetings.item_done",
        subject=gettext_lazy("Action item completed, please verify: %(task)s"),
        params={"task": step.obj.task[:60]}, url=f"/meetings/items/{step.obj.pk}/", obj=step.obj.meeting,
        actor=step.actor,
    )  # fmt: skip


def _notify_owners(step: Step) -> None:
    notify(
        owners_of(step.obj), kind="meetings.item_returned",
        subject=gettext_lazy("Action item sent back: %(task)s"), body=step.values.get("reason", ""),
        params={"task": step.obj.task[:60]}, url=f"/meetings/items/{step.obj.pk}/", obj=step.obj.meeting,
        actor=step.actor,
    )  # fmt: skip


S = ItemStatus
ITEM_WORKFLOW = register(
    Workflow(
        name="action_item",
        model=ActionItem,
        parties_of=item_parties,
        party_roles={
            ItemParty.OWNER_DEPARTMENT: Role.DEPARTMENT_OFFICER,
            ItemParty.OWNER_STREET: Role.STREET_OFFICER,
            ItemParty.OWNER_DISTRICT: Role.DISTRICT_ADMIN,
            ItemParty.CONVENOR: Role.DISTRICT_ADMIN,
        },
        state_label=lambda value: str(ItemStatus(value).label),
        related=("meeting", "owner"),
        transitions=[
            Transition(
                "report_progress",
                frozenset({S.OPEN}),
                None,
                OWNERS,
                form=ProgressForm,
                updates=lambda step: {"progress": step.values["progress"].strip()},
                note_keys=("progress",),
                audit_action="action_item.progress",
            ),
            Transition(
                "complete",
                frozenset({S.OPEN}),
                S.DONE,
                OWNERS,
                form=CompleteForm,
                updates=lambda step: {"evidence": step.values["evidence"].strip(), "completed_at": step.now},
                notify=_notify_convenors,
                note_keys=("evidence",),
                audit_action="action_item.complete",
            ),
            Transition(
                "verify",
                frozenset({S.DONE}),
                S.VERIFIED,
                frozenset({ItemParty.CONVENOR}),
                updates=lambda step: {"verified_at": step.now, "verified_by": step.actor},
                audit_action="action_item.verify",
            ),
            Transition(
                "send_back",
                frozenset({S.DONE}),
                S.OPEN,
                frozenset({ItemParty.CONVENOR}),
                form=ReturnForm,
                updates=lambda step: {"completed_at": None},
                notify=_notify_owners,
                audit_action="action_item.send_back",
            ),
        ],
    )  # fmt: skip
)
