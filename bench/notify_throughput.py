"""Benchmark: the cost of notify() inside a request's transaction, and how fast one database-queue worker
delivers the copies (e-mail to Django's locmem backend, webhooks to a local receiver).

    .venv/bin/python bench/notify_throughput.py [--notifications 500] [--database-url postgres://…]

Uses a throwaway var dir and, unless --database-url is given, its own SQLite file; with --database-url the
database must be empty (a throwaway one: `createdb -h 127.0.0.1 -U postgres mw_bench_notify`). Figures for
docs/adr/0006-notifications-and-jobs.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def receiver() -> tuple[ThreadingHTTPServer, list[int]]:
    hits: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            hits.append(1)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, hits


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notifications", type=int, default=500)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="minorworks-bench-notify-"))
    env = {
        **os.environ,
        "MINORWORKS_VAR": str(var),
        "DATABASE_URL": args.database_url or f"sqlite:///{var / 'bench.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "minorworks.settings",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from minorworks.accounts.models import User
    from minorworks.core.models import Delivery, WebhookEndpoint
    from minorworks.core.notifications import notify
    from minorworks.core.roles import Role
    from minorworks.orgs.models import Region
    from minorworks.orgs.reference import load_reference

    call_command("migrate", verbosity=0)
    load_reference()
    district = Region.objects.get(code="110101")
    server, hits = receiver()
    WebhookEndpoint.objects.create(
        district=district, name="bench", url=f"http://127.0.0.1:{server.server_address[1]}/", secret="s" * 32
    )
    users = [
        User.objects.create(
            username=f"bench{i}", role=Role.DISTRICT_ADMIN, district=district, email=f"b{i}@example.invalid"
        )
        for i in range(args.notifications)
    ]
    costs = []
    for user in users:
        started = time.perf_counter()
        with transaction.atomic():
            notify([user], kind="bench.kind", subject="基准测试", body="正文", url="/")
        costs.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "minorworks.cli",
            "worker",
            "--batch",
            "--no-startup-delay",
            "--verbosity",
            "0",
        ],
        env=env,
        check=True,
    )
    drained = time.perf_counter() - started
    delivered = Delivery.objects.filter(state="delivered").count()
    tasks = args.notifications + delivered  # one dispatch per notify() call, one try per delivery
    engine = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    print(
        f"{engine}: notify() in a transaction, 1 recipient: median {statistics.median(costs):.2f} ms, "
        f"p95 {sorted(costs)[int(len(costs) * 0.95)]:.2f} ms"
    )
    print(
        f"{engine}: one worker drained {tasks} tasks ({delivered} deliveries, {len(hits)} webhook POSTs) "
        f"in {drained:.1f} s = {tasks / drained:.0f} tasks/s (process start included)"
    )
    server.shutdown()
    return 0 if delivered == 2 * args.notifications else 1


if __name__ == "__main__":
    sys.exit(main())
