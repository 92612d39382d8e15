"""The training attendance ledger (培训签到台账): every attendance in the user's scope, filterable by training
and date, on the ledger engine (page, phone cards, .xlsx export, API); phones masked everywhere."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minorworks.core.jurisdiction import scoped
from minorworks.core.ledgers import columns as c
from minorworks.core.ledgers.declaration import Card, Column, Ledger, register
from minorworks.core.roles import Role
from minorworks.projects.ledgers import managing_office, scope_label

from .models import Attendance, Training

STAFF = frozenset({Role.DISTRICT_ADMIN, Role.DEPARTMENT_OFFICER, Role.STREET_OFFICER})


class AttendanceFilter(django_filters.FilterSet):
    """By training (its id, as the training page links it) and by the training's date."""

    training = django_filters.NumberFilter(label=_("Training"), field_name="training_id", min_value=1)
    start_from = django_filters.DateFilter(
        label=_("From"), field_name="training__starts_at", lookup_expr="date__gte"
    )
    start_to = django_filters.DateFilter(
        label=_("To"), field_name="training__starts_at", lookup_expr="date__lte"
    )

    class Meta:
        model = Attendance
        fields: list[str] = []


def _rows(user: Any) -> QuerySet:
    return Attendance.objects.filter(training__in=scoped(Training, user)).order_by(
        "-training__starts_at", "pk"
    )


def _link(row: dict[str, Any]) -> str:
    return reverse("training:detail", kwargs={"training_id": row["training_id"]})


def _source(row: dict[str, Any], ctx: Any) -> str:
    return "扫码签到" if row.get("source") == "qr" else "现场登记"


ATTENDANCE = register(
    Ledger(
        slug="training-attendance",
        title=_("Training attendance ledger"),
        title_zh="安全培训签到台账",
        description=_(
            "Every attendee of the trainings in your jurisdiction, with whether the attendance counts."
        ),
        roles=STAFF,
        queryset_for=_rows,
        filterset=AttendanceFilter,
        columns=(
            c.seq(),
            c.text("topic", "培训主题", "Topic", "training__topic", width=30),
            c.date("date", "培训日期", "Date", "training__starts_at__date"),
            c.text("place", "培训地点", "Place", "training__place", width=20),
            c.text("name", "姓名", "Name", width=10),
            c.text("unit", "单位", "Unit", width=28),
            c.masked_phone("phone", "联系电话", "Phone (masked)", "phone"),
            Column("source", "签到方式", "How", ("source",), _source, "text", 10),
            c.yes_no("effective", "培训有效", "Effective", width=10),
        ),
        card=Card(title="name", subtitle=("topic",), fields=("date", "unit", "phone", "effective")),
        managing_party=managing_office,
        scope_label=scope_label,
        link=_link,
        link_fields=("training_id",),
    )
)
