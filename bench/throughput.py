"""Throughput of the scoped project list API through the real server: requests per second, N concurrent clients.

Serves a var dir kept by ``bench/run.py --keep`` (or a PostgreSQL database loaded by it) with ``minorworks
serve --workers W`` and drives ``GET /api/v1/projects`` as each persona from C concurrent connections for
D seconds after a warm-up. The client is a few lines of asyncio over plain sockets (one request per
connection, as gunicorn's sync workers answer), so that it costs the shared CPU as little as possible: on
a machine with few cores, client and server compete, and the figure is a lower bound.

    .venv/bin/python bench/throughput.py --reuse DIR [--database-url postgres://…] [--workers 2]
        [--clients 20] [--seconds 20] [--path /api/v1/projects]

Prints one Markdown row per persona: requests/s, errors, median and p95 latency. The issue's bound is
≥ 300 requests/s with two workers at 20 concurrent clients, 0 errors. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import PASSWORD, PERSONAS, Server, Session, bench_env, log, minorworks_cmd, run_timed  # noqa: E402

TARGET_RPS = 300


@dataclass
class Outcome:
    persona: str
    seconds: float
    latencies_ms: list[float]
    errors: int

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.seconds

    def row(self) -> str:
        lat = sorted(self.latencies_ms) or [0.0]
        p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))]
        ok = "yes" if self.rps >= TARGET_RPS and self.errors == 0 else "no"
        return f"| {self.persona} | {self.rps:.0f} | {self.errors} | {statistics.median(lat):.1f} | {p95:.1f} | {ok} |"


async def _one(port: int, request: bytes) -> tuple[bool, float]:
    started = time.perf_counter()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        await writer.drain()
        data = await reader.read()  # one request per connection: the server closes after the answer
        writer.close()
    except OSError:
        return False, 0.0
    ok = data.startswith(b"HTTP/1.1 200") or data.startswith(b"HTTP/1.0 200")
    return ok, (time.perf_counter() - started) * 1000


async def _drive(
    port: int, request: bytes, clients: int, seconds: float, warmup: float
) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    start = time.perf_counter()
    measure_from = start + warmup
    stop = measure_from + seconds

    async def client() -> None:
        nonlocal errors
        while (now := time.perf_counter()) < stop:
            ok, ms = await _one(port, request)
            if now >= measure_from:
                if ok:
                    latencies.append(ms)
                else:
                    errors += 1

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, errors


def measure(server: Server, path: str, clients: int, seconds: float, warmup: float) -> list[Outcome]:
    """Each persona's requests/s on ``path`` (a bearer token from a real sign-in)."""
    outcomes = []
    for persona in PERSONAS:
        session = Session(server.base)
        session.login(persona, PASSWORD)
        request = (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nAuthorization: Bearer {session.token}\r\n"
            "Connection: close\r\n\r\n"
        ).encode()
        latencies, errors = asyncio.run(_drive(server.port, request, clients, seconds, warmup))
        outcome = Outcome(persona, seconds, latencies, errors)
        log(f"{persona}: {outcome.rps:.0f} requests/s, {errors} errors")
        outcomes.append(outcome)
    return outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", type=Path, required=True, help="a var dir kept by bench/run.py --keep")
    parser.add_argument(
        "--database-url", default=None, help="the PostgreSQL database that var dir was loaded into"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--path", default="/api/v1/projects")
    args = parser.parse_args()
    env = bench_env(args.reuse, args.database_url)
    run_timed([*minorworks_cmd(), "init"], env, timeout=300)  # migrations and static files, if any are new
    with Server(env, args.reuse, args.workers) as server:
        outcomes = measure(server, args.path, args.clients, args.seconds, args.warmup)
    engine = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"\n`GET {args.path}`, {engine}, {args.workers} workers, {args.clients} concurrent clients, {args.seconds:.0f} s\n"
    )
    print("| persona | requests/s | errors | median ms | p95 ms | ≥ 300/s, 0 errors |")
    print("|---|---:|---:|---:|---:|---|")
    for outcome in outcomes:
        print(outcome.row())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
