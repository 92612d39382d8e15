"""Sites stopped longer than the district allows (issue 8 §5): flagged once per order by the daily job,
notified to the street and escalated to the district administrators."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minorworks.core.audit import record
from minorworks.core.figures import cn_date
from minorworks.core.notifications import notify
from minorworks.inspections.escalation import DEFAULTS, Recipients
from minorworks.inspections.models import InspectionPolicy

from .models import OrderStatus, StopOrder


def flag_overlong(today: dt.date | None = None) -> int:
    """Flag each order in force longer than its district's ``stopped_max_days``; answers how many."""
    today = today or timezone.localdate()
    now = timezone.now()
    limits = {p.district_id: p.stopped_max_days for p in InspectionPolicy.objects.all()}
    orders = [
        order
        for order in StopOrder.objects.filter(
            status=OrderStatus.ISSUED, overlong_flagged_at__isnull=True, issued_at__isnull=False
        )
        .select_related("project")
        .order_by("pk")
        if (today - timezone.localdate(order.issued_at)).days
        > limits.get(order.district_id, DEFAULTS.stopped_max_days)
    ]
    people = Recipients(order.project for order in orders)
    for order in orders:
        StopOrder.objects.filter(pk=order.pk).update(overlong_flagged_at=now)
        days = (today - timezone.localdate(order.issued_at)).days
        record(actor=None, action="stop_order.overlong", obj=order, after={"days_stopped": days})
        notify(
            people.street(order.project) + people.district_desk(order.project),
            kind="stop_order.overlong",
            subject=_("%(project)s has been stopped for %(days)s days"),
            body=_(
                "Stop-work order %(number)s on %(project)s has been in force since %(issued)s (%(days)s days), "
                "longer than the district's limit. Check the rectification and the conditions to resume."
            ),
            url=reverse("stoporders:detail", kwargs={"pk": order.pk}),
            obj=order,
            params={
                "project": order.project.name,
                "number": order.number or "",
                "issued": cn_date(timezone.localdate(order.issued_at)),
                "days": days,
            },
        )
    return len(orders)
