"""Reference data: the kinds of works (with their sectors) and Beijing's dated below-quota rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from minorworks.orgs.models import Region, Sector

from .models import ProjectType, ScopeRule

BEIJING = "110000"

PROJECT_TYPES = [
    ("building", "房屋建筑及附属设施", "Buildings and ancillary facilities", "building"),
    ("fitout", "非住宅装饰装修", "Non-residential fit-out", "building"),
    ("municipal_road", "市政道路", "Municipal roads", "municipal"),
    ("road", "公路", "Roads", "road"),
    ("water", "水务", "Water works", "water"),
    ("greening", "园林绿化", "Greening", "greening"),
    ("telecom", "通信", "Telecoms", "telecom"),
    ("power", "电力", "Power", "power"),
    ("heritage", "文物", "Cultural relics", "heritage"),
    ("utility", "公用设施", "Public utilities", "utility"),
    (
        "urban_renewal",
        "城市更新（背街小巷整治、架空线入地）",
        "Urban renewal (back lanes, overhead lines underground)",
        "municipal",
    ),
    ("environment", "环境整治提升", "Environmental upgrading", "municipal"),
    ("pipeline_relocation", "管线改移", "Utility-line relocation", "utility"),
    ("residential_interior", "住宅室内装饰装修", "Residential interior decoration", "building"),
    ("rural", "乡村建设", "Rural construction", "building"),
    ("temporary", "临时性建筑", "Temporary buildings", "building"),
    ("emergency", "抢险救灾", "Emergency and disaster relief works", "municipal"),
    ("military", "军事设施", "Military works", "building"),
]

# Beijing's threshold: 京建发〔2021〕377号, in force 2021-12-01 (domain brief §2). Urban-renewal works (back lanes,
# overhead lines underground), environmental upgrading and utility-line relocation are within the 办法's scope
# and, like municipal roads, have no floor area: they are tested on investment only.
BEIJING_RULE = {
    "name": "北京市限额以下工程标准",
    "basis": "京建发〔2021〕377号",
    "effective_from": dt.date(2021, 12, 1),
    "investment_limit": Decimal("1000000"),
    "floor_area_limit": Decimal("300"),
    "area_types": ["building", "fitout"],
    "investment_only_types": [
        "municipal_road",
        "road",
        "water",
        "greening",
        "telecom",
        "power",
        "heritage",
        "utility",
        "urban_renewal",
        "environment",
        "pipeline_relocation",
    ],
    "excluded_types": ["residential_interior", "rural", "temporary", "emergency", "military"],
    "reason": "工程投资额在100万元以下（含100万元）或者建筑面积在300平方米以下（含300平方米）的房屋建筑工程，"
    "以及投资额在100万元以下（含）的市政道路、公路、水务、园林绿化、通信、电力、文物、公用等专业工程和"
    "背街小巷整治、架空线入地、环境整治提升、管线改移等城市更新工程，无需办理施工许可证，纳入限额以下工程管理。"
    "住宅室内装饰装修、乡村建设、临时性建筑、抢险救灾及军事工程不适用。",
    "reason_en": "Building works with investment up to 1,000,000 yuan (inclusive) or floor area up to 300 m² "
    "(inclusive), and, up to 1,000,000 yuan, specialist works (municipal roads, roads, water, greening, telecoms, "
    "power, cultural relics, utilities) and urban-renewal works (back lanes, overhead lines underground, "
    "environmental upgrading, utility-line relocation), need no construction permit and are managed as below-quota "
    "works. Residential interior decoration, rural construction, temporary buildings, emergency works and military "
    "works are excluded.",
}


@transaction.atomic
def load_scope_reference() -> dict[str, int]:
    """Create or update the project types and the Beijing rule (after the regions and sectors)."""
    sectors = {s.code: s for s in Sector.objects.all()}
    for sort, (code, name, name_en, sector) in enumerate(PROJECT_TYPES, start=1):
        ProjectType.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "sector": sectors[sector], "sort": sort}
        )
    ScopeRule.objects.update_or_create(
        jurisdiction=Region.objects.get(code=BEIJING),
        effective_from=BEIJING_RULE["effective_from"],
        defaults={k: v for k, v in BEIJING_RULE.items() if k != "effective_from"},
    )
    return {"project_types": ProjectType.objects.count(), "scope_rules": ScopeRule.objects.count()}
