"""Reference data: the standard small-works checklist (57 items) and the major-hazard criteria editions.

Loading is idempotent: the checklist's first version is created once; later changes to the data file make a
new version only when an item differs (inspections keep the version they used).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction

from .models import ChecklistItem, ChecklistTemplate, ChecklistVersion, HazardCriteria

DATA = Path(__file__).resolve().parent / "data" / "checklist_small_works.csv"
STANDARD = ("small-works", "限额以下工程安全检查表（标准版）")
# 住房和城乡建设部《房屋市政工程生产安全重大事故隐患判定标准（2022版）》, revised in 2024.
CRITERIA: list[dict[str, Any]] = [
    {
        "code": "建质规〔2022〕2号",
        "title": "房屋市政工程生产安全重大事故隐患判定标准（2022版）",
        "issued_on": dt.date(2022, 4, 19),
        "effective_from": dt.date(2022, 4, 19),
        "note": "检查表条款编号按本版",
    },
    {
        "code": "建质规〔2024〕5号",
        "title": "房屋市政工程生产安全重大事故隐患判定标准（2024年修订）",
        "issued_on": None,
        "effective_from": None,
        "note": "2024年修订版；印发日期待核实，条款对照待更新",
    },
]


def standard_items() -> list[dict[str, object]]:
    """The standard checklist's items as in the data file (comment lines skipped)."""
    with DATA.open(encoding="utf-8") as handle:
        rows = [line for line in handle if not line.startswith("#")]
    return [
        {
            "code": row["code"],
            "section": row["section"],
            "text": row["text"],
            # The reference marks clauses it could not check; users read that in Chinese.
            "basis": row["basis"]
            .replace(" [unverified article]", "（条款待核实）")
            .replace(" [unverified]", "（条款待核实）"),
            "applies_to": [row["applies_to"]] if row["applies_to"] else [],
            "default_level": row["level"],
            "sort": index,
        }
        for index, row in enumerate(csv.DictReader(rows), start=1)
    ]


def _as_data(item: ChecklistItem) -> dict[str, object]:
    return {
        k: getattr(item, k)
        for k in ("code", "section", "text", "basis", "applies_to", "default_level", "sort")
    }


@transaction.atomic
def load_checklists() -> dict[str, int]:
    """Create or update the criteria editions and the standard checklist (a new version only on change)."""
    editions = {}
    for edition in CRITERIA:
        editions[edition["code"]], _ = HazardCriteria.objects.update_or_create(
            code=edition["code"], defaults={k: v for k, v in edition.items() if k != "code"}
        )
    editions["建质规〔2024〕5号"].supersedes = editions["建质规〔2022〕2号"]
    editions["建质规〔2024〕5号"].save(update_fields=["supersedes"])
    template, _ = ChecklistTemplate.objects.get_or_create(code=STANDARD[0], defaults={"name": STANDARD[1]})
    wanted = standard_items()
    current = template.current()
    if current is None or [_as_data(i) for i in current.items.order_by("sort")] != wanted:
        version = ChecklistVersion.objects.create(
            template=template,
            number=(current.number + 1) if current else 1,
            criteria=editions["建质规〔2022〕2号"],
            note="标准检查表" if current is None else "按参考数据更新",
        )
        ChecklistItem.objects.bulk_create([ChecklistItem(version=version, **item) for item in wanted])
    return {"checklist_items": ChecklistItem.objects.filter(version=template.current()).count()}
