"""The project import template: its columns (a documented, fixed format) and the allowed values.

Headers are Chinese (what offices fill in); required columns start with "*". docs/ledgers.md lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import get_language

from minorworks.core.roles import Role
from minorworks.orgs.models import Region
from minorworks.projects.models import HazardousOperation
from minorworks.scoperules.models import ProjectType

SHEET_NAME = "工程登记"
HELP_SHEET_NAME = "填写说明"
EXAMPLE_MARK = "【示例】"  # rows whose project name starts with this are the template's example: skipped
MAX_ROWS = 5000


@dataclass(frozen=True)
class ImportColumn:
    """One column of the import template."""

    key: str
    zh: str
    en: str
    required: bool
    note: str  # Chinese instruction shown on the help sheet
    width: int = 16

    @property
    def header(self) -> str:
        """The header cell text: required columns are marked with a leading asterisk."""
        return f"*{self.zh}" if self.required else self.zh

    def label(self) -> str:
        """The column's name in the active language (for error reports)."""
        language = get_language() or "zh-hans"
        return self.zh if language.startswith("zh") else self.en


IMPORT_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("name", "工程名称", "Project name", True, "不超过200字；以“【示例】”开头的行不导入", 34),
    ImportColumn(
        "project_type", "工程类型", "Project type", True, "填写类型名称或代码，见下方“工程类型”", 18
    ),
    ImportColumn("street", "所属街道", "Street", True, "街道名称，如“和平里街道”；须在本人管辖范围内", 14),
    ImportColumn("community", "所属社区", "Community", True, "须为所填街道下的社区，见下方“社区”", 14),
    ImportColumn("address", "工程地址", "Address", True, "不超过200字", 30),
    ImportColumn(
        "investment", "投资额（元）", "Investment (yuan)", True, "数字，单位元，最多两位小数，不为负", 14
    ),
    ImportColumn("floor_area", "建筑面积（㎡）", "Floor area (m²)", False, "数字，单位平方米，不为负", 12),
    ImportColumn("planned_start", "计划开工日期", "Planned start", True, "日期，格式 YYYY-MM-DD", 14),
    ImportColumn("planned_end", "计划完工日期", "Planned end", True, "日期，不早于计划开工日期", 14),
    ImportColumn("content", "工程内容", "Content of works", False, "工程主要内容", 30),
    ImportColumn(
        "hazardous_operations",
        "危险作业",
        "Hazardous operations",
        False,
        "多项用顿号“、”分隔，见下方“危险作业”",
        18,
    ),
    ImportColumn(
        "builder_name", "建设单位", "Builder", True, "单位或个人名称；按信用代码、再按名称匹配，无则新建", 28
    ),
    ImportColumn(
        "builder_credit_code",
        "建设单位统一社会信用代码",
        "Builder credit code",
        False,
        "18位；个人可不填",
        22,
    ),
    ImportColumn("contractor_name", "施工单位", "Contractor", True, "按信用代码、再按名称匹配，无则新建", 28),
    ImportColumn(
        "contractor_credit_code", "施工单位统一社会信用代码", "Contractor credit code", False, "18位", 22
    ),
    ImportColumn("site_manager", "现场负责人", "Site manager", False, "姓名", 12),
    ImportColumn(
        "site_manager_phone", "现场负责人电话", "Site manager phone", False, "7至20位数字，可含“-”", 16
    ),
    ImportColumn("is_internal", "是否单位内部施工", "Works inside a unit", False, "是 / 否，默认否", 12),
    ImportColumn("internal_unit", "所在单位", "Host unit", False, "单位内部施工时必填", 24),
    ImportColumn(
        "decided_on",
        "审核通过日期",
        "Accepted on",
        False,
        "原登记审核通过的日期，不晚于今天；不填则为导入当天",
        14,
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in IMPORT_COLUMNS}

# Everyday names for hazardous operations, besides the codes and the catalogue's labels.
OPERATION_ALIASES = {
    "动火": HazardousOperation.HOT_WORK,
    "焊接": HazardousOperation.HOT_WORK,
    "高空作业": HazardousOperation.HEIGHT,
    "临电": HazardousOperation.TEMP_POWER,
    "有限空间作业": HazardousOperation.CONFINED_SPACE,
    "起重": HazardousOperation.LIFTING,
    "吊装": HazardousOperation.LIFTING,
    "拆除作业": HazardousOperation.DEMOLITION,
    "脚手架作业": HazardousOperation.SCAFFOLD,
    "基坑开挖": HazardousOperation.EXCAVATION,
    "土方开挖": HazardousOperation.EXCAVATION,
}


def normalise_header(text: object) -> str:
    """A header cell reduced to its name: no asterisks, spaces or line breaks."""
    return "".join(str(text or "").split()).lstrip("*＊").rstrip("*＊")


def operation_labels_zh() -> list[tuple[str, str]]:
    """(code, Chinese label) of each hazardous operation."""
    with translation.override("zh-hans"):
        return [(value, str(label)) for value, label in HazardousOperation.choices]


def operation_lookup() -> dict[str, str]:
    """Every accepted spelling of a hazardous operation → its code."""
    lookup = {alias: str(code) for alias, code in OPERATION_ALIASES.items()}
    for value, label in HazardousOperation.choices:
        lookup[value] = value
        lookup[str(label).lower()] = value
    for value, label_zh in operation_labels_zh():
        lookup[label_zh] = value
    return lookup


def import_streets(user):
    """The streets ``user`` may import projects into (their street, or their district's streets)."""
    streets = Region.objects.filter(level=Region.Level.STREET).order_by("sort", "code")
    if user.role == Role.STREET_OFFICER:
        return streets.filter(pk=user.street_id)
    if user.role == Role.DISTRICT_ADMIN:
        return streets.filter(parent_id=user.district_id)
    return streets.none()


def project_types():
    """Every project type, in display order."""
    return ProjectType.objects.order_by("sort", "code")
