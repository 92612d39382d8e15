"""Benchmark the dashboard and the scoped project list through the real server (gunicorn).

For each scale: a throwaway SQLite database in its own var dir, `minorworks init --skip-static`,
`minorworks demo --projects N` (timed), `minorworks init` (collectstatic), then `minorworks serve` on a free
127.0.0.1 port with MINORWORKS_QUERY_COUNT_HEADER=1. Personas sign in with a real login POST; each page is
requested a bounded number of times; median and p95 latency and the SQL query count (X-Query-Count) are
written as a Markdown table to stdout and bench/results/latest.md. The server is stopped at the end, also
on error. Only 127.0.0.1 is ever contacted.

    .venv/bin/python bench/run.py [--scales 1000,100000] [--requests 50] [--warmup 5]
        [--database-url postgres://…/empty_db] [--reuse DIR]

Each row also carries the page's SQL floor (bench/floors.py: the minimal hand-written SQL for the same data,
timed through the plain driver on the same database), the ratio median/floor, and whether p95 meets the
issue's bound (p95 ≤ 2 × floor + 10 ms and ≤ 50 ms). ``--database-url`` benchmarks PostgreSQL (the database must
be empty: it is migrated and loaded); ``--reuse DIR`` serves a var dir kept by ``--keep`` without reloading.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floors import KEYWORD, FloorDB, floor_for, time_floor  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "latest.md"
PASSWORD = "demo-pass-2026"  # the fixed demo password (demo data only)
PERSONAS = ["demo-district", "demo-street"]
PAGES = [
    "/",
    "/projects/",
    "/projects/?page=20",
    f"/projects/?q={urllib.parse.quote(KEYWORD)}",
    "/projects/{detail}/",
    "/ledgers/below-quota/",
    f"/ledgers/below-quota/?q={urllib.parse.quote(KEYWORD)}",
    "/api/v1/projects",
    "/inspections/",
    "/ledgers/hazards/",
    "/inspections/coverage/",
    "/reports/",
]
DEMO_BUDGET_S = 120.0  # the limit for loading 100,000 projects
HTTP_TIMEOUT_S = 30.0
MAX_REQUESTS = 1000  # hard bound on --requests, so a typo cannot turn into a load test


@dataclass
class Sample:
    """Measurements of one page for one persona."""

    persona: str
    page: str
    latencies_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    bytes: int = 0
    floor_ms: float | None = None

    def median(self) -> float:
        """Median latency in ms."""
        return statistics.median(self.latencies_ms)

    def p95(self) -> float:
        """95th percentile latency in ms (nearest rank)."""
        ordered = sorted(self.latencies_ms)
        rank = max(1, -(-95 * len(ordered) // 100))  # ceil(0.95 n)
        return ordered[rank - 1]

    def bound_label(self) -> tuple[str, str]:
        """median/floor and whether p95 meets p95 ≤ 2 × floor + 10 ms and ≤ 50 ms."""
        if self.floor_ms is None:
            return "—", "—"
        ok = self.p95() <= 2 * self.floor_ms + 10 and self.p95() <= 50
        return f"{self.median() / max(self.floor_ms, 0.001):.1f}×", "yes" if ok else "**no**"

    def query_label(self) -> str:
        """The query count, or its range when it varied between requests."""
        low, high = min(self.queries), max(self.queries)
        return str(low) if low == high else f"{low}–{high}"


@dataclass
class ScaleResult:
    """Everything measured at one scale."""

    projects: int
    init_s: float
    demo_s: float
    collectstatic_s: float
    db_mb: float
    samples: list[Sample]


def log(message: str) -> None:
    """Progress on stderr, so stdout carries only the table."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def minorworks_cmd() -> list[str]:
    """The `minorworks` console script next to this interpreter (or the module as a fallback)."""
    script = Path(sys.executable).with_name("minorworks")
    return [str(script)] if script.exists() else [sys.executable, "-m", "minorworks.cli"]


def bench_env(var_dir: Path, database_url: str | None = None) -> dict[str, str]:
    """The environment for every command of one scale: own var dir, SQLite (or the given database), query
    count header on."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "MINORWORKS_ENV", "SECRET_KEY", "STATIC_ROOT", "MEDIA_ROOT", "DEBUG"):
        env.pop(name, None)  # a throwaway local SQLite database, whatever the caller's shell says
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(
        MINORWORKS_VAR=str(var_dir),
        MINORWORKS_HOME=str(REPO),
        MINORWORKS_QUERY_COUNT_HEADER="1",
        LOG_LEVEL="WARNING",
    )
    return env


def run_timed(args: list[str], env: dict[str, str], timeout: float) -> float:
    """Run one command (output to stderr), fail on a non-zero exit; return its wall time in seconds."""
    log("$ " + " ".join(args[-3:] if len(args) > 3 else args))
    started = time.monotonic()
    subprocess.run(args, env=env, cwd=REPO, check=True, timeout=timeout, stdout=sys.stderr, stderr=sys.stderr)
    return time.monotonic() - started


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`minorworks serve` (gunicorn) in its own process group; stopped on exit, also on error."""

    def __init__(self, env: dict[str, str], var_dir: Path, workers: int):
        self.env = env
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.log_path = var_dir / "server.log"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self._log = open(self.log_path, "wb")  # noqa: SIM115 — closed in __exit__
        args = [*minorworks_cmd(), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        args += ["--workers", str(self.workers)]
        self.proc = subprocess.Popen(
            args, env=self.env, cwd=REPO, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__()  # __exit__ is not called when __enter__ raises: do not leave gunicorn behind
            raise
        log(f"server up at {self.base} (pid {self.proc.pid}, {self.workers} workers)")
        return self

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/accounts/login/", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise RuntimeError(f"server not ready after {timeout:.0f} s; see {self.log_path}")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            # Only the group this script started: the gunicorn master and its workers.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
            log("server stopped")
        self._log.close()


class Session:
    """A signed-in browser-like session: cookie jar, CSRF token from the login page, real POST."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.token = ""
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def login(self, username: str, password: str) -> None:
        """Sign in through the login form; raise unless the session cookie is set and / is reached."""
        with self.opener.open(self.base + "/accounts/login/", timeout=HTTP_TIMEOUT_S) as response:
            html = response.read().decode()
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not match:
            raise RuntimeError("no CSRF token on the login page")
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": match.group(1), "username": username, "password": password, "next": ""}
        ).encode()
        request = urllib.request.Request(
            self.base + "/accounts/login/", data=data, headers={"Referer": self.base + "/accounts/login/"}
        )
        with self.opener.open(request, timeout=HTTP_TIMEOUT_S) as response:
            final_path = urllib.parse.urlparse(response.geturl()).path
        if final_path != "/" or not any(c.name == "sessionid" for c in self.jar):
            raise RuntimeError(f"login as {username} failed (ended on {final_path})")
        token_request = urllib.request.Request(
            self.base + "/api/v1/auth/token",
            data=json.dumps({"username": username, "password": password}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(token_request, timeout=HTTP_TIMEOUT_S) as response:  # noqa: S310 — 127.0.0.1
            self.token = json.loads(response.read())["token"]

    def get(self, path: str) -> tuple[float, int, int]:
        """GET ``path``; return (latency in ms to the last byte, X-Query-Count, body size)."""
        request = urllib.request.Request(self.base + path)
        if path.startswith("/api/"):
            request.add_header("Authorization", f"Bearer {self.token}")  # the API takes no session cookie
        started = time.perf_counter()
        with self.opener.open(request, timeout=HTTP_TIMEOUT_S) as response:
            body = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200 or urllib.parse.urlparse(response.geturl()).path != path.split("?")[0]:
                raise RuntimeError(f"GET {path}: {response.status} at {response.geturl()}")
            count = response.headers.get("X-Query-Count")
        if count is None:
            raise RuntimeError(
                "no X-Query-Count header: is MINORWORKS_QUERY_COUNT_HEADER=1 reaching the server?"
            )
        return elapsed, int(count), len(body)


def measure(base: str, requests: int, warmup: int, floors: FloorDB) -> list[Sample]:
    """Sign in as each persona and time each page ``requests`` times after ``warmup`` untimed ones."""
    samples = []
    for persona in PERSONAS:
        session = Session(base)
        session.login(persona, PASSWORD)
        clause, scope_id = floors.scope(persona)
        detail = floors.run(
            f"SELECT p.id FROM projects_project p WHERE {clause} ORDER BY p.id LIMIT 1",  # noqa: S608
            (scope_id,),
        )[0][0]
        for template in PAGES:
            page = template.replace("{detail}", str(detail))
            sample = Sample(persona, page)
            floor = floor_for(floors, persona, page, detail)
            sample.floor_ms = time_floor(floor) if floor else None
            for _ in range(warmup):
                session.get(page)
            for _ in range(requests):
                elapsed, count, size = session.get(page)
                sample.latencies_ms.append(elapsed)
                sample.queries.append(count)
                sample.bytes = size
            log(
                f"{persona:<14} {page:<20} median {sample.median():7.1f} ms  p95 {sample.p95():7.1f} ms  "
                f"queries {sample.query_label()}  floor {sample.floor_ms or 0:6.2f} ms"
            )
            samples.append(sample)
    return samples


def run_scale(
    projects: int,
    requests: int,
    warmup: int,
    workers: int,
    keep: bool,
    database_url: str | None = None,
    reuse: Path | None = None,
    city: bool = False,
) -> ScaleResult:
    """Build a database of ``projects`` projects, serve it and measure; remove the var dir afterwards."""
    var_dir = reuse or Path(tempfile.mkdtemp(prefix=f"minorworks-bench-{projects}-"))
    log(f"scale {projects:,} projects in {var_dir}")
    env = bench_env(var_dir, database_url)
    cmd = minorworks_cmd()
    keep = keep or reuse is not None
    try:
        init_s = demo_s = 0.0
        if reuse is None:
            init_s = run_timed([*cmd, "init", "--skip-static"], env, timeout=300)
            spread = ["--city"] if city else []
            demo_s = run_timed([*cmd, "demo", "--projects", str(projects), *spread], env, timeout=1800)
        else:
            run_timed([*cmd, "manage", "migrate", "--no-input"], env, timeout=900)
        if projects >= 100_000 and demo_s > DEMO_BUDGET_S:
            log(f"WARNING: demo load took {demo_s:.0f} s, over the {DEMO_BUDGET_S:.0f} s budget")
        collect_s = run_timed([*cmd, "init"], env, timeout=300)
        db = var_dir / "minorworks.sqlite3"
        db_mb = db.stat().st_size / 1e6 if db.exists() else 0.0
        floors = FloorDB(database_url, db)
        try:
            with Server(env, var_dir, workers) as server:
                samples = measure(server.base, requests, warmup, floors)
        finally:
            floors.close()
        return ScaleResult(projects, init_s, demo_s, collect_s, db_mb, samples)
    finally:
        if keep:
            log(f"kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)


def render(results: list[ScaleResult], requests: int, warmup: int, workers: int, engine: str) -> str:
    """The results as Markdown."""
    lines = [
        "# minorworks benchmark",
        "",
        f"{dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, {engine}, gunicorn with {workers} "
        f"sync workers on 127.0.0.1; one client, sequential requests; {requests} timed requests per row after "
        f"{warmup} warm-ups; latency to the last byte; queries from X-Query-Count.",
        "",
        "| projects | persona | page | median ms | p95 ms | SQL queries | floor ms | ratio | p95 bound | KiB |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for result in results:
        for s in result.samples:
            lines.append(
                f"| {result.projects:,} | {s.persona} | `{s.page}` | {s.median():.1f} | {s.p95():.1f} | "
                f"{s.query_label()} | {'—' if s.floor_ms is None else f'{s.floor_ms:.2f}'} | "
                f"{s.bound_label()[0]} | {s.bound_label()[1]} | {s.bytes / 1024:.0f} |"
            )
    lines += [
        "",
        "| projects | init (migrate) s | demo load s | collectstatic s | database MB |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r.projects:,} | {r.init_s:.1f} | {r.demo_s:.1f} | {r.collectstatic_s:.1f} | {r.db_mb:.0f} |"
        )
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1000,100000", help="comma-separated project counts")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page and persona")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests before timing")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--keep", action="store_true", help="keep each scale's var dir (for inspection)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the Markdown table")
    parser.add_argument("--database-url", default=None, help="an empty PostgreSQL database to benchmark")
    parser.add_argument("--reuse", type=Path, default=None, help="a var dir kept by --keep (no reload)")
    parser.add_argument(
        "--city", action="store_true", help="load the projects over Beijing's 16 districts (demo --city)"
    )
    args = parser.parse_args(argv)
    try:
        args.scale_list = [int(s.replace("_", "")) for s in args.scales.split(",") if s.strip()]
    except ValueError:
        parser.error("--scales takes comma-separated integers, e.g. 1000,100000")
    if not args.scale_list or any(n < 1 or n > 200_000 for n in args.scale_list):
        parser.error("--scales: each between 1 and 200000")
    if not 1 <= args.requests <= MAX_REQUESTS or not 0 <= args.warmup <= 100:
        parser.error(f"--requests must be 1..{MAX_REQUESTS}, --warmup 0..100")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run every scale and write the table."""
    args = parse_args(argv)
    results = [
        run_scale(
            n, args.requests, args.warmup, args.workers, args.keep, args.database_url, args.reuse, args.city
        )
        for n in args.scale_list
    ]
    engine = "PostgreSQL" if args.database_url else "SQLite (WAL)"
    table = render(results, args.requests, args.warmup, args.workers, engine)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table, encoding="utf-8")
    print(table)
    log(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
