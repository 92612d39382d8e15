"""The ledger of residents' reports (群众举报台账) on the core ledger engine: no reporter identity in it."""

from __future__ import annotations

from typing import Any

import django_filters
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minorworks.core.filtersets import LightFilterSet, ValuesModelChoiceFilter
from minorworks.core.jurisdiction import scoped
from minorworks.core.ledgers import Card, Column, Ledger, register
from minorworks.core.ledgers import columns as c
from minorworks.core.roles import Role
from minorworks.projects.filters import scope_streets

from .models import Category, Channel, Rating, Report, Status


class ReportLedgerFilter(LightFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    street = ValuesModelChoiceFilter(label=_("Street"), queryset=scope_streets)
    received_after = django_filters.DateFilter(
        label=_("Received from"), field_name="received_at", lookup_expr="date__gte"
    )
    received_before = django_filters.DateFilter(
        label=_("Received until"), field_name="received_at", lookup_expr="date__lte"
    )

    class Meta:
        model = Report
        fields = ["status", "category", "channel", "street"]


def _context() -> Any:
    from types import SimpleNamespace

    return SimpleNamespace(
        today=timezone.localdate(),
        yes=gettext("Yes"),
        no=gettext("No"),
        zone=timezone.get_current_timezone(),
        labels={
            "status": {v: str(label) for v, label in Status.choices},
            "category": {v: str(label) for v, label in Category.choices},
            "channel": {v: str(label) for v, label in Channel.choices},
            "rating": {v: str(label) for v, label in Rating.choices},
        },
    )


def _choice(key: str, zh: str, en: str, width: int = 12) -> Column:
    return Column(
        key, zh, en, (key,), lambda row, ctx: ctx.labels[key].get(row.get(key) or "", ""), width=width
    )


def _day(key: str, zh: str, en: str) -> Column:
    def render(row: dict[str, Any], ctx: Any):
        value = row.get(key)
        return value.astimezone(ctx.zone).date() if value else None

    return Column(key, zh, en, (key,), render, "date", 12)


def _on_time(row: dict[str, Any], ctx: Any) -> str:
    responded = row.get("responded_at")
    return ctx.yes if responded and responded <= row["respond_by"] else ctx.no


def managing(user: Any) -> str:
    """The office that keeps the ledger in ``user``'s area."""
    if user.role == Role.STREET_OFFICER and user.street_id:
        return gettext("%(street)s Safety Office") % {"street": user.street.name}
    return gettext("District Housing and Construction Commission")


REPORTS = register(
    Ledger(
        slug="reports",
        title=_("Residents' reports"),
        title_zh="群众举报台账",
        description=_("Every report received, its handling and rating (no reporter identity)."),
        roles=frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICER}),
        queryset_for=lambda user: scoped(Report, user).order_by("-received_at", "-id"),
        filterset=ReportLedgerFilter,
        columns=(
            c.seq(),
            c.text("number", "受理编号", "Tracking number", width=18),
            _day("received_at", "受理日期", "Received on"),
            _choice("channel", "来源渠道", "Channel"),
            c.text("external_number", "外部工单号", "External ticket number", width=16),
            _choice("category", "举报类别", "Category"),
            c.text("street", "承办街道", "Street", "street__name"),
            c.text("address", "地点", "Place", width=30),
            c.text("project", "关联工程", "Project", "project__number", width=16),
            _choice("status", "办理状态", "Status", width=14),
            Column(
                "responded_on_time",
                "是否按时响应",
                "Responded on time",
                ("responded_at", "respond_by"),
                _on_time,
                width=10,
            ),
            _day("closed_at", "办结日期", "Closed on"),
            c.text("reply", "答复内容", "Reply", width=40),
            _choice("rating", "评价", "Rating"),
        ),
        card=Card(
            title="number", subtitle=("category", "street"), fields=("received_at", "status", "rating")
        ),
        table=("number", "received_at", "channel", "category", "street", "status", "rating"),
        managing_party=managing,
        scope_label=lambda user: (
            user.street.name if user.street_id else (user.district.name if user.district_id else "")
        ),
        link=lambda row: reverse("reports:detail", kwargs={"report_id": row["pk"]}),
        context=_context,
    )
)
