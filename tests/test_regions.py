"""Dongcheng's region tree from the official statistical division codes (国家统计局, 2023, as of 2023-06-30),
and loading it onto a database that holds the platform's earlier, unofficial community list."""

from __future__ import annotations

import datetime as dt

import pytest

from minorworks.accounts.models import User
from minorworks.core.roles import Role
from minorworks.leads.forms import LeadForm
from minorworks.orgs.models import Region
from minorworks.orgs.reference import load_reference
from minorworks.projects.filters import ProjectFilter
from minorworks.registration.forms import RegistrationForm

from .conftest import client_for
from .factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2023, 6, 30)
BEIXINQIAO, JIANGUOMEN, DONGZHIMEN, HEPINGLI = "110101005", "110101008", "110101009", "110101010"


def communities(street_code: str) -> list[str]:
    return list(
        Region.objects.current()
        .filter(parent__code=street_code, level=Region.Level.COMMUNITY)
        .order_by("sort")
        .values_list("name", flat=True)
    )


def test_beixinqiao(reference):
    assert communities(BEIXINQIAO) == [
        f"{n}社区"
        for n in ["海运仓", "北新仓", "门楼", "民安", "九道湾", "北官厅", "青龙", "小菊", "草园", "前永康"]
    ]
    assert Region.objects.get(code="110101005009").name == "北官厅社区"


def test_jianguomen(reference):
    assert communities(JIANGUOMEN) == [
        f"{n}社区"
        for n in ["赵家楼", "西总布", "大雅宝", "苏州", "外交部街", "站东", "金宝街北", "东总布", "崇内"]
    ]
    assert Region.objects.get(code="110101008014").name == "外交部街社区"


def test_hepingli(reference):
    names = ["民旺", "安德路", "二区", "七区", "化工", "安德里", "兴化", "人定湖", "小黄庄", "总政", "安贞苑"]
    names += ["地坛", "黄寺", "新建路", "东河沿", "西河沿", "青年湖", "和平里", "交林", "上龙"]
    assert communities(HEPINGLI) == [f"{n}社区" for n in names]


def test_the_whole_district_is_official_and_dated(reference):
    streets = Region.objects.filter(parent__code="110101", level=Region.Level.STREET)
    assert streets.count() == 17
    found = Region.objects.filter(parent__in=streets, level=Region.Level.COMMUNITY)
    assert found.count() == 169
    assert all(len(r.code) == 12 and r.code.startswith(r.parent.code) for r in found.select_related("parent"))
    assert not found.exclude(name__endswith="社区").exists()  # no invented suffixes, no 居委会
    for region in [*found, *streets, Region.objects.get(code="110101")]:
        assert region.source == "国家统计局《2023年统计用区划代码和城乡划分代码》" and region.as_of == AS_OF
    assert "北官厅社区" not in communities(DONGZHIMEN)
    assert not Region.objects.filter(name="和平家园社区").exists()  # it lies in 朝阳区


def test_loading_twice_changes_nothing(reference):
    before = list(Region.objects.order_by("pk").values_list("pk", "code", "name", "parent_id", "retired_on"))
    load_reference()
    assert (
        list(Region.objects.order_by("pk").values_list("pk", "code", "name", "parent_id", "retired_on"))
        == before
    )


OLD_BEIXINQIAO = ["九道湾", "北新桥三条", "民安", "前永康", "海运仓", "门楼", "草园", "新中街", "北新仓"]
OLD_HEPINGLI = ["和平里东街", "和平里北街", "和平里西街", "交林", "和平家园", "青年湖"]


def _earlier_version(street_code: str, names: list[str]) -> dict[str, Region]:
    """The street as the platform's earlier list had it: invented codes {street}{n:03d}, no source."""
    street = Region.objects.get(code=street_code)
    Region.objects.filter(parent=street, level=Region.Level.COMMUNITY).delete()
    return {
        name: Region.objects.create(
            code=f"{street_code}{i:03d}",
            name=f"{name}社区",
            name_en=f"{name} Community",
            level=Region.Level.COMMUNITY,
            parent=street,
            sort=i,
        )
        for i, name in enumerate(names, start=1)
    }


@pytest.fixture
def upgraded(world):
    """An existing database: old communities with projects and a grid worker, then the new loader."""
    User.objects.filter(pk=world.grid_worker.pk).update(street=world.street_b, community=world.community_b)
    old = _earlier_version(BEIXINQIAO, OLD_BEIXINQIAO)
    old.update(_earlier_version(HEPINGLI, OLD_HEPINGLI))
    street = Region.objects.get(code=BEIXINQIAO)
    hepingli = Region.objects.get(code=HEPINGLI)
    projects = {
        name: ProjectFactory(street=old[name].parent, community=old[name])
        for name in ["九道湾", "新中街", "北新桥三条", "和平家园"]
    }
    grid = UserFactory(
        username="grid-old",
        role=Role.GRID_WORKER,
        district=street.parent,
        street=hepingli,
        community=old["和平家园"],
    )
    counts = load_reference()
    return old, projects, grid, counts


def test_an_old_community_with_the_official_name_takes_the_official_code(upgraded):
    old, projects, _, _ = upgraded
    jiudaowan = Region.objects.get(pk=old["九道湾"].pk)
    assert (jiudaowan.code, jiudaowan.retired_on, jiudaowan.source) == (
        "110101005008",
        None,
        "国家统计局《2023年统计用区划代码和城乡划分代码》",
    )
    projects["九道湾"].refresh_from_db()
    assert projects["九道湾"].community_id == jiudaowan.pk
    # The code the old list gave 九道湾 belongs to 海运仓, which was the old row with that name.
    assert Region.objects.get(code="110101005001").pk == old["海运仓"].pk


def test_unofficial_communities_are_retired_not_deleted(upgraded):
    old, projects, grid, counts = upgraded
    for name in ["新中街", "北新桥三条", "和平家园", "和平里东街"]:
        region = Region.objects.get(pk=old[name].pk)
        assert region.retired_on == AS_OF and region.name == f"{name}社区"
    # Codes an official community needs are moved aside; others are kept.
    assert Region.objects.get(pk=old["北新桥三条"].pk).code == "110101005002-retired"
    assert Region.objects.get(pk=old["和平家园"].pk).code == "110101010005"
    assert Region.objects.get(code="110101005002").name == "北新仓社区"
    projects["和平家园"].refresh_from_db()
    assert projects["和平家园"].community.name == "和平家园社区"  # old records stay readable
    grid.refresh_from_db()
    assert grid.community_id == old["和平家园"].pk
    assert communities(BEIXINQIAO) == [
        f"{n}社区"
        for n in ["海运仓", "北新仓", "门楼", "民安", "九道湾", "北官厅", "青龙", "小菊", "草园", "前永康"]
    ]
    assert counts["communities"] == 169 and counts["communities_retired"] == 6


def test_an_upgraded_database_loads_idempotently(upgraded):
    before = list(Region.objects.order_by("pk").values_list("pk", "code", "name", "parent_id", "retired_on"))
    load_reference()
    assert (
        list(Region.objects.order_by("pk").values_list("pk", "code", "name", "parent_id", "retired_on"))
        == before
    )


def test_retired_communities_are_hidden_from_choices(upgraded, world):
    old, projects, _, _ = upgraded
    retired = {str(old[n].name) for n in ["新中街", "北新桥三条"]}
    html = client_for(world, "district_admin").get("/projects/community-options/", {"street": BEIXINQIAO})
    options = html.content.decode()
    assert options.count("<option") == 11 and not any(name in options for name in retired)

    form = RegistrationForm(data={"street": BEIXINQIAO}, user=world.district_admin)
    offered = set(form.fields["community"].queryset.values_list("name", flat=True))
    assert len(offered) == 10 and not offered & retired
    posted = RegistrationForm(
        data={"street": BEIXINQIAO, "community": Region.objects.get(pk=old["新中街"].pk).code},
        user=world.district_admin,
    )
    assert "community" in posted.errors

    filter_choices = set(ProjectFilter().form.fields["community"].queryset.values_list("pk", flat=True))
    assert old["新中街"].pk not in filter_choices and old["九道湾"].pk in filter_choices

    officer = User.objects.create(
        username="hp-officer",
        role=Role.STREET_OFFICER,
        district=world.district,
        street=old["和平家园"].parent,
    )
    lead_choices = set(LeadForm(user=officer).fields["community"].queryset.values_list("pk", flat=True))
    assert old["和平家园"].pk not in lead_choices and len(lead_choices) == 20


def test_an_old_project_still_shows_its_retired_community(upgraded, world):
    _, projects, _, _ = upgraded
    page = client_for(world, "district_admin").get(f"/projects/{projects['和平家园'].pk}/")
    assert page.status_code == 200 and "和平家园社区" in page.content.decode()
