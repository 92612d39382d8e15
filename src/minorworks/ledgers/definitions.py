"""The three ledgers (台账): which projects each holds, its fixed export columns, and who manages it.

The export column order is an exchange format between offices (documented in docs/ledgers.md), so each
column carries its Chinese header (what the file says, whatever the UI language) and an English gloss.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minorworks.core.masking import mask_id_number, mask_phone
from minorworks.core.roles import Role
from minorworks.projects.models import OVERDUE_STATUSES, HazardousOperation, Project, Status
from minorworks.projects.scoping import visible_projects


@dataclass
class RowContext:
    """Lookups computed once per export, so rendering a row never touches the database."""

    today: dt.date
    status_labels: dict[str, str]
    operation_labels: dict[str, str]
    offices: dict[str, str] = field(default_factory=dict)  # street name → its office, filled as met

    @classmethod
    def build(cls) -> RowContext:
        """Labels in the active language (exports run under the Chinese locale)."""
        return cls(
            today=timezone.localdate(),
            status_labels={value: str(label) for value, label in Status.choices},
            operation_labels={value: str(label) for value, label in HazardousOperation.choices},
        )


Render = Callable[[dict[str, Any], RowContext], Any]


@dataclass(frozen=True)
class Column:
    """One export column: Chinese header, English gloss, the values() keys it reads and how it renders."""

    zh: str
    en: str
    fields: tuple[str, ...]
    render: Render
    kind: str = "text"  # text | date | money | number
    width: int = 14


def _field(name: str) -> Render:
    return lambda row, ctx: row.get(name) or ""


def _date(name: str) -> Render:
    return lambda row, ctx: row.get(name)


def _money(name: str) -> Render:
    def render(row: dict[str, Any], ctx: RowContext) -> Decimal | None:
        value = row.get(name)
        return None if value is None else Decimal(value).quantize(Decimal("0.01"))

    return render


def _masked_phone(name: str) -> Render:
    return lambda row, ctx: mask_phone(row.get(name))


def _masked_id(name: str) -> Render:
    return lambda row, ctx: mask_id_number(row.get(name))


def _officer(row: dict[str, Any], ctx: RowContext) -> str:
    return row.get("responsible_officer__display_name") or row.get("responsible_officer__username") or ""


def _office(row: dict[str, Any], ctx: RowContext) -> str:
    street = row.get("street__name")
    if not street:
        return ""
    if street not in ctx.offices:
        ctx.offices[street] = street_office(street)
    return ctx.offices[street]


def _status(row: dict[str, Any], ctx: RowContext) -> str:
    return ctx.status_labels.get(row["status"], row["status"])


def _operations(row: dict[str, Any], ctx: RowContext) -> str:
    return "、".join(ctx.operation_labels.get(op, op) for op in row.get("hazardous_operations") or [])


def _overdue(row: dict[str, Any], ctx: RowContext) -> str:
    end = row.get("planned_end")
    return "是" if row["status"] in OVERDUE_STATUSES and end is not None and end < ctx.today else "否"


def _registered(row: dict[str, Any], ctx: RowContext) -> dt.date | None:
    created = row.get("created_at")
    return timezone.localdate(created) if created else None


def _internal(row: dict[str, Any], ctx: RowContext) -> str:
    return "是" if row.get("is_internal") else "否"


# Columns shared by the ledgers, defined once so that the same header always means the same thing.
SEQ = Column("序号", "No.", (), lambda row, ctx: None, "number", 7)  # filled by the writer
NUMBER = Column("登记编号", "Registration number", ("number",), _field("number"), width=16)
NAME = Column("工程名称", "Project name", ("name",), _field("name"), width=34)
TYPE = Column("工程类型", "Project type", ("project_type__name",), _field("project_type__name"), width=18)
STREET = Column("所属街道", "Street", ("street__name",), _field("street__name"))
COMMUNITY = Column("所属社区", "Community", ("community__name",), _field("community__name"))
ADDRESS = Column("工程地址", "Address", ("address",), _field("address"), width=32)
HOST_UNIT = Column("所在单位", "Host unit", ("internal_unit",), _field("internal_unit"), width=26)
INTERNAL = Column("是否单位内部施工", "Works inside a unit", ("is_internal",), _internal, width=10)
BUILDER = Column("建设单位", "Builder", ("builder__name",), _field("builder__name"), width=28)
BUILDER_CODE = Column(
    "建设单位统一社会信用代码",
    "Builder credit code",
    ("builder__credit_code",),
    _field("builder__credit_code"),
    width=22,
)
CONTRACTOR = Column("施工单位", "Contractor", ("contractor__name",), _field("contractor__name"), width=28)
CONTRACTOR_CODE = Column(
    "施工单位统一社会信用代码",
    "Contractor credit code",
    ("contractor__credit_code",),
    _field("contractor__credit_code"),
    width=22,
)
MANAGER = Column(
    "现场负责人", "Site manager", ("site_manager__name",), _field("site_manager__name"), width=10
)
MANAGER_PHONE = Column(
    "现场负责人电话",
    "Site manager phone (masked)",
    ("site_manager__phone",),
    _masked_phone("site_manager__phone"),
)
MANAGER_ID = Column(
    "现场负责人身份证号",
    "Site manager identity number (masked)",
    ("site_manager__id_number",),
    _masked_id("site_manager__id_number"),
    width=20,
)
INVESTMENT = Column("投资额（元）", "Investment (yuan)", ("investment",), _money("investment"), "money", 16)
AREA = Column("建筑面积（㎡）", "Floor area (m²)", ("floor_area",), _money("floor_area"), "money", 12)
PLANNED_START = Column(
    "计划开工日期", "Planned start", ("planned_start",), _date("planned_start"), "date", 12
)
PLANNED_END = Column("计划完工日期", "Planned end", ("planned_end",), _date("planned_end"), "date", 12)
ACTUAL_START = Column("实际开工日期", "Actual start", ("actual_start",), _date("actual_start"), "date", 12)
ACTUAL_END = Column("实际完工日期", "Actual end", ("actual_end",), _date("actual_end"), "date", 12)
OPERATIONS = Column("危险作业", "Hazardous operations", ("hazardous_operations",), _operations, width=22)
STATUS = Column("工程状态", "Status", ("status",), _status, width=10)
OVERDUE = Column("是否逾期", "Overdue", ("status", "planned_end"), _overdue, width=8)
REGISTERED = Column("登记日期", "Registered on", ("created_at",), _registered, "date", 12)
STOP_REASON = Column("停工原因", "Stop reason", ("stop_reason",), _field("stop_reason"), width=40)
STOP_BY = Column(
    "停工指令下达人", "Stop ordered by", ("stop_ordered_by",), _field("stop_ordered_by"), width=18
)
OFFICER = Column(
    "责任人",
    "Responsible officer",
    ("responsible_officer__display_name", "responsible_officer__username"),
    _officer,
    width=16,
)
OFFICER_PHONE = Column(
    "责任人电话",
    "Responsible officer phone (masked)",
    ("responsible_officer__phone",),
    _masked_phone("responsible_officer__phone"),
)
OFFICE = Column("管理单位", "Managing office", ("street__name",), _office, width=18)


@dataclass(frozen=True)
class Ledger:
    """A ledger: its URL slug, titles, which registered projects it holds and its export columns."""

    slug: str
    title: str | Promise  # UI title (translated)
    title_zh: str  # the title printed in the exported file
    description: str | Promise
    condition: Q
    columns: tuple[Column, ...]

    def value_fields(self) -> list[str]:
        """The values() keys the export reads (one query, no per-row lookups)."""
        seen: dict[str, None] = {"id": None}
        for column in self.columns:
            for name in column.fields:
                seen.setdefault(name, None)
        return list(seen)


REGISTERED_ONLY = ~Q(status=Status.DRAFT)

LEDGERS: dict[str, Ledger] = {
    ledger.slug: ledger
    for ledger in (
        Ledger(
            slug="below-quota",
            title=_("Below-quota projects ledger"),
            title_zh="限额以下工程台账",
            description=_("Every registered below-quota project (all statuses except draft)."),
            condition=REGISTERED_ONLY,
            columns=(
                SEQ,
                NUMBER,
                NAME,
                TYPE,
                STREET,
                COMMUNITY,
                ADDRESS,
                INTERNAL,
                BUILDER,
                BUILDER_CODE,
                CONTRACTOR,
                CONTRACTOR_CODE,
                MANAGER,
                MANAGER_PHONE,
                MANAGER_ID,
                INVESTMENT,
                AREA,
                PLANNED_START,
                PLANNED_END,
                ACTUAL_START,
                ACTUAL_END,
                OPERATIONS,
                STATUS,
                OVERDUE,
                REGISTERED,
                OFFICER,
                OFFICER_PHONE,
                OFFICE,
            ),
        ),
        Ledger(
            slug="stopped",
            title=_("Stopped sites ledger"),
            title_zh="停工工地台账",
            description=_("Sites currently stopped, with the reason and who ordered the stop."),
            condition=Q(status=Status.STOPPED),
            columns=(
                SEQ,
                NUMBER,
                NAME,
                TYPE,
                STREET,
                COMMUNITY,
                ADDRESS,
                BUILDER,
                CONTRACTOR,
                MANAGER,
                MANAGER_PHONE,
                PLANNED_START,
                PLANNED_END,
                ACTUAL_START,
                STOP_REASON,
                STOP_BY,
                OFFICER,
                OFFICER_PHONE,
                OFFICE,
            ),
        ),
        Ledger(
            slug="internal",
            title=_("Works inside units ledger"),
            title_zh="单位内部施工台账",
            description=_("Registered works carried out inside a unit's premises, with the host unit."),
            condition=Q(is_internal=True) & REGISTERED_ONLY,
            columns=(
                SEQ,
                NUMBER,
                NAME,
                HOST_UNIT,
                TYPE,
                STREET,
                COMMUNITY,
                ADDRESS,
                BUILDER,
                CONTRACTOR,
                MANAGER,
                MANAGER_PHONE,
                INVESTMENT,
                PLANNED_START,
                PLANNED_END,
                STATUS,
                OVERDUE,
                OFFICER,
                OFFICER_PHONE,
                OFFICE,
            ),
        ),
    )
}


def ledger_projects(ledger: Ledger, user) -> QuerySet[Project]:
    """The projects of ``ledger`` that ``user`` may see."""
    return visible_projects(user).filter(ledger.condition)


def street_office(street_name: str) -> str:
    """The office of a street that manages its ledgers, e.g. 和平里街道平安办."""
    return gettext("%(street)s Safety Office") % {"street": street_name}


def managing_office(user) -> str:
    """The office responsible for the ledger in ``user``'s scope (明确由谁管理)."""
    if user.role in (Role.STREET_OFFICER, Role.GRID_WORKER) and user.street_id:
        return street_office(user.street.name)
    if user.department_id:
        return user.department.name
    return gettext("District Housing and Construction Commission")


def scope_label(user) -> str:
    """The area the ledger covers for ``user``: district, street or community."""
    if user.role == Role.GRID_WORKER and user.community_id:
        return f"{user.street.name} {user.community.name}"
    if user.role == Role.STREET_OFFICER and user.street_id:
        return user.street.name
    if user.role == Role.DEPARTMENT_OFFICER and user.department_id and user.district_id:
        return f"{user.district.name}（{user.department.name}）"
    return user.district.name if user.district_id else ""
