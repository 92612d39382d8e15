"""Reference data for Beijing / Dongcheng: region tree, sectors, departments, project types, scope rule.

Loading is idempotent (update_or_create on natural codes), so `minorworks init` can run on every deploy.
Another district is added by another block of the same shape — data, not code.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from .models import Department, Region, Sector

BEIJING = ("110000", "北京市", "Beijing")
DONGCHENG = ("110101", "东城区", "Dongcheng District")

# (code, name, English name, communities)
DONGCHENG_STREETS: list[tuple[str, str, str, list[str]]] = [
    (
        "110101001",
        "东华门街道",
        "Donghuamen",
        ["多福巷", "韶九", "智德", "正义路", "南池子", "北池子", "霞公府", "东厂", "王府井", "灯市口"],
    ),
    (
        "110101002",
        "景山街道",
        "Jingshan",
        ["黄化门", "钟鼓", "魏家", "汪芝麻", "景山东街", "吉祥", "大佛寺", "帽儿"],
    ),
    (
        "110101003",
        "交道口街道",
        "Jiaodaokou",
        ["交东", "福祥", "大兴", "府学", "鼓楼苑", "菊儿", "南锣鼓巷", "圆恩寺"],
    ),
    (
        "110101004",
        "安定门街道",
        "Andingmen",
        ["交北头条", "北锣鼓巷", "国子监", "五道营", "分司厅", "钟楼湾", "宝钞南", "华丰", "车辇店"],
    ),
    (
        "110101005",
        "北新桥街道",
        "Beixinqiao",
        ["九道湾", "北新桥三条", "民安", "前永康", "海运仓", "门楼", "草园", "新中街", "北新仓"],
    ),
    (
        "110101006",
        "东四街道",
        "Dongsi",
        ["东四六条", "东四七条", "东四八条", "豆瓣", "内务", "演乐", "本司", "朝西", "东四", "东四十条"],
    ),
    (
        "110101007",
        "朝阳门街道",
        "Chaoyangmen",
        ["史家", "竹杆", "朝内头条", "礼士", "南小街", "大方家", "新鲜", "西罗圈", "前拐棒", "朝阳门南"],
    ),
    (
        "110101008",
        "建国门街道",
        "Jianguomen",
        ["东总布", "赵家楼", "大雅宝", "金宝街北", "苏州", "崇内", "西总布", "北京站", "站东", "建国门北"],
    ),
    (
        "110101009",
        "东直门街道",
        "Dongzhimen",
        ["清水苑", "东环", "新中西里", "香河园", "北官厅", "胡家园", "东外", "察慈", "新中街", "海运仓东"],
    ),
    (
        "110101010",
        "和平里街道",
        "Hepingli",
        [
            "和平里东街",
            "和平里北街",
            "和平里西街",
            "交林",
            "和平家园",
            "青年湖",
            "小黄庄",
            "民旺",
            "化工",
            "安德里",
            "雍和宫",
            "和平里南",
        ],
    ),
    (
        "110101011",
        "前门街道",
        "Qianmen",
        ["草厂", "大江", "西打磨厂", "前门东大街", "鲜鱼口", "长巷", "珠市口东", "前门西"],
    ),
    (
        "110101012",
        "崇文门外街道",
        "Chongwenmenwai",
        [
            "新怡家园",
            "国瑞",
            "崇文门东大街",
            "崇文门西大街",
            "西花市南里东区",
            "西花市南里西区",
            "花市",
            "东兴隆",
            "花市东",
        ],
    ),
    (
        "110101013",
        "东花市街道",
        "Donghuashi",
        [
            "东花市北里东区",
            "东花市北里西区",
            "东花市南里",
            "广渠门外南里",
            "忠实里",
            "花市枣苑",
            "富贵园",
            "白桥",
            "东花市南",
        ],
    ),
    (
        "110101014",
        "龙潭街道",
        "Longtan",
        ["龙潭北里", "龙潭湖", "夕照寺", "板厂", "左安门", "光明楼", "新家园", "幸福", "龙潭西"],
    ),
    (
        "110101015",
        "体育馆路街道",
        "Tiyuguanlu",
        [
            "四块玉",
            "长青园",
            "东厅",
            "法华寺",
            "南岗子",
            "体育馆路",
            "新世界",
            "天龙东里",
            "幸福北里",
            "体育馆西",
        ],
    ),
    (
        "110101016",
        "天坛街道",
        "Tiantan",
        ["东晓市", "天坛东里", "金台", "永内东街", "西草市", "东唐洗泊", "祈谷", "北京体育馆", "天坛北"],
    ),
    (
        "110101017",
        "永定门外街道",
        "Yongdingmenwai",
        [
            "桃园",
            "琉璃井",
            "沙子口",
            "宝华里",
            "李村",
            "彭庄",
            "安乐林",
            "西革新里",
            "定安里",
            "民主北街",
            "景泰西里",
            "革新西里",
            "永外西",
        ],
    ),
]

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

# (code, name, English name, sectors, oversees_all)
DEPARTMENTS = [
    ("dc-zjw", "区住建委", "District Housing and Construction Commission", ["building", "municipal"], False),
    ("dc-yjj", "区应急局", "District Emergency Management Bureau", [], True),
    (
        "dc-cgw",
        "区城管委",
        "District City Management Commission",
        ["municipal", "utility", "power", "road"],
        False,
    ),
    ("dc-ylj", "区园林绿化局", "District Landscaping and Greening Bureau", ["greening"], False),
    ("dc-gzfj", "区规自分局", "District Planning and Natural Resources Branch", ["building"], False),
    ("dc-wjw", "区卫健委", "District Health Commission", [], False),
    ("dc-gzw", "区国资委", "District State-owned Assets Commission", [], False),
    ("dc-xfzd", "区消防支队", "District Fire and Rescue Detachment", [], True),
    ("dc-kxj", "区科信局", "District Science, Technology and Informatisation Bureau", ["telecom"], False),
    ("dc-czzx", "区城指中心", "District Urban Management Command Centre", [], True),
    ("dc-swj", "区水务局", "District Water Authority", ["water"], False),
    ("dc-wlj", "区文化和旅游局", "District Culture and Tourism Bureau", ["heritage"], False),
]

# (code, name, English name, sector)
PROJECT_TYPES = [
    ("building", "房屋建筑及附属设施", "Buildings and ancillary facilities", "building"),
    ("fitout", "非住宅装饰装修", "Non-residential fit-out", "building"),
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
    ("pipeline_relocation", "管线改移", "Utility-line relocation", "utility"),
    ("residential_interior", "住宅室内装饰装修", "Residential interior decoration", "building"),
    ("rural", "乡村建设", "Rural construction", "building"),
    ("temporary", "临时性建筑", "Temporary buildings", "building"),
    ("emergency", "抢险救灾", "Emergency and disaster relief works", "municipal"),
    ("military", "军事设施", "Military works", "building"),
]

BEIJING_RULE = {
    "name": "北京市限额以下工程标准",
    "basis": "京建发〔2021〕377号",
    "effective_from": dt.date(2021, 12, 1),
    "investment_limit": Decimal("1000000"),
    "floor_area_limit": Decimal("300"),
    "area_types": ["building", "fitout"],
    "investment_only_types": [
        "road",
        "water",
        "greening",
        "telecom",
        "power",
        "heritage",
        "utility",
        "urban_renewal",
        "pipeline_relocation",
    ],
    "excluded_types": ["residential_interior", "rural", "temporary", "emergency", "military"],
    "reason": "工程投资额在100万元以下（含100万元）或者建筑面积在300平方米以下（含300平方米）的房屋建筑工程，"
    "以及投资额在100万元以下（含）的公路、水务、园林绿化、通信、电力、文物、公用等专业工程，无需办理施工许可证，"
    "纳入限额以下工程管理。住宅室内装饰装修、乡村建设、临时性建筑、抢险救灾及军事工程不适用。",
    "reason_en": "Building works with investment up to 1,000,000 yuan (inclusive) or floor area up to 300 m² "
    "(inclusive), and specialist works (roads, water, greening, telecoms, power, cultural relics, utilities) up to "
    "1,000,000 yuan, need no construction permit and are managed as below-quota works. Residential interior "
    "decoration, rural construction, temporary buildings, emergency works and military works are excluded.",
}


@transaction.atomic
def load_reference() -> dict[str, int]:
    """Create or update the Beijing/Dongcheng reference data; returns counts of what now exists."""
    from minorworks.projects.models import ProjectType, ScopeRule

    city, _ = Region.objects.update_or_create(
        code=BEIJING[0],
        defaults={"name": BEIJING[1], "name_en": BEIJING[2], "level": Region.Level.CITY, "parent": None},
    )
    district, _ = Region.objects.update_or_create(
        code=DONGCHENG[0],
        defaults={
            "name": DONGCHENG[1],
            "name_en": DONGCHENG[2],
            "level": Region.Level.DISTRICT,
            "parent": city,
        },
    )
    for s_index, (code, name, name_en, communities) in enumerate(DONGCHENG_STREETS, start=1):
        street, _ = Region.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": f"{name_en} Subdistrict",
                "level": Region.Level.STREET,
                "parent": district,
                "sort": s_index,
            },
        )
        for c_index, community in enumerate(communities, start=1):
            Region.objects.update_or_create(
                code=f"{code}{c_index:03d}",
                defaults={
                    "name": f"{community}社区",
                    "name_en": f"{community} Community",
                    "level": Region.Level.COMMUNITY,
                    "parent": street,
                    "sort": c_index,
                },
            )
    sectors = {}
    for code, name, name_en in SECTORS:
        sectors[code], _ = Sector.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en}
        )
    for code, name, name_en, sector_codes, oversees_all in DEPARTMENTS:
        department, _ = Department.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "district": district, "oversees_all": oversees_all},
        )
        department.sectors.set([sectors[c] for c in sector_codes])
    for sort, (code, name, name_en, sector) in enumerate(PROJECT_TYPES, start=1):
        ProjectType.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "sector": sectors[sector], "sort": sort}
        )
    ScopeRule.objects.update_or_create(
        jurisdiction=city,
        effective_from=BEIJING_RULE["effective_from"],
        defaults={k: v for k, v in BEIJING_RULE.items() if k != "effective_from"},
    )
    return {
        "regions": Region.objects.count(),
        "departments": Department.objects.count(),
        "project_types": ProjectType.objects.count(),
        "scope_rules": ScopeRule.objects.count(),
    }
