"""The registry's ledgers (台账), declared on the core ledger engine: below-quota projects, stopped sites, works
inside units. Columns are the documented exchange format (docs/ledgers.md; a test compares the two)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minorworks.core.ledgers import Card, Column, Ledger, register
from minorworks.core.ledgers import columns as c
from minorworks.core.roles import Role

from .ledger_filters import LedgerFilter, StoppedLedgerFilter
from .models import OVERDUE_STATUSES, HazardousOperation, Project, Status
from .scoping import visible_projects

STAFF = frozenset({Role.DISTRICT_ADMIN, Role.DEPARTMENT_OFFICER, Role.STREET_OFFICER, Role.GRID_WORKER})


@dataclass
class RowContext:
    """Lookups computed once per page or file, so rendering a row never touches the database."""

    today: dt.date
    status_labels: dict[str, str]
    operation_labels: dict[str, str]
    yes: str
    no: str
    zone: dt.tzinfo
    offices: dict[str, str] = field(default_factory=dict)  # street name → its office, filled as met

    @classmethod
    def build(cls) -> RowContext:
        """Labels in the active language (exports run under the Chinese locale)."""
        return cls(
            today=timezone.localdate(),
            status_labels={value: str(label) for value, label in Status.choices},
            operation_labels={value: str(label) for value, label in HazardousOperation.choices},
            yes=gettext("Yes"),
            no=gettext("No"),
            zone=timezone.get_current_timezone(),
        )


def street_office(street_name: str) -> str:
    """The office of a street that manages its ledgers, e.g. 和平里街道平安办."""
    return gettext("%(street)s Safety Office") % {"street": street_name}


def managing_office(user: Any) -> str:
    """The office responsible for the ledger in ``user``'s scope (明确由谁管理)."""
    if user.role in (Role.STREET_OFFICER, Role.GRID_WORKER) and user.street_id:
        return street_office(user.street.name)
    if user.department_id:
        return user.department.name
    return gettext("District Housing and Construction Commission")


def scope_label(user: Any) -> str:
    """The area the ledger covers for ``user``: district, street or community."""
    if user.role == Role.GRID_WORKER and user.community_id:
        return f"{user.street.name} {user.community.name}"
    if user.role == Role.STREET_OFFICER and user.street_id:
        return user.street.name
    if user.role == Role.DEPARTMENT_OFFICER and user.department_id and user.district_id:
        return f"{user.district.name}（{user.department.name}）"
    return user.district.name if user.district_id else ""


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
    late = row["status"] in OVERDUE_STATUSES and end is not None and end < ctx.today
    return ctx.yes if late else ctx.no


def _registered(row: dict[str, Any], ctx: RowContext) -> dt.date | None:
    created = row.get("created_at")
    return created.astimezone(ctx.zone).date() if created else None


# Columns shared by the ledgers, defined once so that the same header always means the same thing.
SEQ = c.seq()
NUMBER = c.text("number", "登记编号", "Registration number", width=16)
NAME = c.text("name", "工程名称", "Project name", width=34)
TYPE = c.text("project_type", "工程类型", "Project type", "project_type__name", width=18)
STREET = c.text("street", "所属街道", "Street", "street__name")
COMMUNITY = c.text("community", "所属社区", "Community", "community__name")
ADDRESS = c.text("address", "工程地址", "Address", width=32)
HOST_UNIT = c.text("internal_unit", "所在单位", "Host unit", width=26)
INTERNAL = c.yes_no("is_internal", "是否单位内部施工", "Works inside a unit")
BUILDER = c.text("builder", "建设单位", "Builder", "builder__name", width=28)
BUILDER_CODE = c.text(
    "builder_credit_code", "建设单位统一社会信用代码", "Builder credit code", "builder__credit_code", width=22
)
CONTRACTOR = c.text("contractor", "施工单位", "Contractor", "contractor__name", width=28)
CONTRACTOR_CODE = c.text(
    "contractor_credit_code",
    "施工单位统一社会信用代码",
    "Contractor credit code",
    "contractor__credit_code",
    width=22,
)
MANAGER = c.text("site_manager", "现场负责人", "Site manager", "site_manager__name", width=10)
MANAGER_PHONE = c.masked_phone(
    "site_manager_phone", "现场负责人电话", "Site manager phone (masked)", "site_manager__phone"
)
MANAGER_ID = c.masked_id(
    "site_manager_id_number",
    "现场负责人身份证号",
    "Site manager identity number (masked)",
    "site_manager__id_number",
)
INVESTMENT = c.money("investment", "投资额（元）", "Investment (yuan)")
AREA = c.money("floor_area", "建筑面积（㎡）", "Floor area (m²)", width=12)
PLANNED_START = c.date("planned_start", "计划开工日期", "Planned start")
PLANNED_END = c.date("planned_end", "计划完工日期", "Planned end")
ACTUAL_START = c.date("actual_start", "实际开工日期", "Actual start")
ACTUAL_END = c.date("actual_end", "实际完工日期", "Actual end")
OPERATIONS = Column(
    "hazardous_operations",
    "危险作业",
    "Hazardous operations",
    ("hazardous_operations",),
    _operations,
    width=22,
)
STATUS = Column("status", "工程状态", "Status", ("status",), _status, width=10)
OVERDUE = Column("overdue", "是否逾期", "Overdue", ("status", "planned_end"), _overdue, width=8)
REGISTERED = Column("registered_on", "登记日期", "Registered on", ("created_at",), _registered, "date", 12)
STOP_REASON = c.text("stop_reason", "停工原因", "Stop reason", width=40)
STOP_BY = c.text("stop_ordered_by", "停工指令下达人", "Stop ordered by", width=18)
OFFICER = Column(
    "responsible_officer",
    "责任人",
    "Responsible officer",
    ("responsible_officer__display_name", "responsible_officer__username"),
    _officer,
    width=16,
)
OFFICER_PHONE = c.masked_phone(
    "responsible_officer_phone",
    "责任人电话",
    "Responsible officer phone (masked)",
    "responsible_officer__phone",
)
OFFICE = Column("managing_office", "管理单位", "Managing office", ("street__name",), _office, width=18)

CARD = Card(
    title="name",
    subtitle=("number", "status"),
    fields=("street", "builder", "site_manager_phone", "planned_end", "responsible_officer"),
)


def _detail_url(row: dict[str, Any]) -> str:
    return reverse("projects:detail", kwargs={"pk": row["pk"]})


def _rows(condition: Q):
    def queryset_for(user: Any) -> QuerySet[Project]:
        return visible_projects(user).filter(condition)

    return queryset_for


REGISTERED_ONLY = ~Q(status=Status.DRAFT)
COMMON: dict[str, Any] = {
    "roles": STAFF,
    "managing_party": managing_office,
    "scope_label": scope_label,
    "link": _detail_url,
    "context": RowContext.build,
}

BELOW_QUOTA = register(
    Ledger(
        slug="below-quota",
        title=_("Below-quota projects ledger"),
        title_zh="限额以下工程台账",
        description=_("Every registered below-quota project (all statuses except draft)."),
        queryset_for=_rows(REGISTERED_ONLY),
        filterset=LedgerFilter,
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
        ),  # fmt: skip
        table=(
            "number",
            "name",
            "project_type",
            "street",
            "community",
            "builder",
            "contractor",
            "site_manager",
            "site_manager_phone",
            "status",
            "overdue",
            "planned_start",
            "planned_end",
            "responsible_officer",
        ),  # fmt: skip
        card=CARD,
        **COMMON,
    )
)

STOPPED = register(
    Ledger(
        slug="stopped",
        title=_("Stopped sites ledger"),
        title_zh="停工工地台账",
        description=_("Sites currently stopped, with the reason and who ordered the stop."),
        queryset_for=_rows(Q(status=Status.STOPPED)),
        filterset=StoppedLedgerFilter,
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
        ),  # fmt: skip
        table=(
            "number",
            "name",
            "street",
            "community",
            "builder",
            "contractor",
            "site_manager",
            "site_manager_phone",
            "stop_reason",
            "stop_ordered_by",
            "actual_start",
            "responsible_officer",
        ),  # fmt: skip
        card=Card(
            title="name",
            subtitle=("number", "street"),
            fields=("stop_reason", "stop_ordered_by", "site_manager_phone", "responsible_officer"),
        ),
        **COMMON,
    )
)

INTERNAL_WORKS = register(
    Ledger(
        slug="internal",
        title=_("Works inside units ledger"),
        title_zh="单位内部施工台账",
        description=_("Registered works carried out inside a unit's premises, with the host unit."),
        queryset_for=_rows(Q(is_internal=True) & REGISTERED_ONLY),
        filterset=LedgerFilter,
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
        ),  # fmt: skip
        table=(
            "number",
            "name",
            "internal_unit",
            "street",
            "community",
            "builder",
            "contractor",
            "site_manager",
            "site_manager_phone",
            "status",
            "overdue",
            "planned_end",
            "responsible_officer",
        ),  # fmt: skip
        card=Card(
            title="name",
            subtitle=("number", "status"),
            fields=("internal_unit", "street", "site_manager_phone", "planned_end", "responsible_officer"),
        ),
        **COMMON,
    )
)
