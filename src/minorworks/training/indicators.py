"""The trainings' bulletin indicator (see core.indicators)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minorworks.core.counting import Rows
from minorworks.core.indicators import Figure, indicator

from .models import Attendance


@indicator(
    "training.effective_attendance",
    title=_("Effective training attendance"),
    definition=_(
        "Attendances of trainings held in the period that count as effective (quiz passed, or no quiz), "
        "out of all attendances; by the street of the training (district-wide trainings have no street)."
    ),
    kind="ratio",
    higher_is_better=True,
    drill="training:list",
)
def effective_attendance(district, start: dt.date, end: dt.date) -> dict[int, Figure]:
    """Effective ÷ all attendances per street of the trainings held in the period (one grouped query)."""
    begin = timezone.make_aware(dt.datetime.combine(start, dt.time()))
    finish = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
    rows = (
        Attendance.objects.filter(
            training__district=district,
            training__street__isnull=False,
            training__starts_at__gte=begin,
            training__starts_at__lt=finish,
        )  # fmt: skip
        .values("training__street_id")
        .annotate(total=Rows(), effective=Rows(filter=Q(effective=True)))
    )
    return {row["training__street_id"]: Figure(row["effective"], row["total"]) for row in rows}
