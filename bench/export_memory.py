"""Benchmark: time and peak memory of the streamed ledger export at 1,000, 10,000 and 100,000 projects.

    .venv/bin/python bench/export_memory.py [--sizes 1000 10000 100000] [--root /tmp/ledgerbench]
                                            [--tracemalloc] [--fresh]

For each size a throwaway SQLite database is built once under ``<root>/<size>`` (``MINORWORKS_VAR``;
``minorworks init --skip-static`` then ``minorworks demo --projects <size>``). The full below-quota
ledger is then exported as the district administrator through the real view (Django test client,
``GET /ledgers/below-quota/export.xlsx``), the streamed response counted chunk by chunk, never held. Each
export runs in a fresh process, so ``ru_maxrss`` (the peak resident set) belongs to that export alone:
the table shows the peak and how far the export raised it above the process's peak before the export.
With ``--tracemalloc`` a second fresh process reports the Python-heap peak during the export (slower).
Flat memory means the growth at 100,000 rows is about the growth at 10,000.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINORWORKS = [sys.executable, "-m", "minorworks.cli"]


def _rss_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def prepare(var: Path, size: int, fresh: bool) -> float:
    """Build the database for ``size`` projects unless it is already there; returns seconds spent."""
    marker = var / f"demo-{size}.done"
    if marker.exists() and not fresh:
        return 0.0
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    env = {**os.environ, "MINORWORKS_VAR": str(var), "MINORWORKS_HOME": str(ROOT)}
    started = time.monotonic()
    subprocess.run([*MINORWORKS, "init", "--skip-static"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [*MINORWORKS, "demo", "--projects", str(size)], env=env, check=True, stdout=subprocess.DEVNULL
    )
    marker.write_text("ok")
    return time.monotonic() - started


def child(var: Path, trace: bool) -> dict:
    """Runs in a fresh process: export once through the view, measure, return the figures."""
    os.environ["MINORWORKS_VAR"] = str(var)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minorworks.settings")
    import django

    django.setup()
    import gc
    import tracemalloc

    from django.test import Client

    from minorworks.accounts.models import User
    from minorworks.ledgers.definitions import LEDGERS, ledger_projects

    user = User.objects.get(username="demo-district")
    rows = ledger_projects(LEDGERS["below-quota"], user).count()
    client = Client()
    client.force_login(user)
    warm = client.get("/ledgers/below-quota/export.xlsx?q=__nothing__")  # load every module first
    b"".join(warm.streaming_content)
    gc.collect()
    before = _rss_peak_mb()
    if trace:
        tracemalloc.start()
    started = time.monotonic()
    response = client.get("/ledgers/below-quota/export.xlsx")
    assert response.status_code == 200, response.status_code
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    response.close()
    seconds = time.monotonic() - started
    result = {"rows": rows, "seconds": seconds, "bytes": size, "peak_mb": _rss_peak_mb(), "before_mb": before}
    if trace:
        result["trace_peak_mb"] = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        tracemalloc.stop()
    return result


def run_child(var: Path, trace: bool) -> dict:
    env = {**os.environ, "MINORWORKS_VAR": str(var), "MINORWORKS_HOME": str(ROOT)}
    args = [sys.executable, __file__, "--child", str(var)] + (["--tracemalloc"] if trace else [])
    out = subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    """Build the databases, export each, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--root", type=Path, default=Path("/tmp/ledgerbench"))
    parser.add_argument("--tracemalloc", action="store_true", help="also measure the Python-heap peak")
    parser.add_argument("--fresh", action="store_true", help="rebuild the databases")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.tracemalloc)))
        return 0

    results = []
    for size in args.sizes:
        var = args.root / str(size)
        built = prepare(var, size, args.fresh)
        if built:
            print(f"built {size:,} projects in {built:.0f} s ({var})", flush=True)
        figures = run_child(var, trace=False)
        if args.tracemalloc:
            figures["trace_peak_mb"] = run_child(var, trace=True)["trace_peak_mb"]
        results.append(figures)
        print(f"exported {figures['rows']:,} rows in {figures['seconds']:.1f} s", flush=True)

    print()
    header = f"{'rows':>8} {'seconds':>8} {'rows/s':>8} {'file MB':>8} {'peak RSS MB':>12} {'growth MB':>10}"
    if args.tracemalloc:
        header += f" {'py heap MB':>11}"
    print(header)
    for r in results:
        line = (
            f"{r['rows']:>8,} {r['seconds']:>8.1f} {r['rows'] / r['seconds']:>8,.0f} {r['bytes'] / 1e6:>8.1f}"
            f" {r['peak_mb']:>12.1f} {r['peak_mb'] - r['before_mb']:>10.1f}"
        )
        if args.tracemalloc:
            line += f" {r['trace_peak_mb']:>11.1f}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
