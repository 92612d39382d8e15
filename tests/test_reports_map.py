"""Residents' reports on the sites map: open reports with a point, in the user's scope, for the staff who
handle reports; never the reporter."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minorworks.dashboard.sites_map import map_layers
from minorworks.reports.intake import receive_report

pytestmark = pytest.mark.django_db


def test_open_reports_are_a_layer_for_the_handling_staff_only(world):
    report = receive_report(
        actor=None,
        data={
            "category": "hazard",
            "street": world.street_a,
            "address": "和平里北街5号",
            "description": "脚手架无防护网",
            "latitude": Decimal("39.958000"),
            "longitude": Decimal("116.420000"),
            "contact_name": "李四",
            "contact_phone": "13912345678",
        },
    ).report
    layer = map_layers(world.street_a_officer)["reports"]
    assert [p["title"] for p in layer["points"]] == [report.number]
    assert "李四" not in str(layer) and "13912345678" not in str(layer)
    assert map_layers(world.street_b_officer)["reports"]["points"] == []
    assert "reports" not in map_layers(world.dept_officer)
    assert "reports" not in map_layers(world.builder)
