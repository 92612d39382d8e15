"""The downloadable import template: header row, one example row, and a help sheet with allowed values."""

from __future__ import annotations

import datetime as dt
import io

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from minorworks.orgs.models import Region
from minorworks.scoperules.scope import rule_in_force

from .importspec import (
    EXAMPLE_MARK,
    HELP_SHEET_NAME,
    IMPORT_COLUMNS,
    MAX_ROWS,
    SHEET_NAME,
    import_streets,
    operation_labels_zh,
    project_types,
)

TEMPLATE_FILENAME = "限额以下工程导入模板.xlsx"
TEXT_COLUMNS = {"builder_credit_code", "contractor_credit_code", "site_manager_phone"}
DATE_COLUMNS = {"planned_start", "planned_end", "decided_on"}

INSTRUCTIONS = [
    "第一行为表头，请勿修改、删除或调换列的顺序；带“*”的列为必填。",
    f"以“{EXAMPLE_MARK}”开头的示例行不会导入，可保留或删除。",
    "每个文件最多 {rows} 行工程，文件不超过 {mb} MB，仅支持 Excel 2007 及以上（.xlsx）格式。",
    "全部行校验通过后才会导入；任何一行有误则整个文件都不导入，页面列出出错的行号、列名和原因，改正后重新上传。",
    "导入的工程视为已审核登记的工程（状态“已登记”），审核通过日期取“审核通过日期”列；登记人为导入人，登记编号由系统自动生成，并为每个工程签发安全生产管理告知书。",
    "建设单位、施工单位先按统一社会信用代码匹配，再按名称匹配；都找不到时按所填名称和代码新建。",
    "日期请填写为 YYYY-MM-DD（如 2026-03-01）或使用 Excel 日期格式；金额单位为元，面积单位为平方米。",
    "同一街道中工程名称和地址都相同的工程视为重复，不能重复导入。",
]


def _header_style(cell, required: bool) -> None:
    cell.font = Font(bold=True, color="C00000" if required else "000000")
    cell.fill = PatternFill("solid", fgColor="DDEBF7")
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _types(street: Region | None) -> list:
    """The project types that can be registered: those the scope rule in force does not exclude."""
    rule = rule_in_force(None, street) if street is not None else None
    excluded = set(rule.excluded_types) if rule else set()
    return [kind for kind in project_types() if kind.code not in excluded]


def _example_row(types: list, street: Region | None, community: Region | None) -> dict[str, object]:
    start = timezone.localdate() + dt.timedelta(days=10)
    names = {t.code: t.name for t in types}
    return {
        "name": f"{EXAMPLE_MARK}和平里东街15号院外立面修缮工程",
        "project_type": names.get("fitout") or next(iter(names.values()), ""),
        "street": street.name if street else "",
        "community": community.name if community else "",
        "address": "北京市东城区和平里东街15号",
        "investment": 500000,
        "floor_area": 120,
        "planned_start": start,
        "planned_end": start + dt.timedelta(days=60),
        "content": "外立面清洗、局部墙面修补及涂料翻新",
        "hazardous_operations": "高处作业、临时用电",
        "builder_name": "北京示例物业管理有限公司",
        "builder_credit_code": "91110101MA0000001X",
        "contractor_name": "北京示例建筑工程有限公司",
        "contractor_credit_code": "91110101MA0000002Y",
        "site_manager": "张三",
        "site_manager_phone": "13800000000",
        "is_internal": "否",
        "internal_unit": "",
        "decided_on": timezone.localdate(),
    }


def build_template(user) -> bytes:
    """The import template for ``user`` (allowed streets and communities are those in their scope)."""
    streets = list(import_streets(user))
    communities = list(
        Region.objects.filter(parent__in=streets, level=Region.Level.COMMUNITY)
        .select_related("parent")
        .order_by("parent__sort", "sort", "code")
    )
    first_street = streets[0] if streets else None
    first_community = next((c for c in communities if first_street and c.parent_id == first_street.pk), None)

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    help_ws = wb.create_sheet(HELP_SHEET_NAME)

    for index, column in enumerate(IMPORT_COLUMNS, start=1):
        cell = ws.cell(row=1, column=index, value=column.header)
        _header_style(cell, column.required)
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        if column.key in TEXT_COLUMNS:
            ws.column_dimensions[letter].number_format = "@"  # keeps long digit strings exact
    types = _types(first_street)
    example = _example_row(types, first_street, first_community)
    for index, column in enumerate(IMPORT_COLUMNS, start=1):
        cell = ws.cell(row=2, column=index, value=example[column.key])
        cell.font = Font(color="808080", italic=True)
        if column.key in DATE_COLUMNS:
            cell.number_format = "yyyy-mm-dd"
        if column.key in TEXT_COLUMNS:
            cell.number_format = "@"
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 30

    # --- help sheet: instructions, one line per column, then the allowed values -------------------------
    help_ws.column_dimensions["A"].width = 30
    for letter in "BCDEFGHIJK":
        help_ws.column_dimensions[letter].width = 16
    help_ws.cell(row=1, column=1, value="限额以下工程导入模板　填写说明").font = Font(bold=True, size=14)
    row = 2
    mb = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
    for number, text in enumerate(INSTRUCTIONS, start=1):
        help_ws.cell(row=row, column=1, value=f"{number}. {text.format(rows=MAX_ROWS, mb=mb)}")
        row += 1
    row += 1
    for index, text in enumerate(("列名", "是否必填", "填写要求")):
        _header_style(help_ws.cell(row=row, column=index + 1, value=text), False)
    row += 1
    for column in IMPORT_COLUMNS:
        help_ws.cell(row=row, column=1, value=column.zh)
        help_ws.cell(row=row, column=2, value="必填" if column.required else "选填")
        help_ws.cell(row=row, column=3, value=column.note)
        row += 1
    row += 1

    help_ws.cell(row=row, column=1, value="允许填写的值").font = Font(bold=True, size=12)
    row += 1
    tables = [
        ("A", ("工程类型", "类型代码"), [(t.name, t.code) for t in types]),
        ("D", ("街道", "街道代码"), [(s.name, s.code) for s in streets]),
        ("G", ("街道", "社区"), [(c.parent.name, c.name) for c in communities]),
        ("J", ("危险作业", "代码"), [(label, code) for code, label in operation_labels_zh()]),
    ]
    first = row + 1
    ranges: dict[str, str] = {}
    sheet = quote_sheetname(HELP_SHEET_NAME)
    for letter, titles, values in tables:
        col = help_ws[f"{letter}1"].column
        for offset, title in enumerate(titles):
            _header_style(help_ws.cell(row=row, column=col + offset, value=title), False)
        for i, pair in enumerate(values):
            for offset, value in enumerate(pair):
                help_ws.cell(row=first + i, column=col + offset, value=value)
        value_letter = get_column_letter(col + (1 if letter == "G" else 0))
        ranges[letter] = f"{sheet}!${value_letter}${first}:${value_letter}${first + max(len(values), 1) - 1}"

    # Drop-down lists on the data sheet; free text is still validated on import.
    last = MAX_ROWS + 1
    letters = {column.key: get_column_letter(i) for i, column in enumerate(IMPORT_COLUMNS, start=1)}
    for key, formula in (
        ("project_type", ranges["A"]),
        ("street", ranges["D"]),
        ("community", ranges["G"]),
        ("is_internal", '"是,否"'),
    ):
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
        validation.add(f"{letters[key]}2:{letters[key]}{last}")
        ws.add_data_validation(validation)

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
