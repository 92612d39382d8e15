"""The SQL floor of each benchmarked page: the minimal hand-written SQL that returns the same data, timed on the
same database straight through the driver (sqlite3 or psycopg), with no Django in between.

A floor is the data of the page, not its bookkeeping (session, user, CSRF, unread badge): the count and the
rows of one page with the joins the page shows, the grouped counts of the dashboard, one project with its
parties for a detail. ``ratio`` in the table is the page's median over the floor's median.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

KEYWORD = "和平里"

ROW_COLUMNS = (
    "p.id, p.number, p.name, p.status, p.investment, p.planned_start, p.planned_end, p.address, "
    "s.name, c.name, t.name, b.name, k.name"
)
ROW_JOINS = (
    "FROM projects_project p JOIN orgs_region s ON s.id = p.street_id "
    "LEFT JOIN orgs_region c ON c.id = p.community_id JOIN projects_projecttype t ON t.id = p.project_type_id "
    "JOIN orgs_enterprise b ON b.id = p.builder_id LEFT JOIN orgs_enterprise k ON k.id = p.contractor_id"
)


class FloorDB:
    """A plain driver connection to the benchmarked database (SQLite file or PostgreSQL URL)."""

    def __init__(self, database_url: str | None, sqlite_path: Path):
        self.vendor = "postgresql" if database_url else "sqlite"
        if database_url:
            import psycopg

            self.conn: Any = psycopg.connect(database_url, autocommit=True)
        else:
            self.conn = sqlite3.connect(sqlite_path)

    def run(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Execute one statement and fetch every row."""
        if self.vendor == "sqlite":
            sql = sql.replace("%s", "?")
        cursor = self.conn.cursor()
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        cursor.close()
        return rows

    def scope(self, username: str) -> tuple[str, int]:
        """The scope clause and its id for a demo persona (district administrator or street officer)."""
        ((district, street),) = self.run(
            "SELECT district_id, street_id FROM accounts_user WHERE username = %s", (username,)
        )
        return ("p.street_id = %s", street) if street else ("p.district_id = %s", district)

    def keyword_clause(self, district_id: int | None = None) -> tuple[str, str]:
        """The keyword condition through the full-text index, and its parameter (on PostgreSQL a district
        persona's district goes into the index scan, as the page's own query does)."""
        if self.vendor == "sqlite":
            # The benchmark's keyword is a common one: the best plan reads the scope first (projects/search.py).
            return (
                "p.id + 0 IN (SELECT rowid FROM project_search WHERE project_search MATCH %s)",
                f'"{KEYWORD}"',
            )
        district = f" AND district_id = {district_id:d}::bigint" if district_id is not None else ""
        return (
            f"p.id IN (SELECT project_id FROM project_search WHERE body LIKE %s{district})",
            f"%{KEYWORD}%",
        )

    def close(self) -> None:
        """Close the driver connection."""
        self.conn.close()


def _page(db: FloorDB, where: str, params: tuple, limit: int, offset: int = 0) -> None:
    db.run(f"SELECT count(*) FROM projects_project p WHERE {where}", params)  # noqa: S608 — bench's own SQL
    db.run(
        f"SELECT {ROW_COLUMNS} {ROW_JOINS} WHERE {where} "  # noqa: S608
        f"ORDER BY p.created_at DESC, p.id DESC LIMIT {limit} OFFSET {offset}",
        params,
    )


def floor_for(db: FloorDB, username: str, page: str, detail_id: int) -> Callable[[], None] | None:
    """The floor of ``page`` for ``username`` as a callable, or None when the page has none declared."""
    clause, scope_id = db.scope(username)
    district = scope_id if clause.startswith("p.district_id") else None
    path, _sep, query = page.partition("?")
    args = urllib.parse.parse_qs(query)
    offset = (int(args.get("page", ["1"])[0]) - 1) * 25
    if path in ("/projects/", "/api/v1/projects"):
        if "q" in args:
            keyword, param = db.keyword_clause(district)
            return lambda: _page(db, f"{clause} AND {keyword}", (scope_id, param), 25, offset)
        return lambda: _page(db, clause, (scope_id,), 25, offset)
    if path == "/ledgers/below-quota/":
        where = f"{clause} AND p.status <> 'draft'"
        if "q" in args:
            keyword, param = db.keyword_clause(district)
            return lambda: _page(db, f"{where} AND {keyword}", (scope_id, param), 50)
        return lambda: _page(db, where, (scope_id,), 50)
    if path in ("/ledgers/hazards/", "/inspections/"):
        table, order, limit = (
            ("inspections_hazard", "found_at", 50)
            if path == "/ledgers/hazards/"
            else ("inspections_inspection", "inspected_at", 25)
        )
        where = clause.replace("p.", "h.")

        def records() -> None:
            db.run(f"SELECT count(*) FROM {table} h WHERE {where}", (scope_id,))  # noqa: S608
            db.run(
                f"SELECT h.id, h.number, h.{order}, p.number, p.name, s.name FROM {table} h "  # noqa: S608
                "JOIN projects_project p ON p.id = h.project_id JOIN orgs_region s ON s.id = h.street_id "
                f"WHERE {where} ORDER BY h.{order} DESC, h.id DESC LIMIT {limit}",
                (scope_id,),
            )

        return records
    if path == "/reports/":
        where = clause.replace("p.", "r.")

        def reports() -> None:
            db.run(f"SELECT count(*) FROM reports_report r WHERE {where}", (scope_id,))  # noqa: S608
            db.run(
                "SELECT r.id, r.number, r.status, r.category, r.channel, r.address, r.received_at, "  # noqa: S608
                "r.respond_by, r.resolve_by, s.name FROM reports_report r "
                f"LEFT JOIN orgs_region s ON s.id = r.street_id WHERE {where} "
                "ORDER BY r.received_at DESC, r.id DESC LIMIT 25",
                (scope_id,),
            )

        return reports
    if path == "/inspections/coverage/":
        bound = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
        overdue_bound: Any = bound.replace(tzinfo=None).isoformat(" ") if db.vendor == "sqlite" else bound

        def coverage() -> None:
            # The page's data from each project's watch row: the state counts, then one ranked page (the
            # score's parts, the days since the anchor, the state) — the same two reads the page makes.
            days = (
                "CAST(julianday('now') - julianday(since) AS INTEGER)"
                if db.vendor == "sqlite"
                else "(current_date - since::date)"
            )
            length = "json_array_length" if db.vendor == "sqlite" else "jsonb_array_length"
            least = "min" if db.vendor == "sqlite" else "least"
            base = (
                "FROM projects_project p LEFT JOIN inspections_sitewatch w ON w.project_id = p.id "
                f"WHERE {clause} AND p.status IN ('accepted', 'in_progress', 'stopped')"
            )
            since = "coalesce(w.last_inspected_at, p.decided_at, p.created_at)"
            db.run(
                f"SELECT count(*), sum(CASE WHEN {since} < %s THEN 1 ELSE 0 END) {base}",  # noqa: S608
                (overdue_bound, scope_id),
            )
            db.run(
                f"SELECT id, number, name, address, street, last, days, score FROM (SELECT p.id, p.number, "  # noqa: S608
                f"p.name, p.address, s.name AS street, w.last_inspected_at AS last, {days} AS days, "
                f"CASE WHEN since < %s THEN 0 ELSE 1 END AS state, coalesce(w.open_major, 0) * 30 "
                f"+ coalesce(w.open_general, 0) * 5 + coalesce(w.overdue, 0) * 10 "
                f"+ coalesce({length}(p.hazardous_operations), 0) * 5 "
                f"+ {least}(coalesce(k.hazards_last_year, 0) * 2, 20) AS score "
                f"FROM (SELECT p.*, {since} AS since, w.id AS wid {base}) p "
                "LEFT JOIN inspections_sitewatch w ON w.id = p.wid JOIN orgs_region s ON s.id = p.street_id "
                "LEFT JOIN inspections_contractorhistory k ON k.enterprise_id = p.contractor_id) r "
                "ORDER BY state, score DESC, days DESC, number LIMIT 25",
                (overdue_bound, scope_id),
            )

        return coverage
    if path == "/":

        def dashboard() -> None:
            db.run(
                f"SELECT p.street_id, p.status, count(*) FROM projects_project p WHERE {clause} GROUP BY 1, 2",  # noqa: S608
                (scope_id,),
            )
            db.run("SELECT count(*) FROM projects_lead WHERE state = 'open'")

        return dashboard
    if path.startswith("/projects/") and path.rstrip("/").split("/")[-1].isdigit():

        def detail() -> None:
            db.run(f"SELECT {ROW_COLUMNS}, p.content {ROW_JOINS} WHERE p.id = %s", (detail_id,))  # noqa: S608
            db.run("SELECT count(*) FROM inspections_inspection WHERE project_id = %s", (detail_id,))

        return detail
    return None


def time_floor(run: Callable[[], None], repeats: int = 30) -> float:
    """Median wall time of the floor in ms (after one untimed run)."""
    run()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)
