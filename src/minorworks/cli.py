"""The `minorworks` console command: init, demo, serve, worker, jobs, backup, restore, manage."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import subprocess
import sys
import threading
import time
from pathlib import Path


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minorworks.settings")
    import django

    django.setup()


def cmd_init(args: argparse.Namespace) -> int:
    """Migrate, load reference data and collect static files (idempotent)."""
    _setup()
    from django.core.management import call_command

    from minorworks.core.dbstats import pending_migrations, refresh_planner_statistics
    from minorworks.core.reference import load_all

    pending = pending_migrations()
    call_command("migrate", interactive=False, verbosity=0)
    if pending:
        refresh_planner_statistics()  # recreated indexes have no statistics (core.dbstats)
    counts = load_all()
    if not args.skip_static:
        call_command("collectstatic", interactive=False, verbosity=0)
    print(
        "minorworks init: database migrated; reference data:",
        ", ".join(f"{k}={v}" for k, v in counts.items()),
    )
    return 0


def print_logins() -> None:
    """Print the demo logins (demo mode only)."""
    from minorworks.demo.generate import DEMO_LOGINS, DEMO_PASSWORD

    print(f"\nDemo logins (password: {DEMO_PASSWORD})")
    for username, _role, label in DEMO_LOGINS:
        print(f"  {username:<14} {label}")


def cmd_demo(args: argparse.Namespace) -> int:
    """Load the deterministic demo data set once; prints the logins."""
    _setup()
    from django.conf import settings

    from minorworks.demo.generate import demo_already_loaded, load_demo

    if settings.PRODUCTION:
        print(
            "minorworks demo: refused — production mode is on (MINORWORKS_ENV=production).", file=sys.stderr
        )
        return 2
    if demo_already_loaded():
        print("minorworks demo: demo data already loaded; nothing to do.")
    else:
        started = time.monotonic()
        counts = load_demo(projects=args.projects, seed=args.seed, city=args.city)
        print(
            f"minorworks demo: loaded {counts['projects']} projects, {counts['users']} users, "
            f"{counts['enterprises']} enterprises, {counts.get('inspections', 0)} inspections, "
            f"{counts.get('hazards', 0)} hazards, {counts.get('stop_orders', 0)} stop-work orders "
            f"in {time.monotonic() - started:.1f} s"
        )
    if not args.no_logins:
        print_logins()
    return 0


def _gunicorn_argv(args: argparse.Namespace, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "minorworks.wsgi:application",
        "--bind",
        f"{args.host}:{port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--timeout",
        "60",
    ]


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve with gunicorn (static files by whitenoise); with --with-worker also run the background worker."""
    port = args.port or int(os.environ.get("PORT", "8000"))
    argv = _gunicorn_argv(args, port)
    url = f"http://{args.host}:{port}/"
    if args.with_worker:
        return _serve_with_worker(argv, url)
    print(f"minorworks serve: {url} ({args.workers} workers)", flush=True)
    os.execv(sys.executable, argv)  # noqa: S606 - fixed argv, no shell; gunicorn replaces this process
    return 0  # not reached


def cmd_backup(args: argparse.Namespace) -> int:
    """Write the database and the uploaded files to one archive (safe while the server runs)."""
    _setup()
    from minorworks.core.backup import BackupError, create_backup

    try:
        manifest = create_backup(Path(args.path), portable=args.portable)
    except BackupError as exc:
        print(f"minorworks backup: {exc}", file=sys.stderr)
        return 1
    media = sum(1 for name in manifest["files"] if name.startswith("media/"))
    print(
        f"minorworks backup: {args.path} ({manifest['database']['vendor']} by {manifest['database']['method']}, "
        f"{media} uploaded files)"
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore the database and the uploaded files from an archive (stop the server first)."""
    _setup()
    from minorworks.core.backup import BackupError, restore_backup

    try:
        manifest = restore_backup(Path(args.path), force=args.force)
    except BackupError as exc:
        print(f"minorworks restore: {exc}", file=sys.stderr)
        return 1
    print(
        f"minorworks restore: restored {args.path} of {manifest['created_at']}; "
        "run `minorworks init` if this code is newer than the backup."
    )
    return 0


def _forward(stream, ready: threading.Event) -> None:
    for line in iter(stream.readline, ""):
        sys.stdout.write(line)
        sys.stdout.flush()
        ready.set()
    ready.set()


def _serve_with_worker(server_argv: list[str], url: str) -> int:
    """The worker, then the banner (URL and demo logins), then gunicorn; Ctrl-C (or either dying) stops both."""
    _setup()
    from django.conf import settings

    worker = subprocess.Popen(
        [sys.executable, "-m", "minorworks.cli", "worker"],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    started = threading.Event()
    threading.Thread(target=_forward, args=(worker.stdout, started), daemon=True).start()
    started.wait(timeout=30)  # its "Starting worker" line comes before the banner, not inside it
    print(f"\nminorworks: background worker running (pid {worker.pid})")
    if settings.DEMO_MODE:
        from minorworks.demo.generate import demo_already_loaded

        if demo_already_loaded():
            print_logins()
    print(f"\nOpen {url}  (Ctrl-C stops the server and the worker)\n", flush=True)
    server = subprocess.Popen(server_argv)
    children = (server, worker)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        # The terminal sent SIGINT to both children too: give them time to finish the task or request at hand.
        _wait_all(children, timeout=15)
    _stop_all(children)
    return 0 if server.returncode in (0, -2, -15) else int(server.returncode or 1)


def _wait_all(children, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    for child in children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=max(0.0, deadline - time.monotonic()))


def _stop_all(children) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    _wait_all(children, timeout=15)
    for child in children:
        if child.poll() is None:
            child.kill()
            child.wait()


def cmd_worker(args: argparse.Namespace) -> int:
    """The background worker: ``db_worker --no-reload`` (extra arguments, e.g. ``--batch``, are passed on)."""
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["minorworks worker", "db_worker", "--no-reload", *args.rest])
    return 0


def cmd_jobs(args: argparse.Namespace) -> int:
    """Run each registered daily job once for the day (cron / systemd timer); 1 when one of them failed."""
    _setup()
    from minorworks.core.jobs import registered, run_daily

    if args.list:
        for job in registered():
            print(f"{job.name:<32} {job.description}")
        return 0
    day = dt.date.fromisoformat(args.date) if args.date else None
    try:
        results = run_daily(today=day, only=args.only)
    except KeyError as exc:
        print(f"minorworks jobs: {exc.args[0]}", file=sys.stderr)
        return 2
    for result in results:
        print(
            f"minorworks jobs: {result.name}: {result.state}"
            + (f" — {result.outcome}" if result.outcome else "")
        )
    return 1 if any(result.state == "failed" for result in results) else 0


def cmd_manage(args: argparse.Namespace) -> int:
    """Any Django management command."""
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["minorworks manage", *args.rest])
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = argparse.ArgumentParser(prog="minorworks", description="限额以下工程施工安全管理平台")
    sub = parser.add_subparsers(dest="command", required=True)
    p_init = sub.add_parser("init", help="migrate and load reference data (idempotent)")
    p_init.add_argument("--skip-static", action="store_true", help="do not collect static files")
    p_init.set_defaults(func=cmd_init)
    p_demo = sub.add_parser("demo", help="load the demo data set (not in production)")
    p_demo.add_argument("--projects", type=int, default=790, help="number of projects (default: 790)")
    p_demo.add_argument("--seed", type=int, default=2023, help="random seed (default: 2023)")
    p_demo.add_argument("--no-logins", action="store_true", help="do not print the demo logins")
    p_demo.add_argument(
        "--city", action="store_true", help="spread the projects over Beijing's 16 districts (benchmarks)"
    )
    p_demo.set_defaults(func=cmd_demo)
    p_serve = sub.add_parser("serve", help="serve with gunicorn")
    p_serve.add_argument("--port", type=int, default=None, help="port (default: $PORT or 8000)")
    p_serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    p_serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
    p_serve.add_argument(
        "--with-worker",
        action="store_true",
        help="also run the background worker (make run); Ctrl-C stops both",
    )
    p_serve.set_defaults(func=cmd_serve)
    p_backup = sub.add_parser("backup", help="back up the database and uploaded files to one archive")
    p_backup.add_argument("path", help="the archive to write (.tar.gz)")
    p_backup.add_argument(
        "--portable", action="store_true", help="a Django-level dump that restores on SQLite or PostgreSQL"
    )
    p_backup.set_defaults(func=cmd_backup)
    p_restore = sub.add_parser("restore", help="restore an archive made by `minorworks backup`")
    p_restore.add_argument("path", help="the archive to read")
    p_restore.add_argument("--force", action="store_true", help="replace a database or media that holds data")
    p_restore.set_defaults(func=cmd_restore)
    p_worker = sub.add_parser(
        "worker", help="run the background task worker (db_worker --no-reload)", add_help=False
    )
    p_worker.set_defaults(func=cmd_worker)  # its options are db_worker's (parse_known_args below)
    p_jobs = sub.add_parser("jobs", help="run the daily jobs once for today (cron / systemd timer)")
    p_jobs.add_argument("--date", help="the day to run for (YYYY-MM-DD; default: today)")
    p_jobs.add_argument("--only", action="append", help="run only this job (repeatable)")
    p_jobs.add_argument("--list", action="store_true", help="list the registered jobs and exit")
    p_jobs.set_defaults(func=cmd_jobs)
    p_manage = sub.add_parser("manage", help="run a Django management command", add_help=False)
    p_manage.add_argument("rest", nargs=argparse.REMAINDER)
    p_manage.set_defaults(func=cmd_manage)
    args, extra = parser.parse_known_args(argv)
    if args.command == "worker":
        args.rest = extra
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
