"""Benchmark the bulletin at city scale: the ranking of a month, and the dashboards and map that show it.

Runs against an existing database (a var dir loaded with ``minorworks demo --projects 100000``, or
DATABASE_URL for PostgreSQL), since loading the city takes minutes:

    MINORWORKS_VAR=/tmp/big .venv/bin/python bench/bulletin.py [--month 2026-11] [--repeat 5] [--requests 50]

For the month: every declared indicator, then the whole ranking on the default scheme and on a scheme of
every indicator, ``--repeat`` times each (wall and CPU time of this process: SQLite runs in-process, so its
CPU time is the work; on a shared machine the wall time also holds the wait for a core). Then a draft
bulletin is generated (inside a transaction rolled back). Then the dashboard of the district and of a street,
the bulletin list and the map's layers through Django's test client: the first (uncached) request and the
median and p95 of ``--requests`` more. Only the local database is touched; nothing is kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def timed(fn) -> tuple[float, float, object]:
    """(wall ms, cpu ms, result) of ``fn()``."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, result


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(1, -(-95 * len(ordered) // 100)) - 1]


class Report(list):
    """Lines printed (and appended to the output file) as they come: a slow step still leaves the others."""

    def __init__(self, out: Path):
        super().__init__()
        self.out = out
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("", encoding="utf-8")

    def append(self, line: str) -> None:  # type: ignore[override]
        super().append(line)
        print(line, flush=True)
        with self.out.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    def __iadd__(self, lines):  # type: ignore[override]
        for line in lines:
            self.append(line)
        return self


def main(argv: list[str] | None = None) -> int:
    """Measure and print a Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--month", default="", help="YYYY-MM (default: last month)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "bulletin.md")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minorworks.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from minorworks.accounts.models import User
    from minorworks.bulletins import domain, ranking
    from minorworks.core.indicators import batch, registered
    from minorworks.core.roles import Role
    from minorworks.projects.models import Project

    today = timezone.localdate()
    if args.month:
        year, month = (int(x) for x in args.month.split("-"))
        start = dt.date(year, month, 1)
    else:
        start = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    admin = User.objects.filter(role=Role.DISTRICT_ADMIN, is_active=True).order_by("pk").first()
    street = User.objects.filter(role=Role.STREET_OFFICER, is_active=True).order_by("pk").first()
    district = admin.district_id
    lines = Report(args.out)
    lines += [
        "# Bulletin benchmark",
        "",
        f"{dt.datetime.now():%Y-%m-%d %H:%M}, {connection.vendor}, {os.cpu_count()} cores (load average "
        f"{os.getloadavg()[0]:.1f}); {Project.objects.count():,} projects; month {start:%Y-%m}.",
        "",
        "| what | wall ms (median) | wall ms (max) | CPU ms (median) | queries |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    with batch():
        for code, ind in registered().items():
            wall, cpu, _r = timed(lambda ind=ind: ind.figures(district, start, end))
            lines.append(
                f"| indicator `{code}` (in one batch) | {wall:.0f} | {wall:.0f} | {cpu:.0f} | 1 or 0 |"
            )
    schemes = {
        "default scheme": ranking.items_of(domain.default_items()),
        "every indicator": ranking.items_of([{"code": c, "weight": 1} for c in registered()]),
    }
    for name, items in schemes.items():
        walls, cpus = [], []
        for _i in range(args.repeat):
            with CaptureQueriesContext(connection) as ctx:
                wall, cpu, rows = timed(lambda items=items: ranking.compute(district, start, end, items))
            walls.append(wall)
            cpus.append(cpu)
        lines.append(
            f"| ranking of {len(rows)} streets, {name} | {statistics.median(walls):.0f} | {max(walls):.0f} | "
            f"{statistics.median(cpus):.0f} | {len(ctx.captured_queries)} |"
        )
    with transaction.atomic():
        wall, cpu, _b = timed(lambda: domain.generate(actor=admin, period_start=start, period_end=end))
        lines.append(f"| generate a draft bulletin (rolled back) | {wall:.0f} | {wall:.0f} | {cpu:.0f} | |")
        transaction.set_rollback(True)
    lines += whole_city(start, end, args.repeat)
    lines += ["", "| page | persona | first ms | median ms | p95 ms |", "| --- | --- | ---: | ---: | ---: |"]
    for user in (admin, street):
        client = Client()
        client.force_login(user)
        for page in ("/", "/bulletins/", "/map/points.json"):
            first, _c, response = timed(lambda page=page, client=client: client.get(page))
            assert response.status_code == 200, (page, response.status_code)
            times = [
                timed(lambda page=page, client=client: client.get(page))[0] for _i in range(args.requests)
            ]
            lines.append(
                f"| `{page}` | {user.role} | {first:.0f} | {statistics.median(times):.1f} | {p95(times):.1f} |"
            )
    return 0


def whole_city(start: dt.date, end: dt.date, repeat: int) -> list[str]:
    """Each district's draft bulletin of the month, one after the other (rolled back): the whole city's month.

    The first round reads from a cold cache; the others are reported by their median."""
    from django.db import transaction

    from minorworks.accounts.models import User
    from minorworks.bulletins import domain
    from minorworks.core.roles import Role
    from minorworks.orgs.models import Region

    districts = list(
        Region.objects.filter(level=Region.Level.DISTRICT, children__level=Region.Level.STREET)
        .distinct()
        .order_by("code")
    )
    rounds: list[tuple[float, float, float]] = []
    streets = 0
    for _round in range(1 + repeat):
        walls, cpus, streets = [], [], 0
        with transaction.atomic():
            for district in districts:
                # A throwaway administrator per district: generate() ranks the actor's own district.
                actor = User.objects.create(
                    username=f"bench-bulletin-{district.pk}", role=Role.DISTRICT_ADMIN, district=district
                )
                wall, cpu, bulletin = timed(
                    lambda actor=actor: domain.generate(actor=actor, period_start=start, period_end=end)
                )
                walls.append(wall)
                cpus.append(cpu)
                streets += len(bulletin.ranking)
            transaction.set_rollback(True)
        rounds.append((sum(walls), max(walls), sum(cpus)))
    first, later = rounds[0], sorted(rounds[1:])
    middle = later[len(later) // 2] if later else first
    what = (
        f"the whole city: {len(districts)} districts' draft bulletins ({streets} streets), one after another"
    )
    return [
        f"| {what}, first round | {first[0]:.0f} | {first[1]:.0f} (slowest district) | {first[2]:.0f} | |",
        f"| {what}, median of {len(later)} more | {middle[0]:.0f} | {middle[1]:.0f} (slowest district) | "
        f"{middle[2]:.0f} | |",
    ]


if __name__ == "__main__":
    sys.exit(main())
