"""The toy's workflow: declared data only."""

from django import forms

from minorworks.core.roles import Role
from minorworks.core.workflow import Transition, Workflow, register

from .models import Permit


class ApproveForm(forms.Form):
    note = forms.CharField(max_length=200)


def parties_of(user, permit):
    if getattr(user, "role", None) == Role.STREET_OFFICER and user.street_id == permit.street_id:
        return frozenset({"street"})
    if getattr(user, "role", None) == Role.BUILDER and user.enterprise_id == permit.owner_id:
        return frozenset({"owner"})
    return frozenset()


def title_guard(permit, actor):
    return [("title", "The title is blocked.")] if permit.title == "blocked" else []


S = Permit.Status
TOY_WORKFLOW = register(
    Workflow(
        name="permit",
        model=Permit,
        parties_of=parties_of,
        party_roles={"street": Role.STREET_OFFICER, "owner": Role.BUILDER},
        transitions=[
            Transition(
                "approve",
                frozenset({S.OPEN}),
                S.APPROVED,
                frozenset({"street"}),
                form=ApproveForm,
                guard=title_guard,
                updates=lambda step: {"approved_note": step.values["note"]},
            ),
            Transition("close", frozenset({S.OPEN, S.APPROVED}), S.CLOSED, frozenset({"owner", "street"})),
        ],
    )
)
