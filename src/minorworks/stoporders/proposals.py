"""Proposed stop-work orders: made automatically when a major hazard is found, when a rectification deadline
passes (the daily job), or when an unregistered site is found; an officer issues or withdraws them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from minorworks.core.audit import record, snapshot
from minorworks.inspections.models import Hazard, HazardStatus, Level
from minorworks.projects.models import Status

from .models import OrderStatus, Source, StopOrder

PROPOSAL_AUDIT = ["status", "source", "project", "lead", "inspection", "hazard", "reason"]
STOPPABLE = frozenset({Status.IN_PROGRESS, Status.STOPPED})


def _open_order_exists(project_id: int) -> bool:
    return StopOrder.objects.filter(
        project_id=project_id, status__in=[OrderStatus.PROPOSED, OrderStatus.ISSUED]
    ).exists()


def propose(
    *, project: Any, source: str, reason: str, actor: Any, inspection=None, hazard=None
) -> StopOrder | None:
    """Propose an order for ``project`` unless one is proposed or in force already (idempotent)."""
    if project.status not in STOPPABLE or _open_order_exists(project.pk):
        return None
    order = StopOrder.objects.create(
        project=project,
        source=source,
        inspection=inspection,
        hazard=hazard,
        district_id=project.district_id,
        street_id=project.street_id,
        community_id=project.community_id,
        reason=reason,
    )
    record(actor=actor, action="stop_order.propose", obj=order, after=snapshot(order, PROPOSAL_AUDIT))
    return order


def on_hazards_recorded(
    sender: Any, *, inspection: Any, hazards: list[Hazard], actor: Any, **kwargs: Any
) -> bool:
    """A major hazard proposes an order; answers whether an order stands proposed or in force for it."""
    majors = [h for h in hazards if h.level == Level.MAJOR]
    if majors:
        first = majors[0]
        propose(
            project=first.project,
            source=Source.MAJOR_HAZARD,
            reason=_("Major hazard %(number)s: %(description)s")
            % {"number": first.number, "description": first.description},
            actor=actor,
            inspection=inspection,
            hazard=first,
        )
    if inspection is None:
        return bool(majors)
    return StopOrder.objects.filter(
        Q(inspection=inspection) | Q(hazard__inspection=inspection),
        status__in=[OrderStatus.PROPOSED, OrderStatus.ISSUED],
    ).exists()


def propose_for_overdue(today=None) -> int:
    """The daily job's part: propose an order for each project with a hazard past its deadline."""
    today = today or timezone.localdate()
    overdue = (
        Hazard.objects.filter(
            status__in=[HazardStatus.OPEN], deadline__lt=today, project__status__in=STOPPABLE
        )
        .select_related("project")
        .order_by("project_id", "deadline")
    )
    made = 0
    seen: set[int] = set()
    for hazard in overdue:
        if hazard.project_id in seen:
            continue
        seen.add(hazard.project_id)
        order = propose(
            project=hazard.project,
            source=Source.DEADLINE,
            reason=_("The rectification deadline of hazard %(number)s (%(date)s) has passed.")
            % {"number": hazard.number, "date": hazard.deadline.isoformat()},
            actor="system",
            hazard=hazard,
        )
        made += order is not None
    return made


def on_lead_recorded(sender: Any, *, lead: Any, actor: Any, **kwargs: Any) -> None:
    """An unregistered site found on patrol gets a proposed order for the street to issue or withdraw."""
    if StopOrder.objects.filter(lead=lead, status__in=[OrderStatus.PROPOSED, OrderStatus.ISSUED]).exists():
        return
    order = StopOrder.objects.create(
        lead=lead,
        source=Source.UNREGISTERED,
        district_id=lead.district_id,
        street_id=lead.street_id,
        community_id=lead.community_id,
        reason=_("Works found without registration at %(address)s.") % {"address": lead.address},
    )
    record(actor=actor, action="stop_order.propose", obj=order, after=snapshot(order, PROPOSAL_AUDIT))
