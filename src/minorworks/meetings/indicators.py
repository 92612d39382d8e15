"""The joint meetings' bulletin indicator (see core.indicators)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from minorworks.core.counting import Rows
from minorworks.core.indicators import Figure, indicator

from .models import ActionItem, ItemStatus


@indicator(
    "meetings.overdue_action_items",
    title=_("Overdue action items"),
    definition=_(
        "Action items of the joint meeting owned by a street, due in the period, that are still open after "
        "their due date or were completed after it."
    ),
    kind="count",
    higher_is_better=False,
    drill="meetings:list",
)
def overdue_action_items(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Per owner street: items due in the period that are late (open past the due date, or done after it)."""
    rows = (
        ActionItem.objects.filter(
            meeting__district=district, owner__street__isnull=False, due__gte=start, due__lte=end
        )
        .filter(Q(status=ItemStatus.OPEN, due__lt=dt.date.today()) | Q(completed_at__date__gt=F("due")))
        .values("owner__street_id")
        .annotate(n=Rows())
    )
    return {row["owner__street_id"]: Figure(row["n"]) for row in rows}
