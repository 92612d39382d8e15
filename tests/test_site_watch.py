"""The coverage list reads each project's watch row: every writer keeps it current, a deadline falling due
is counted without the daily job, and the score ranked in SQL is the sum of the reasons shown."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from minorworks.inspections import watch
from minorworks.inspections.coverage import coverage_list
from minorworks.inspections.hazards import HAZARD_WORKFLOW, record_hazard
from minorworks.inspections.models import Hazard, SiteWatch
from minorworks.inspections.services import ResultIn, record_inspection
from minorworks.projects.models import Status

from .workflow_support import contractor_user, make_project

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def at(day: int, hour: int = 9):
    return time_machine.travel(dt.datetime(2026, 12, day, hour, 0, tzinfo=TZ), tick=False)


def row_of(user, project, day: int):
    with at(day):
        return {d.number: d for d in coverage_list(user)}[project.number]


def parts(due) -> dict[str, int]:
    return {key: n for key, n, _points in due.parts}


def stored(project) -> tuple:
    w = SiteWatch.objects.get(project=project)
    return (w.last_inspected_at, w.open_major, w.open_general, w.overdue, w.next_deadline)


def test_an_inspection_with_failed_items_is_counted_at_once(world):
    with at(1):
        site = make_project(world, Status.IN_PROGRESS)
        record_inspection(
            actor=world.street_a_officer,
            project=site,
            kind="patrol",
            inspected_at=None,
            results=[
                ResultIn(item_code="G01", answer="fail", note="塔吊未验收", level="major"),
                ResultIn(item_code="A01", answer="fail", note="临边无防护"),
            ],
        )
    due = row_of(world.street_a_officer, site, 1)
    assert parts(due)["major"] == 1 and parts(due)["general"] == 1
    assert due.last_inspected is not None and due.state == "ok"
    assert due.score == sum(points for _k, _n, points in due.parts)


def test_a_deadline_falling_due_counts_as_overdue_without_the_daily_job(world):
    with at(1):
        site = make_project(world, Status.IN_PROGRESS)
        hazard = record_hazard(
            actor=world.street_a_officer, project=site, level="general", description="临边无防护"
        )
    assert hazard.deadline == dt.date(2026, 12, 8)
    assert "overdue" not in parts(row_of(world.street_a_officer, site, 8))  # due today: not yet late
    late = row_of(world.street_a_officer, site, 9)
    assert parts(late)["overdue"] == 1, late.parts
    assert SiteWatch.objects.get(project=site).overdue == 0  # nothing was rewritten: counted by the query
    with at(9, 6):
        watch.rebuild()
    assert SiteWatch.objects.get(project=site).overdue == 1
    assert parts(row_of(world.street_a_officer, site, 9))["overdue"] == 1
    # A clock read before the row was counted does not trust the stored count either.
    assert "overdue" not in parts(row_of(world.street_a_officer, site, 5))


def test_each_hazard_transition_moves_the_counts(world):
    contractor = contractor_user(world)
    with at(1):
        site = make_project(world, Status.IN_PROGRESS, contractor=contractor)
        hazard = record_hazard(
            actor=world.street_a_officer, project=site, level="major", description="脚手架未验收"
        )
    assert parts(row_of(world.street_a_officer, site, 2))["major"] == 1
    with at(2):
        HAZARD_WORKFLOW.perform("rectify", hazard, actor=contractor, note="已整改")
    assert parts(row_of(world.street_a_officer, site, 2))["major"] == 1  # submitted is still open
    with at(3):
        HAZARD_WORKFLOW.perform("verify", hazard, actor=world.street_a_officer, passed=True)
    assert "major" not in parts(row_of(world.street_a_officer, site, 3))
    with at(4):
        HAZARD_WORKFLOW.perform("reopen", hazard, actor=world.district_admin, reason="复查发现未整改")
    assert parts(row_of(world.street_a_officer, site, 4))["major"] == 1


def test_the_rows_kept_by_the_writers_equal_a_rebuild(world):
    contractor = contractor_user(world)
    with at(1):
        sites = [make_project(world, Status.IN_PROGRESS, contractor=contractor) for _ in range(3)]
        for n, site in enumerate(sites):
            record_inspection(
                actor=world.street_a_officer,
                project=site,
                kind="patrol",
                inspected_at=None,
                results=[ResultIn(item_code="A01", answer="fail" if n else "pass", note="临边无防护")],
            )
        record_hazard(actor=world.street_a_officer, project=sites[2], level="major", description="深基坑")
        kept = {s.pk: stored(s) for s in sites}
        Hazard.objects.filter(project=sites[1]).delete()  # post_delete follows too
        kept[sites[1].pk] = stored(sites[1])
        watch.rebuild()
    assert {s.pk: stored(s) for s in sites} == kept
    assert kept[sites[1].pk][1:3] == (0, 0)


def test_the_order_is_the_score_and_the_score_is_the_sum_of_its_reasons(world):
    with at(1):
        quiet = make_project(world, Status.IN_PROGRESS)
        risky = make_project(world, Status.IN_PROGRESS, hazardous_operations=["lifting", "deep_excavation"])
        record_hazard(actor=world.street_a_officer, project=risky, level="major", description="深基坑")
    with at(20):
        rows = coverage_list(world.street_a_officer)
    numbers = [d.number for d in rows]
    assert numbers.index(risky.number) < numbers.index(quiet.number)
    for due in rows:
        assert due.score == sum(points for _k, _n, points in due.parts), due
    keys = [(("overdue", "due_soon", "ok").index(d.state), -d.score, d.due_on, d.number) for d in rows]
    assert keys == sorted(keys)
