"""The stop-orders panel of a project's page, and the proposal the project's "stop" form issues."""

from __future__ import annotations

from typing import Any

from minorworks.core.jurisdiction import scoped

from .lifecycle import open_orders
from .models import OrderStatus, StopOrder


def project_panel(project: Any, request: Any) -> dict[str, Any] | None:
    user = request.user
    """The project's orders (proposed, in force, lifted) that ``user`` may see; None when there are none."""
    orders = list(scoped(StopOrder, user).filter(project=project).order_by("-proposed_at")[:10])
    return {"orders": orders} if orders else None


def stop_initial(project: Any, user: Any) -> dict[str, Any]:
    """The stop form starts from the open proposal, when there is one (the officer reviews and issues it)."""
    proposals = [order for order in open_orders(project) if order.status == OrderStatus.PROPOSED]
    proposal = max(proposals, key=lambda order: order.proposed_at, default=None)
    if proposal is None:
        return {}
    return {"proposal": proposal.pk, "reason": proposal.reason}
