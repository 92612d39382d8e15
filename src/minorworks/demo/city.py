"""The demo's whole city: Beijing's fifteen other districts beside Dongcheng, each with demo streets.

Only Dongcheng's streets and communities are reference data (official divisions, ``core.reference``). For a
city-scale benchmark (`minorworks demo --city`) the other districts are created with their real names and
administrative codes, and with streets and towns that are demo rows only: numbered names such as
「朝阳区示例街道07」, codes ``<district code>9NN`` outside the official range, ``source`` left empty, one
community each. Their numbers approximate each district's count of streets and towns (about 340 in the
city), so that a district administrator of Dongcheng sees Dongcheng's share of the city's projects.
"""

from __future__ import annotations

from minorworks.orgs.models import Region

# (code, name, English name, number of streets and towns — approximately the district's own)
DISTRICTS = [
    ("110102", "西城区", "Xicheng District", 15),
    ("110105", "朝阳区", "Chaoyang District", 43),
    ("110106", "丰台区", "Fengtai District", 26),
    ("110107", "石景山区", "Shijingshan District", 9),
    ("110108", "海淀区", "Haidian District", 29),
    ("110109", "门头沟区", "Mentougou District", 13),
    ("110111", "房山区", "Fangshan District", 28),
    ("110112", "通州区", "Tongzhou District", 22),
    ("110113", "顺义区", "Shunyi District", 25),
    ("110114", "昌平区", "Changping District", 22),
    ("110115", "大兴区", "Daxing District", 22),
    ("110116", "怀柔区", "Huairou District", 16),
    ("110117", "平谷区", "Pinggu District", 18),
    ("110118", "密云区", "Miyun District", 20),
    ("110119", "延庆区", "Yanqing District", 18),
]


def _region(code: str, name: str, name_en: str, level: str, parent: Region, sort: int) -> Region:
    """The demo region of ``code``, created once (a second load keeps it as it is)."""
    region, _ = Region.objects.get_or_create(
        code=code,
        defaults={"name": name, "name_en": name_en, "level": level, "parent": parent, "sort": sort},
    )
    return region


def create_city() -> int:
    """Create the other districts with their demo streets and communities; answers how many streets."""
    city = Region.objects.get(level=Region.Level.CITY)
    streets = 0
    for sort, (code, name, name_en, count) in enumerate(DISTRICTS, start=2):
        district = _region(code, name, name_en, Region.Level.DISTRICT, city, sort)
        for n in range(1, count + 1):
            street = _region(
                f"{code}{900 + n}",
                f"{name}示例街道{n:02d}",
                f"{name_en} demo street {n}",
                Region.Level.STREET,
                district,
                n,
            )
            _region(
                f"{street.code}001",
                f"{street.name}第一社区",
                f"{street.name_en}, community 1",
                Region.Level.COMMUNITY,
                street,
                1,
            )
            streets += 1
    return streets
