"""The inspection ledger (检查记录台账) and the hazard ledger (隐患排查台账), declared on the core ledger engine.
Columns are the documented exchange format (docs/ledgers.md; a test compares the two)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minorworks.core.counting import Rows
from minorworks.core.jurisdiction import scoped
from minorworks.core.ledgers import Card, Column, Ledger, register
from minorworks.core.ledgers import columns as c
from minorworks.projects.ledgers import STAFF, managing_office, scope_label, street_office

from .ledger_filters import HazardLedgerFilter, InspectionLedgerFilter
from .models import Hazard, HazardStatus, Inspection, Kind, Level


@dataclass
class RowContext:
    """Labels and today's date, computed once per page or file (rendering a row never queries)."""

    today: dt.date
    zone: dt.tzinfo
    yes: str
    no: str
    kinds: dict[str, str]
    levels: dict[str, str]
    statuses: dict[str, str]

    @classmethod
    def build(cls) -> RowContext:
        """Labels in the active language (exports run under the Chinese locale)."""
        return cls(
            today=timezone.localdate(),
            zone=timezone.get_current_timezone(),
            yes=gettext("Yes"),
            no=gettext("No"),
            kinds={k: str(label) for k, label in Kind.choices},
            levels={k: str(label) for k, label in Level.choices},
            statuses={k: str(label) for k, label in HazardStatus.choices},
        )


def _local_date(name: str):
    def render(row: dict[str, Any], ctx: RowContext) -> dt.date | None:
        value = row.get(name)
        return value.astimezone(ctx.zone).date() if value else None

    return render


def _label(name: str, table: str):
    def render(row: dict[str, Any], ctx: RowContext) -> str:
        value = row.get(name) or ""
        return getattr(ctx, table).get(value, value)

    return render


def _office(row: dict[str, Any], ctx: RowContext) -> str:
    street = row.get("street__name")
    return street_office(street) if street else ""


def _due(row: dict[str, Any], ctx: RowContext) -> dt.date | None:
    """As Hazard.due_on: an on-the-spot fix is due the (local) day it was found."""
    if row.get("fix_on_spot"):
        found = row.get("found_at")
        return found.astimezone(ctx.zone).date() if found else None
    return row.get("deadline")


def _hazard_overdue(row: dict[str, Any], ctx: RowContext) -> str:
    due = _due(row, ctx)
    late = row.get("status") != HazardStatus.CLOSED and due is not None and due < ctx.today
    return ctx.yes if late else ctx.no


def _escalated(row: dict[str, Any], ctx: RowContext) -> str:
    return ctx.yes if row.get("escalated_at") else ctx.no


SEQ = c.seq()
PROJECT_NUMBER = c.text("project_number", "登记编号", "Registration number", "project__number", width=16)
PROJECT_NAME = c.text("project_name", "工程名称", "Project name", "project__name", width=32)
STREET = c.text("street", "所属街道", "Street", "street__name")
COMMUNITY = c.text("community", "所属社区", "Community", "community__name")
OFFICE = Column("managing_office", "管理单位", "Managing office", ("street__name",), _office, width=18)

INSPECTION_COLUMNS = (
    SEQ,
    c.text("number", "检查编号", "Inspection number", width=18),
    Column("inspected_on", "检查日期", "Inspection date", ("inspected_at",), _local_date("inspected_at"), "date"),
    Column("kind", "检查类型", "Kind", ("kind",), _label("kind", "kinds"), width=16),
    PROJECT_NUMBER,
    PROJECT_NAME,
    STREET,
    COMMUNITY,
    c.yes_no("passed", "是否合格", "Passed"),
    Column("hazard_count", "发现隐患数", "Hazards found", ("hazard_count",), lambda r, ctx: r["hazard_count"], "number", 10),
    c.text("conclusion", "检查结论", "Conclusion", width=40),
    c.text("notice_number", "整改通知书编号", "Rectification notice number", width=18),
    OFFICE,
)  # fmt: skip

HAZARD_COLUMNS = (
    SEQ,
    c.text("number", "隐患编号", "Hazard number", width=18),
    Column("found_on", "发现日期", "Date found", ("found_at",), _local_date("found_at"), "date"),
    PROJECT_NUMBER,
    PROJECT_NAME,
    STREET,
    COMMUNITY,
    Column("level", "隐患等级", "Level", ("level",), _label("level", "levels"), width=12),
    c.text("description", "隐患描述", "Description", width=40),
    c.text("location", "隐患部位", "Location on site", width=20),
    c.text("clause", "违反条款", "Clause breached", width=30),
    c.text("responsible_unit", "责任单位", "Responsible unit", width=26),
    c.yes_no("fix_on_spot", "是否立即整改", "Fixed on the spot"),
    c.date("deadline", "整改期限", "Deadline"),
    Column("status", "整改状态", "Status", ("status",), _label("status", "statuses"), width=12),
    Column("overdue", "是否逾期", "Overdue", ("status", "deadline", "fix_on_spot", "found_at"), _hazard_overdue, width=8),
    Column("rectified_on", "整改提交日期", "Rectification submitted", ("rectified_at",), _local_date("rectified_at"), "date"),
    Column("closed_on", "销号日期", "Closed on", ("closed_at",), _local_date("closed_at"), "date"),
    Column("escalated", "是否上报区级", "Escalated to the district", ("escalated_at",), _escalated, width=10),
    c.text("inspection_number", "检查编号", "Inspection number", "inspection__number", width=18),
    OFFICE,
)  # fmt: skip


def _inspections(user: Any) -> QuerySet[Inspection]:
    hazards = (
        Hazard.objects.filter(inspection=OuterRef("pk"))
        .order_by()
        .values("inspection")
        .annotate(n=Rows())
        .values("n")
    )
    return scoped(Inspection, user).annotate(
        hazard_count=Coalesce(Subquery(hazards, output_field=IntegerField()), 0)
    )


def _hazards(user: Any) -> QuerySet[Hazard]:
    return scoped(Hazard, user)


COMMON: dict[str, Any] = {
    "roles": STAFF,
    "managing_party": managing_office,
    "scope_label": scope_label,
    "context": RowContext.build,
}

INSPECTIONS = register(
    Ledger(
        slug="inspections",
        title=_("Inspection ledger"),
        title_zh="检查记录台账",
        description=_(
            "Every inspection in your jurisdiction, with its kind, result and the hazards it found."
        ),
        queryset_for=_inspections,
        filterset=InspectionLedgerFilter,
        columns=INSPECTION_COLUMNS,
        table=("number", "inspected_on", "kind", "project_name", "street", "passed", "hazard_count"),
        card=Card(
            title="project_name",
            subtitle=("number", "inspected_on"),
            fields=("kind", "street", "passed", "hazard_count"),
        ),
        link=lambda row: reverse("inspections:detail", kwargs={"pk": row["pk"]}),
        **COMMON,
    )
)

HAZARDS = register(
    Ledger(
        slug="hazards",
        title=_("Hazard ledger"),
        title_zh="隐患排查台账",
        description=_("Every hazard found, with its level, deadline and where its rectification stands."),
        queryset_for=_hazards,
        filterset=HazardLedgerFilter,
        columns=HAZARD_COLUMNS,
        table=(
            "number",
            "found_on",
            "project_name",
            "street",
            "level",
            "description",
            "deadline",
            "status",
            "overdue",
            "escalated",
        ),  # fmt: skip
        card=Card(
            title="description",
            subtitle=("number", "level"),
            fields=("project_name", "deadline", "status", "overdue"),
        ),
        link=lambda row: reverse("inspections:hazard_detail", kwargs={"pk": row["pk"]}),
        **COMMON,
    )
)
