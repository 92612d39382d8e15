"""The accidents' bulletin indicator (see core.indicators)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from minorworks.core.counting import Rows
from minorworks.core.indicators import Figure, GroupKey, indicator

from .deadlines import end_of_day
from .models import Accident


@indicator(
    "accidents.count",
    title=_("Accidents"),
    definition=_("Production-safety accidents reported in the period (by the time of the accident)."),
    kind="count",
    higher_is_better=False,
    drill="accidents:list",
)
def accidents(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Accidents per street whose time falls within the inclusive period (one grouped query)."""
    begin = end_of_day(start - dt.timedelta(days=1))
    rows = (
        Accident.objects.filter(district=district, occurred_at__gt=begin, occurred_at__lte=end_of_day(end))
        .values(street_key=GroupKey("street_id"))
        .annotate(n=Rows())
    )
    return {row["street_key"]: Figure(row["n"]) for row in rows}
