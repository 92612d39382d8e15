"""Reference data for Beijing / Dongcheng: region tree, sectors, departments, project types, scope rule.

Loading is idempotent (update_or_create on natural codes), so `minorworks init` can run on every deploy, also on
a database loaded by an earlier version (see :mod:`minorworks.orgs.divisions`). Every block says where its facts
come from and as of when. Another district is added by another block of the same shape — data, not code.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from .divisions import Divisions, load_divisions
from .models import Department, EnterpriseCategory, Region, Sector

# The region tree: 国家统计局《2023年统计用区划代码和城乡划分代码》 as of 2023-06-30 (data/dongcheng_divisions.json).
DIVISIONS = "dongcheng"

SECTORS = [
    ("building", "房屋建筑", "Buildings"),
    ("municipal", "市政", "Municipal works"),
    ("road", "公路", "Roads"),
    ("water", "水务", "Water"),
    ("greening", "园林绿化", "Greening"),
    ("telecom", "通信", "Telecoms"),
    ("power", "电力", "Power"),
    ("heritage", "文物", "Cultural relics"),
    ("utility", "公用事业", "Utilities"),
]

# Where the departments come from: the short names are those of the seed (the drafting note of Dongcheng's
# implementation plan, 2023-04) and of the notice's chapters; the full names follow the names of Beijing's
# district bodies. Not checked against an official directory of Dongcheng's bodies (see the report of
# issue 6 §7): 区城指中心's full name is left as its short name for that reason.
DEPARTMENTS_SOURCE = "《东城区限额以下工程施工安全管理工作实施方案（报审稿）起草说明》；区级机构通行全称"
DEPARTMENTS_AS_OF = dt.date(2023, 4, 7)
SOE, MEDICAL, SCHOOL = EnterpriseCategory.DISTRICT_SOE, EnterpriseCategory.MEDICAL, EnterpriseCategory.SCHOOL

# (code, full name, short name, English name, sectors, categories of units, oversees_all)
DEPARTMENTS: list[tuple[str, str, str, str, list[str], list[str], bool]] = [
    (
        "dc-zjw",
        "区住房和城市建设委员会",
        "区住建委",
        "District Housing and Construction Commission",
        ["building", "municipal"],
        [],
        False,
    ),
    ("dc-yjj", "区应急管理局", "区应急局", "District Emergency Management Bureau", [], [], True),
    (
        "dc-cgw",
        "区城市管理委员会",
        "区城管委",
        "District City Management Commission",
        ["municipal", "utility", "power", "road"],
        [],
        False,
    ),
    (
        "dc-ylj",
        "区园林绿化局",
        "区园林绿化局",
        "District Landscaping and Greening Bureau",
        ["greening"],
        [],
        False,
    ),
    # The planning authority: it approves plans, it does not supervise the safety of building works.
    (
        "dc-gzfj",
        "市规划和自然资源委员会东城分局",
        "区规自分局",
        "Dongcheng Branch of the Municipal Planning and Natural Resources Commission",
        [],
        [],
        False,
    ),
    ("dc-wjw", "区卫生健康委员会", "区卫健委", "District Health Commission", [], [MEDICAL], False),
    (
        "dc-gzw",
        "区人民政府国有资产监督管理委员会",
        "区国资委",
        "District State-owned Assets Supervision and Administration Commission",
        [],
        [SOE],
        False,
    ),
    ("dc-jw", "区教育委员会", "区教委", "District Education Commission", [], [SCHOOL], False),
    ("dc-xfzd", "区消防救援支队", "区消防支队", "District Fire and Rescue Detachment", [], [], True),
    (
        "dc-kxj",
        "区科学技术和信息化局",
        "区科信局",
        "District Science, Technology and Informatisation Bureau",
        ["telecom"],
        [],
        False,
    ),
    ("dc-czzx", "区城指中心", "区城指中心", "District Urban Management Command Centre", [], [], True),
    ("dc-swj", "区水务局", "区水务局", "District Water Authority", ["water"], [], False),
    (
        "dc-wlj",
        "区文化和旅游局",
        "区文化和旅游局",
        "District Culture and Tourism Bureau",
        ["heritage"],
        [],
        False,
    ),
    # Named by the notice's chapters (dust and environment, wages, special equipment); no sector of works.
    ("dc-sthj", "区生态环境局", "区生态环境局", "District Ecology and Environment Bureau", [], [], False),
    (
        "dc-rsj",
        "区人力资源和社会保障局",
        "区人力社保局",
        "District Human Resources and Social Security Bureau",
        [],
        [],
        False,
    ),
    ("dc-scjgj", "区市场监督管理局", "区市场监管局", "District Market Regulation Bureau", [], [], False),
]


# (code, name, English name, sector)
@transaction.atomic
def load_reference() -> dict[str, int]:
    """Create or update the Beijing/Dongcheng reference data; returns counts of what now exists."""
    divisions = Divisions.read(DIVISIONS)
    regions = load_divisions(divisions)
    district = Region.objects.select_related("parent").get(code=divisions.district["code"])
    sectors = {}
    for code, name, name_en in SECTORS:
        sectors[code], _ = Sector.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en}
        )
    for code, name, short_name, name_en, sector_codes, categories, oversees_all in DEPARTMENTS:
        department, _ = Department.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short_name,
                "name_en": name_en,
                "district": district,
                "oversees_all": oversees_all,
                "enterprise_categories": [str(c) for c in categories],
                "source": DEPARTMENTS_SOURCE,
                "as_of": DEPARTMENTS_AS_OF,
            },
        )
        department.sectors.set([sectors[c] for c in sector_codes])
    return {
        "regions": Region.objects.count(),
        **regions,
        "departments": Department.objects.count(),
    }
