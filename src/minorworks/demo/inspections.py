"""Demo inspections, hazards and stop-work orders in realistic proportions, dated within each project's life.

At the seed's scale (790 projects) there are 544 inspections, each with every applicable answer, 7 joint
inspections with 区应急局 and 区消防支队 and 8 made at a street's request. At benchmark scale (10,000 projects
and more) each project gets ~7 inspections and ~15 hazards over its life (700,000 and 1,500,000 for 100,000
projects); only the failed answers are stored then, to keep the load fast. Rows go in as plain tuples
through one executemany per table (model instances cost most of the time of a large load).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from django.db import connection
from django.utils import timezone

from minorworks.core.sequences import ensure_at_least
from minorworks.inspections.coverage import refresh_contractor_history
from minorworks.inspections.models import ChecklistItem, Hazard, Inspection, InspectionResult, Kind
from minorworks.inspections.reference import STANDARD
from minorworks.inspections.watch import rebuild as rebuild_site_watch
from minorworks.orgs.models import Department
from minorworks.projects.models import Project, Status
from minorworks.stoporders.models import StopOrder

from .timeline import latest_moment

SEED_INSPECTIONS = 544  # the seed's count for 790 projects
LARGE = 10_000  # from here on: benchmark proportions
INSPECTED = (Status.ACCEPTED, Status.IN_PROGRESS, Status.STOPPED, Status.COMPLETED, Status.ARCHIVED)
KIND_MIX = [(Kind.PATROL, 70), (Kind.CAMPAIGN, 12), (Kind.SPOT_CHECK, 6), (Kind.REINSPECTION, 12)]
FIX_NOTES = ["已按要求整改到位，附整改照片。", "已更换合格设备并重新验收。", "已补办审批手续并完成交底。"]


def _insert(model: Any, fields: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    qn = connection.ops.quote_name
    columns = ", ".join(qn(model._meta.get_field(f).column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from _meta
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def load_inspections(
    rng: random.Random, today: dt.date, officers: dict[int, Any], total_projects: int
) -> dict[str, int]:
    """Inspections, their hazards and stop-work orders for the loaded demo projects; returns counts."""
    large = total_projects >= LARGE
    projects = list(
        Project.objects.filter(status__in=INSPECTED)
        .values_list(
            "pk",
            "status",
            "district_id",
            "street_id",
            "community_id",
            "actual_start",
            "actual_end",
            "decided_at",
            "hazardous_operations",
            "contractor__name",
            "builder__name",
        )
        .order_by("pk")
    )
    if not projects:
        return {"inspections": 0, "hazards": 0, "stop_orders": 0}
    version = (
        Inspection._meta.get_field("checklist")
        .related_model.objects.filter(template__code=STANDARD[0])
        .order_by("-number")
        .first()
    )
    items = list(ChecklistItem.objects.filter(version=version).order_by("sort"))
    wanted = total_projects * 7 if large else round(SEED_INSPECTIONS * total_projects / 790)
    ops = connection.ops
    latest = latest_moment(today)
    departments = {d.code: d.pk for d in Department.objects.filter(code__in=["dc-yjj", "dc-xfzd"])}
    inspections: list[tuple] = []
    inspectors: list[tuple] = []
    joint_rows: list[tuple] = []
    results: list[tuple] = []
    hazards: list[tuple] = []
    next_inspection = (Inspection.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    next_result = (InspectionResult.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    next_hazard = (Hazard.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    year = today.year
    joint_left, request_left = (70, 80) if large else (7, 8)
    stopped_projects: dict[int, tuple] = {}
    resumed: dict[int, tuple] = {}  # projects stopped by an order once, resumed after a passed re-inspection
    n = -1
    while (
        len(inspections) + len(resumed) < wanted and n < wanted * 3
    ):  # resumptions' re-inspections count too
        n += 1
        project = (
            projects[rng.randrange(len(projects))] if n >= len(projects) else projects[n % len(projects)]
        )
        pk, status, district, street, community, start, end, decided, operations, contractor, builder = (
            project
        )
        officer = officers.get(street)
        if officer is None:
            continue
        begin = timezone.make_aware(dt.datetime.combine(start, dt.time(9))) if start else (decided or latest)
        finish = timezone.make_aware(dt.datetime.combine(end, dt.time(17))) if end else latest
        finish = min(finish, latest)
        if begin > finish:
            begin = finish - dt.timedelta(days=1)
        when = begin + (finish - begin) * rng.random()
        kind = rng.choices([k for k, _ in KIND_MIX], [w for _, w in KIND_MIX])[0]
        if joint_left and n % 37 == 5:
            kind, joint_left = Kind.JOINT, joint_left - 1
        elif request_left and n % 41 == 7:
            kind, request_left = Kind.STREET_REQUEST, request_left - 1
        applicable = [i for i in items if i.applies(operations)]
        expected = (
            2.8 if large else 0.8
        )  # the mean of the floor is ~2.3: ~2.14 hazards per inspection overall
        failing = (
            rng.sample(applicable, min(len(applicable), int(rng.expovariate(1 / expected))))
            if kind != Kind.REINSPECTION or rng.random() < 0.3
            else []
        )
        if status == Status.STOPPED and not failing:
            failing = [next(i for i in applicable if i.default_level == "major")]
        number = f"DCJC{year}{next_inspection:06d}"
        notice = f"DCZG{year}{next_inspection:06d}" if failing else ""
        inspections.append(
            (
                next_inspection,
                number,
                notice,
                uuid.UUID(int=rng.getrandbits(128)).hex,
                pk,
                district,
                street,
                community,
                kind,
                ops.adapt_datetimefield_value(when),
                version.pk,
                "" if failing else "检查合格。",
                not failing,
                "",
                False,
                officer.pk,
                ops.adapt_datetimefield_value(when),
            )
        )
        inspectors.append((next_inspection, officer.pk))
        if kind == Kind.JOINT:
            joint_rows += [(next_inspection, dept) for dept in departments.values()]
        answered = failing if large else applicable
        failed_codes = {i.code for i in failing}
        for item in answered:
            answer = "fail" if item.code in failed_codes else ("pass" if rng.random() < 0.9 else "na")
            results.append((next_result, next_inspection, item.pk, answer, ""))
            next_result += 1
        for item in failing:
            level = item.default_level
            deadline = timezone.localdate(when) + dt.timedelta(days=7)
            open_chance = 0.6 if status in (Status.IN_PROGRESS, Status.STOPPED) else 0.0
            state = (
                "open"
                if rng.random() < open_chance * 0.4
                else ("submitted" if rng.random() < open_chance * 0.2 else "closed")
            )
            if status == Status.STOPPED and level == "major":
                state = "open"
            rectified = when + dt.timedelta(days=rng.randint(1, 6)) if state != "open" else None
            closed = rectified + dt.timedelta(days=1) if state == "closed" and rectified else None
            rectified = min(rectified, latest) if rectified else None
            closed = min(closed, latest) if closed else None
            hazards.append(
                (
                    next_hazard,
                    f"DCYH{year}{next_hazard:06d}",
                    pk,
                    next_inspection,
                    item.pk,
                    district,
                    street,
                    community,
                    level,
                    "",
                    item.text,
                    "",
                    item.basis,
                    contractor or builder or "",
                    "",
                    False,
                    ops.adapt_datefield_value(deadline),
                    state,
                    ops.adapt_datetimefield_value(when),
                    officer.pk,
                    rng.choice(FIX_NOTES) if rectified else "",
                    ops.adapt_datetimefield_value(rectified),
                    ops.adapt_datetimefield_value(closed),
                    ops.adapt_datetimefield_value(closed),
                    "",
                    ops.adapt_datetimefield_value(closed or when),
                )
            )
            if status == Status.STOPPED and level == "major" and pk not in stopped_projects:
                stopped_projects[pk] = (
                    district,
                    street,
                    community,
                    next_hazard,
                    next_inspection,
                    when,
                    officer.pk,
                    item.text,
                )
            elif (
                status == Status.IN_PROGRESS
                and level == "major"
                and closed
                and pk not in resumed
                and rng.random() < 0.5
            ):
                resumed[pk] = (
                    district,
                    street,
                    community,
                    next_hazard,
                    next_inspection,
                    when,
                    officer.pk,
                    item.text,
                    closed,
                )
            next_hazard += 1
        next_inspection += 1
    lifted = []
    for pk, (district, street, community, hazard, found_in, when, officer, text, closed) in resumed.items():
        inspections.append(
            (
                next_inspection,
                f"DCJC{year}{next_inspection:06d}",
                "",
                uuid.UUID(int=rng.getrandbits(128)).hex,
                pk,
                district,
                street,
                community,
                Kind.REINSPECTION,
                ops.adapt_datetimefield_value(closed),
                version.pk,
                "复查合格，同意复工。",
                True,
                "",
                False,
                officer,
                ops.adapt_datetimefield_value(closed),
            )
        )
        inspectors.append((next_inspection, officer))
        lifted.append(
            (pk, district, street, community, hazard, found_in, when, officer, text, closed, next_inspection)
        )
        next_inspection += 1
    _insert(
        Inspection,
        [
            "id",
            "number",
            "notice_number",
            "client_uid",
            "project",
            "district",
            "street",
            "community",
            "kind",
            "inspected_at",
            "checklist",
            "conclusion",
            "passed",
            "site_representative",
            "representative_refused",
            "recorded_by",
            "created_at",
        ],
        inspections,
    )
    through = Inspection.inspectors.through
    _insert(through, ["inspection", "user"], inspectors)
    _insert(Inspection.departments.through, ["inspection", "department"], joint_rows)
    _insert(InspectionResult, ["id", "inspection", "item", "answer", "note"], results)
    _insert(
        Hazard,
        [
            "id",
            "number",
            "project",
            "inspection",
            "item",
            "district",
            "street",
            "community",
            "level",
            "level_reason",
            "description",
            "location",
            "clause",
            "responsible_unit",
            "responsible_person",
            "fix_on_spot",
            "deadline",
            "status",
            "found_at",
            "found_by",
            "rectification_note",
            "rectified_at",
            "verified_at",
            "closed_at",
            "return_reason",
            "updated_at",
        ],
        hazards,
    )
    orders = _stop_orders(stopped_projects, lifted, today, ops, year)
    ensure_at_least(f"jc-DC-{year}", next_inspection)
    ensure_at_least(f"yh-DC-{year}", next_hazard)
    ensure_at_least(f"rectification_notice-DC-{year}", next_inspection)
    _reset_sequences()
    refresh_contractor_history(today)  # what the daily job would have counted this morning
    rebuild_site_watch(today)  # the rows the writers keep (the demo inserts with plain SQL)
    return {"inspections": len(inspections), "hazards": len(hazards), "stop_orders": orders}


def _stop_orders(stopped: dict[int, tuple], lifted: list[tuple], today: dt.date, ops: Any, year: int) -> int:
    """Orders in force for the stopped projects; lifted ones (after a passed re-inspection) for some others."""
    rows = []
    entries = [(pk, *rest, None, None) for pk, rest in stopped.items()] + lifted
    for n, (
        pk,
        district,
        street,
        community,
        hazard,
        inspection,
        when,
        officer,
        text,
        closed,
        reinspection,
    ) in enumerate(entries, start=1):
        issued = min(when + dt.timedelta(hours=2), latest_moment(today))
        rows.append(
            (
                f"DCTG{year}{n:06d}",
                "lifted" if closed else "issued",
                "major_hazard",
                pk,
                inspection,
                hazard,
                district,
                street,
                community,
                f"检查发现重大事故隐患：{text}",
                "《中华人民共和国安全生产法》第六十五条",
                "whole",
                "",
                "停止相关作业，撤离作业人员，设置警示标志。",
                "全部隐患整改到位，经复查合格并经街道同意后方可复工。",
                ops.adapt_datetimefield_value(when),
                ops.adapt_datetimefield_value(issued),
                officer,
                "",
                ops.adapt_datetimefield_value(closed),
                officer if closed else None,
                reinspection,
            )
        )
    _insert(
        StopOrder,
        [
            "number",
            "status",
            "source",
            "project",
            "inspection",
            "hazard",
            "district",
            "street",
            "community",
            "reason",
            "basis",
            "extent",
            "extent_detail",
            "measures",
            "resume_conditions",
            "proposed_at",
            "issued_at",
            "issued_by",
            "withdrawn_reason",
            "lifted_at",
            "lifted_by",
            "resumption_inspection",
        ],
        rows,
    )
    ensure_at_least(f"tg-DC-{year}", len(rows))
    return len(rows)


def _reset_sequences() -> None:
    """PostgreSQL: the identity sequences follow the explicit ids inserted above."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Inspection, InspectionResult, Hazard):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"  # noqa: S608
            )
