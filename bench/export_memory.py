"""Benchmark: the ledger export, hand-written streamed XML against XlsxWriter's ``constant_memory`` mode.

    .venv/bin/python bench/export_memory.py [--sizes 1000 10000 100000] [--root /tmp/ledgerbench]
                                            [--levels 1 6] [--fresh]

For each size a throwaway SQLite database is built once under ``<root>/<size>`` (``MINORWORKS_VAR``;
``minorworks init --skip-static`` then ``minorworks demo --projects <size>``); with ``DATABASE_URL`` set, that
(empty, the first time) PostgreSQL database is loaded and measured instead. Then, each in a fresh process
(so that ``ru_maxrss``, the peak resident set, belongs to that run alone), the full below-quota ledger is
read as the district administrator:

- ``query``: the ``values()`` rows only, iterated and dropped (the floor any export stands on);
- ``xml-N``: the product's export through the real view (``GET /ledgers/below-quota/export.xlsx``, Django
  test client), with deflate level N, the streamed response counted piece by piece and never held;
- ``xlsxwriter``: the same rows, rendered by the same columns, written by XlsxWriter with
  ``constant_memory`` to a temporary file (it can only hand the file over once it is closed), then read back
  in 64 KiB pieces as a response would send it.

Reported: time to the first byte, total (wall-clock) time, the process's CPU time over the same span (less
disturbed by other work on a shared machine), file size, peak RSS and its growth over the warmed-up process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINORWORKS = [sys.executable, "-m", "minorworks.cli"]
URL = "/ledgers/below-quota/export.xlsx"


def _rss_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def prepare(var: Path, size: int, fresh: bool) -> float:
    """Build the database for ``size`` projects unless it is already there; returns seconds spent."""
    marker = var / f"demo-{size}.done"
    if marker.exists() and not fresh:
        subprocess.run(
            [*MINORWORKS, "init", "--skip-static"], env=_env(var), check=True, stdout=subprocess.DEVNULL
        )
        return 0.0
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    started = time.monotonic()
    subprocess.run(
        [*MINORWORKS, "init", "--skip-static"], env=_env(var), check=True, stdout=subprocess.DEVNULL
    )
    subprocess.run(
        [*MINORWORKS, "demo", "--projects", str(size)], env=_env(var), check=True, stdout=subprocess.DEVNULL
    )
    marker.write_text("ok")
    return time.monotonic() - started


def _env(var: Path) -> dict[str, str]:
    return {**os.environ, "MINORWORKS_VAR": str(var), "MINORWORKS_HOME": str(ROOT)}


def _xlsxwriter_pieces(ledger, rows, title, ctx):
    """The ledger written by XlsxWriter (constant memory) to a temporary file, then read back in pieces."""
    import xlsxwriter

    from minorworks.core.ledgers.xlsx import DATE_FORMAT, MONEY_FORMAT, safe_text

    columns = ledger.export_columns()
    with tempfile.TemporaryFile() as handle:
        workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "in_memory": False})
        sheet = workbook.add_worksheet(ledger.title_zh[:31])
        bold, date_format = (
            workbook.add_format({"bold": True}),
            workbook.add_format({"num_format": DATE_FORMAT}),
        )
        money_format = workbook.add_format({"num_format": MONEY_FORMAT})
        sheet.freeze_panes(2, 0)
        for index, column in enumerate(columns):
            sheet.set_column(index, index, column.width)
        sheet.write_string(0, 0, title, bold)
        for index, column in enumerate(columns):
            sheet.write_string(1, index, column.zh, bold)
        plan = [(index, column.kind, column.render) for index, column in enumerate(columns)]
        for number, row in enumerate(rows, start=1):
            line = number + 1
            for index, kind, render in plan:
                if kind == "seq":
                    sheet.write_number(line, index, number)
                    continue
                value = render(row, ctx)
                if value is None or value == "":
                    continue
                if kind == "date":
                    sheet.write_datetime(line, index, value, date_format)
                elif kind == "money":
                    sheet.write_number(line, index, float(value), money_format)
                elif kind == "number":
                    sheet.write_number(line, index, value)
                else:
                    sheet.write_string(line, index, safe_text(value))
        workbook.close()
        handle.seek(0)
        while piece := handle.read(65536):
            yield piece


def child(var: Path, mode: str) -> dict:
    """Runs in a fresh process: one export (or the bare query), measured."""
    os.environ["MINORWORKS_VAR"] = str(var)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minorworks.settings")
    import django

    django.setup()
    import gc

    from django.test import Client
    from django.utils import translation

    from minorworks.accounts.models import User
    from minorworks.core.ledgers import REGISTRY
    from minorworks.core.ledgers import xlsx as writer
    from minorworks.core.ledgers.export import title_line
    from minorworks.core.ledgers.rows import bind, ordered, stream

    user = User.objects.get(username="demo-district")
    ledger = REGISTRY["below-quota"]
    client = Client()
    client.force_login(user)
    b"".join(client.get(f"{URL}?q=__nothing__").streaming_content)  # load every module first
    gc.collect()
    before = _rss_peak_mb()
    rows = first = size = 0
    cpu = _cpu_seconds()
    started = time.monotonic()
    if mode == "query":
        for _row in stream(ledger, ordered(bind(ledger, None, user))):
            rows += 1
            if rows == 1:
                first = time.monotonic() - started
    else:
        if mode.startswith("xml-"):
            writer.COMPRESS_LEVEL = int(mode.split("-")[1])
            response = client.get(URL)
            assert response.status_code == 200, response.status_code
            pieces = response.streaming_content
        else:
            with translation.override("zh-hans"):
                filterset = bind(ledger, None, user)
                title, ctx = title_line(ledger, user, []), ledger.context()
                pieces = _xlsxwriter_pieces(ledger, stream(ledger, ordered(filterset)), title, ctx)
        for piece in pieces:
            if piece and not size:
                first = time.monotonic() - started
            size += len(piece)
        rows = ledger.queryset_for(user).count()
    seconds = time.monotonic() - started
    cpu = _cpu_seconds() - cpu
    return {
        "cpu": cpu,
        "mode": mode,
        "rows": rows,
        "first": first,
        "seconds": seconds,
        "bytes": size,
        "peak_mb": _rss_peak_mb(),
        "growth_mb": _rss_peak_mb() - before,
    }


def run_child(var: Path, mode: str) -> dict:
    args = [sys.executable, __file__, "--child", str(var), "--mode", mode]
    done = subprocess.run(args, env=_env(var), check=False, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{mode} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    """Build the databases, run every mode on each, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100000])
    parser.add_argument("--root", type=Path, default=Path("/tmp/ledgerbench"))
    parser.add_argument(
        "--levels", type=int, nargs="+", default=[1, 6], help="deflate levels of the XML writer"
    )
    parser.add_argument("--fresh", action="store_true", help="rebuild the databases")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.mode)))
        return 0

    print(
        f"{'rows':>8} {'mode':>11} {'1st byte s':>10} {'total s':>8} {'CPU s':>6} {'file MB':>8} {'peak MB':>8}"
        f" {'growth MB':>9}"
    )
    for size in args.sizes:
        var = args.root / str(size)
        built = prepare(var, size, args.fresh)
        if built:
            print(f"built {size:,} projects in {built:.0f} s ({var})", flush=True)
        for mode in ["query", *(f"xml-{level}" for level in args.levels), "xlsxwriter"]:
            r = run_child(var, mode)
            print(
                f"{r['rows']:>8,} {r['mode']:>11} {r['first']:>10.2f} {r['seconds']:>8.1f} {r['cpu']:>6.1f}"
                f" {r['bytes'] / 1e6:>8.1f}"
                f" {r['peak_mb']:>8.1f} {r['growth_mb']:>9.1f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
