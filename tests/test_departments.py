"""Departments and sectors as data: full names, who sees which projects (sectors and categories of units),
and the project types and scope lists the Beijing rule covers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from minorworks.core.roles import Role
from minorworks.orgs.models import Department, EnterpriseCategory
from minorworks.projects.scoping import visible_projects
from minorworks.scoperules.models import ProjectType
from minorworks.scoperules.scope import ABOVE, BELOW, evaluate_scope

from .factories import EnterpriseFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def officer(world, code: str):
    return UserFactory(
        username=f"officer-{code}",
        role=Role.DEPARTMENT_OFFICER,
        district=world.district,
        department=Department.objects.get(code=code),
    )


@pytest.fixture
def units(world):
    """A 京诚集团 project, a hospital's project, works inside a hospital, a school's and an ordinary fit-out."""
    fitout = ProjectType.objects.get(code="fitout")
    jingcheng = EnterpriseFactory(
        name="北京京诚集团有限公司", kinds=["builder"], category=EnterpriseCategory.DISTRICT_SOE
    )
    hospital = EnterpriseFactory(
        name="北京市和平里医院", kinds=["builder"], category=EnterpriseCategory.MEDICAL
    )
    school = EnterpriseFactory(name="东城区第一幼儿园", kinds=["builder"], category=EnterpriseCategory.SCHOOL)
    return {
        "soe": ProjectFactory(builder=jingcheng, project_type=fitout),
        "hospital": ProjectFactory(builder=hospital, project_type=fitout),
        "inside_hospital": ProjectFactory(
            project_type=fitout, is_internal=True, internal_unit=hospital.name, host_unit=hospital
        ),
        "school": ProjectFactory(builder=school, project_type=fitout),
        "ordinary": ProjectFactory(project_type=fitout),
        "building": ProjectFactory(project_type=ProjectType.objects.get(code="building")),
    }


def seen(user, units) -> set[str]:
    ids = set(visible_projects(user).values_list("pk", flat=True))
    return {name for name, project in units.items() if project.pk in ids}


def test_state_assets_commission_sees_district_soe_projects_only(world, units):
    user = officer(world, "dc-gzw")
    assert seen(user, units) == {"soe"}
    client = Client()
    client.force_login(user)
    assert client.get(f"/projects/{units['soe'].pk}/").status_code == 200
    assert client.get(f"/projects/{units['ordinary'].pk}/").status_code == 404


def test_health_commission_sees_medical_institutions_and_works_inside_them(world, units):
    assert seen(officer(world, "dc-wjw"), units) == {"hospital", "inside_hospital"}


def test_education_commission_sees_school_works(world, units):
    assert seen(officer(world, "dc-jw"), units) == {"school"}


def test_planning_branch_no_longer_sees_building_works(world, units):
    assert seen(officer(world, "dc-gzfj"), units) == set()
    assert not Department.objects.get(code="dc-gzfj").sectors.exists()


def test_housing_commission_sees_building_works_and_comprehensive_supervisors_see_all(world, units):
    assert seen(officer(world, "dc-zjw"), units) == set(units)  # all are building-sector types
    for code in ("dc-yjj", "dc-xfzd", "dc-czzx"):
        assert Department.objects.get(code=code).oversees_all
        assert seen(officer(world, code), units) == set(units)


def test_a_category_does_not_reach_another_district(world, units):
    from minorworks.orgs.models import Region

    other = Region.objects.create(
        code="110102", name="西城区", level="district", parent=world.district.parent
    )
    dept = Department.objects.create(
        code="xc-gzw", name="区国资委", district=other, enterprise_categories=["district_soe"]
    )
    user = UserFactory(username="xc", role=Role.DEPARTMENT_OFFICER, district=other, department=dept)
    assert seen(user, units) == set()


def test_full_names_short_names_and_the_departments_the_notice_names(reference):
    names = {d.code: (d.name, d.short_name) for d in Department.objects.all()}
    assert names["dc-zjw"] == ("区住房和城市建设委员会", "区住建委")
    assert names["dc-sthj"] == ("区生态环境局", "区生态环境局")
    assert names["dc-rsj"] == ("区人力资源和社会保障局", "区人力社保局")
    assert names["dc-scjgj"] == ("区市场监督管理局", "区市场监管局")
    assert names["dc-jw"] == ("区教育委员会", "区教委")
    assert all(d.source and d.as_of for d in Department.objects.all())


EXISTING_TYPES = [
    "building",
    "fitout",
    "road",
    "water",
    "greening",
    "telecom",
    "power",
    "heritage",
    "utility",
    "urban_renewal",
    "pipeline_relocation",
    "residential_interior",
    "rural",
    "temporary",
    "emergency",
    "military",
]


def test_project_types_keep_their_codes_and_gain_roads_and_environment(reference):
    codes = set(ProjectType.objects.values_list("code", flat=True))
    assert set(EXISTING_TYPES) <= codes
    assert ProjectType.objects.get(code="municipal_road").sector.code == "municipal"
    assert ProjectType.objects.get(code="environment").sector.code == "municipal"


@pytest.mark.parametrize("code", ["municipal_road", "environment", "urban_renewal", "pipeline_relocation"])
def test_renewal_roads_and_environment_are_below_quota_up_to_a_million(reference, code):
    assert evaluate_scope(code, Decimal("1000000"), None).verdict == BELOW
    assert evaluate_scope(code, Decimal("1000000.01"), Decimal("10")).verdict == ABOVE


def test_the_demo_shows_soe_and_hospital_projects_to_their_departments(reference):
    from minorworks.accounts.models import User
    from minorworks.demo.generate import load_demo

    load_demo(projects=120)
    soe = visible_projects(User.objects.get(username="demo-soe"))
    health = visible_projects(User.objects.get(username="demo-health"))
    assert soe.exists() and health.exists()
    assert set(soe.values_list("builder__name", flat=True)) == {
        "北京京诚集团有限公司",
        "北京天街集团有限公司",
    }
    assert set(health.values_list("builder__category", flat=True)) == {"medical"}
    assert visible_projects(User.objects.get(username="demo-dept")).count() == 120
    grid = User.objects.get(username="demo-grid")
    assert grid.community.name == "和平里社区" and grid.community.retired_on is None
