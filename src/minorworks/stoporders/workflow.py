"""The order's own transitions: withdraw a proposal; issue one for an unregistered site (no project).

An order for a registered project is issued by the project's ``stop`` transition (see :mod:`.lifecycle`),
which is the one function that stops works; here only what concerns the order alone.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from minorworks.core.audit import snapshot  # noqa: F401
from minorworks.core.roles import Role
from minorworks.core.workflow import InvalidInput, Problems, Step, Transition, Workflow, register
from minorworks.leads.domain import LEAD_WORKFLOW
from minorworks.leads.models import Lead
from minorworks.projects.numbering import next_record_number

from .lifecycle import PauseForm, StopOrderForm
from .models import BASIS, Extent, OrderStatus, StopOrder


class OrderParty(StrEnum):
    STREET = "street"
    DISTRICT = "district"


def order_parties(user: Any, order: StopOrder) -> frozenset[str]:
    """The street officers of the order's street and the district's administrators."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.role == Role.STREET_OFFICER and user.street_id == order.street_id:
        return frozenset({OrderParty.STREET})
    if user.role == Role.DISTRICT_ADMIN and user.district_id == order.district_id:
        return frozenset({OrderParty.DISTRICT})
    return frozenset()


def _withdrawn(step: Step) -> dict[str, Any]:
    return {"withdrawn_reason": step.values["reason"].strip()}


def _guard_lead(order: StopOrder, actor: Any) -> Problems:
    if order.lead_id is None:
        return [(None, _("Orders for registered projects are issued from the project's page (stop work)."))]
    return []


def _issued_for_site(step: Step) -> dict[str, Any]:
    order, values = step.obj, step.values
    extent = values.get("extent") or Extent.WHOLE
    if extent not in Extent.values:
        message = _("Choose the extent: whole, part or equipment.")
        raise InvalidInput(message, errors={"extent": [message]})
    lead = Lead.objects.get(pk=order.lead_id)
    if lead.state == Lead.State.OPEN:
        LEAD_WORKFLOW.perform("resolve_stopped", lead, actor=step.actor, note=values["reason"])
    return {
        "number": next_record_number("TG", order.district.code),
        "reason": values["reason"].strip(),
        "basis": (values.get("basis") or BASIS).strip(),
        "extent": extent,
        "extent_detail": (values.get("extent_detail") or "").strip(),
        "measures": (values.get("measures") or "").strip(),
        "resume_conditions": (values.get("resume_conditions") or "").strip(),
        "issued_at": step.now,
        "issued_by": step.actor,
    }


S = OrderStatus
STAFF = frozenset({OrderParty.STREET, OrderParty.DISTRICT})
ORDER_WORKFLOW = register(
    Workflow(
        name="stop_order",
        model=StopOrder,
        parties_of=order_parties,
        party_roles={OrderParty.STREET: Role.STREET_OFFICER, OrderParty.DISTRICT: Role.DISTRICT_ADMIN},
        state_label=lambda value: str(OrderStatus(value).label),
        related=("district",),
        stamp_field=None,
        transitions=[
            Transition(
                "withdraw",
                frozenset({S.PROPOSED}),
                S.WITHDRAWN,
                STAFF,
                form=PauseForm,
                updates=_withdrawn,
                audit_action="stop_order.withdraw",
            ),
            Transition(
                "issue_for_site",
                frozenset({S.PROPOSED}),
                S.ISSUED,
                STAFF,
                form=StopOrderForm,
                guard=_guard_lead,
                updates=_issued_for_site,
                audit_action="stop_order.issue",
            ),
        ],
    )
)
