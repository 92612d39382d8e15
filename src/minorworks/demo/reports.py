"""Demo residents' reports: every state, every channel, across the streets, with ratings, dated in the past.

Two reports per project (at least 120) over the last six months, in the districts that have demo streets
(with ``--city``, all sixteen: 100,000 projects give the city's ~200,000 reports); most closed and rated, some
still at the desk, with the street or being handled, a few sent back, merged, or reopened after "not
satisfied". Each district numbers its own; rows go in by bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from minorworks.core.sequences import ensure_at_least
from minorworks.orgs.models import Region
from minorworks.projects.models import Project
from minorworks.projects.models import Status as ProjectStatus
from minorworks.projects.numbering import prefix_for
from minorworks.reports.models import Category, Channel, Rating, Report, Status
from minorworks.reports.rules import deadlines

from .timeline import latest_moment

TEXTS = {
    Category.UNREGISTERED: ["院内有施工队在拆墙，没有看到公示牌。", "门店装修，晚上也在干，像是没登记。"],
    Category.HAZARD: ["脚手架外侧没有安全网，砖块掉到人行道上。", "工人在屋顶作业没有系安全带。"],
    Category.DUST: ["渣土没有苫盖，刮风时尘土很大。", "切割石材没有洒水，粉尘飘进小区。"],
    Category.NOISE: ["晚上十一点还在用电镐，影响休息。", "凌晨运送建材，噪音很大。"],
    Category.OTHER: ["施工占用消防通道。", "围挡倒了一半，没人管。"],
}
REPLIES = [
    "经街道核查，已责令施工单位立即整改，并已复查到位。感谢您的监督。",
    "已约谈施工单位负责人，夜间停止施工，相关情况将持续跟踪。",
    "经核实该工程已登记，现场已补设公示牌和防护设施。",
]
CHANNELS = [
    (Channel.WEB, 40),
    (Channel.HOTLINE_12345, 30),
    (Channel.HOTLINE_12350, 10),
    (Channel.LETTER, 5),
    (Channel.VISIT, 5),
    (Channel.INSPECTION, 5),
    (Channel.OPEN311, 5),
]
STATES = [
    (Status.CLOSED, 70),
    (Status.ACCEPTED, 8),
    (Status.ASSIGNED, 6),
    (Status.DESK, 6),
    (Status.REVIEW, 4),
    (Status.MERGED, 6),
]
RATINGS = [(Rating.SATISFIED, 70), (Rating.BASIC, 20), (Rating.NOT_SATISFIED, 10)]
BATCH = 5000  # rows built before each insert (memory stays flat at city scale)


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


REPORTS_PER_PROJECT = 2
SAMPLE_PROJECTS = 2000  # the in-progress projects reports name (40 % of reports name one)


def report_count(projects: int) -> int:
    """How many demo reports go with ``projects`` demo projects."""
    return max(120, REPORTS_PER_PROJECT * projects)


def load_reports(rng: random.Random, today: dt.date, officers: dict[int, Any], count: int = 120) -> int:
    """Insert ``count`` demo reports over the districts' streets (each district its own numbers); how many."""
    streets = list(
        Region.objects.filter(level=Region.Level.STREET, parent__level=Region.Level.DISTRICT)
        .select_related("parent")
        .order_by("parent__code", "sort", "code")
    )
    if not streets:
        return 0
    street_by_id = {street.pk: street for street in streets}
    projects = [
        row
        for row in Project.objects.filter(status=ProjectStatus.IN_PROGRESS)
        .order_by("pk")
        .values_list("pk", "street_id", "address")[:SAMPLE_PROJECTS]
        if row[1] in street_by_id
    ]
    end = latest_moment(today)
    year = today.year
    numbers: dict[str, int] = {}  # prefix → last number given
    rows: list[Report] = []
    for _n in range(1, count + 1):
        received = end - dt.timedelta(
            days=rng.randint(1, 180), hours=rng.randint(0, 10), minutes=rng.randint(0, 59)
        )
        respond_by, resolve_by = deadlines(received)
        category = rng.choice(list(Category))
        channel = _pick(rng, CHANNELS)
        status = _pick(rng, STATES)
        project = rng.choice(projects) if projects and rng.random() < 0.4 else None
        street = street_by_id[project[1]] if project else rng.choice(streets)
        street_id = street.pk
        district = street.parent
        prefix = prefix_for(district.code)
        n = numbers[prefix] = numbers.get(prefix, 0) + 1
        anonymous = rng.random() < 0.5
        row = Report(
            number=f"{prefix}JB{year}{n:06d}",
            status=status,
            category=category,
            channel=channel,
            external_number=f"GD{received:%Y%m%d}{n:04d}"
            if channel in (Channel.HOTLINE_12345, Channel.HOTLINE_12350)
            else "",
            district=district,
            street_id=None if status == Status.DESK else street_id,
            project_id=project[0] if project else None,
            address=project[2] if project else f"{street.name}辖区内",
            description=rng.choice(TEXTS[category]),
            anonymous=anonymous,
            reporter_name="" if anonymous else rng.choice(["王女士", "李先生", "张先生", "刘女士"]),
            reporter_phone="" if anonymous else f"139{rng.randint(10000000, 99999999)}",
            received_at=received,
            received_by=officers.get(street_id) if channel not in (Channel.WEB, Channel.OPEN311) else None,
            respond_by=respond_by,
            resolve_by=resolve_by,
        )
        if status == Status.DESK and n % 2:
            row.returned_reason = "经核实不在本街道辖区，请重新分拨。"
        if status in (Status.ACCEPTED, Status.CLOSED, Status.REVIEW, Status.MERGED):
            late = rng.random() < 0.1
            responded = received + dt.timedelta(hours=rng.randint(30, 60) if late else rng.randint(1, 20))
            row.responded_at = min(responded, end)
        closed = None
        if status in (Status.CLOSED, Status.REVIEW, Status.MERGED):
            later = received + dt.timedelta(days=rng.randint(1, 9), hours=rng.randint(0, 8))
            closed = row.closed_at = min(max(later, row.responded_at or later), end)
            row.closed_by = officers.get(street_id)
        if status in (Status.CLOSED, Status.REVIEW):
            row.reply = rng.choice(REPLIES)
            row.rating = (
                Rating.NOT_SATISFIED
                if status == Status.REVIEW
                else (_pick(rng, RATINGS[:2]) if rng.random() < 0.85 else "")
            )
            if row.rating and closed is not None:
                row.rated_at = min(closed + dt.timedelta(hours=rng.randint(1, 48)), end)
        if row.responded_at is None and respond_by < end:
            row.escalated_at = respond_by + dt.timedelta(hours=1)
        rows.append(row)
        if len(rows) >= BATCH:
            Report.objects.bulk_create(rows, batch_size=500)
            rows = []
    Report.objects.bulk_create(rows, batch_size=500)
    _merge_duplicates()
    for prefix, last in numbers.items():
        ensure_at_least(f"jb-{prefix}-{year}", last)
    return count


def _merge_duplicates() -> None:
    """Each merged report points at a closed report of its own district (its street's when there is one)."""
    closed: dict[tuple[int, int | None], list[int]] = {}
    for pk, district_id, street_id in Report.objects.filter(status=Status.CLOSED).values_list(
        "pk", "district_id", "street_id"
    ):
        closed.setdefault((district_id, street_id), []).append(pk)
        closed.setdefault((district_id, None), []).append(pk)
    updates = []
    for pk, district_id, street_id in Report.objects.filter(status=Status.MERGED).values_list(
        "pk", "district_id", "street_id"
    ):
        targets = closed.get((district_id, street_id)) or closed.get((district_id, None))
        if targets:
            updates.append(Report(pk=pk, merged_into_id=targets[pk % len(targets)]))
    Report.objects.bulk_update(updates, ["merged_into"], batch_size=1000)
