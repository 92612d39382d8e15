"""The `minorworks` console command: init, demo, serve, backup, restore, manage."""

from __future__ import annotations

import argparse
import os
import sys
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

    from minorworks.core.reference import load_all

    call_command("migrate", interactive=False, verbosity=0)
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
        counts = load_demo(projects=args.projects, seed=args.seed)
        print(
            f"minorworks demo: loaded {counts['projects']} projects, {counts['users']} users, "
            f"{counts['enterprises']} enterprises, {counts.get('inspections', 0)} inspections, "
            f"{counts.get('hazards', 0)} hazards, {counts.get('stop_orders', 0)} stop-work orders "
            f"in {time.monotonic() - started:.1f} s"
        )
    print_logins()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve with gunicorn (static files by whitenoise); replaces this process."""
    port = args.port or int(os.environ.get("PORT", "8000"))
    argv = [
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
    print(f"minorworks serve: http://{args.host}:{port}/ ({args.workers} workers)", flush=True)
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
    p_demo.set_defaults(func=cmd_demo)
    p_serve = sub.add_parser("serve", help="serve with gunicorn")
    p_serve.add_argument("--port", type=int, default=None, help="port (default: $PORT or 8000)")
    p_serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    p_serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
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
    p_manage = sub.add_parser("manage", help="run a Django management command", add_help=False)
    p_manage.add_argument("rest", nargs=argparse.REMAINDER)
    p_manage.set_defaults(func=cmd_manage)
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
