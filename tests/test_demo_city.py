"""The city-scale demo (`minorworks demo --city`): sixteen districts, each street with its officer, and the
official reference data of Dongcheng left as it was."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F

from minorworks.accounts.models import User
from minorworks.core.reference import load_all
from minorworks.core.roles import Role
from minorworks.demo.city import DISTRICTS
from minorworks.demo.generate import load_demo
from minorworks.inspections.models import Inspection
from minorworks.orgs.models import Region
from minorworks.projects.models import Project
from minorworks.reports.models import Report


def test_the_city_demo_spreads_the_projects_over_sixteen_districts(reference):
    official = set(Region.objects.values_list("code", "name", "source", "retired_on"))
    load_demo(projects=1200, seed=3, today=dt.date(2026, 12, 1), city=True)

    districts = Region.objects.filter(level=Region.Level.DISTRICT)
    assert districts.count() == 16
    assert {c for c, *_ in DISTRICTS} | {"110101"} == set(districts.values_list("code", flat=True))
    streets = Region.objects.filter(level=Region.Level.STREET)
    assert 330 <= streets.count() <= 350
    # Projects and their inspections lie in most districts, each in its street's district.
    per_district = dict(Project.objects.values_list("district__code").annotate(n=Count("id")))
    assert len(per_district) == 16
    assert not Project.objects.exclude(district_id=F("street__parent_id")).exists()
    assert Inspection.objects.values("district").distinct().count() == 16
    assert not Inspection.objects.exclude(district_id=F("project__district_id")).exists()
    # Two residents' reports per project, in every district, each numbered by its own district.
    assert Report.objects.count() == 2 * Project.objects.count()
    assert Report.objects.values("district").distinct().count() == 16
    assert (
        not Report.objects.exclude(street__isnull=True).exclude(district_id=F("street__parent_id")).exists()
    )
    assert (
        not Report.objects.filter(status="merged").exclude(merged_into__district_id=F("district_id")).exists()
    )
    chaoyang = Report.objects.filter(district__code="110105").order_by("number").first()
    assert chaoyang is not None and chaoyang.number == "110105JB2026000001"
    # Every street has its officer, in the street's own district.
    officers = User.objects.filter(role=Role.STREET_OFFICER)
    assert set(officers.values_list("street_id", flat=True)) == set(streets.values_list("pk", flat=True))
    assert not officers.exclude(district_id=F("street__parent_id")).exists()
    # The demo streets are not official data; the official ones are untouched, also by a later `init`.
    assert not Region.objects.filter(code__startswith="110105", source__gt="").exists()
    load_all()
    assert official <= set(Region.objects.values_list("code", "name", "source", "retired_on"))
    assert not Region.objects.filter(parent__parent__code="110105", retired_on__isnull=False).exists()
