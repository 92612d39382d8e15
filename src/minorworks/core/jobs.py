"""Daily jobs: apps declare them, ``minorworks jobs`` (cron or a systemd timer) runs each once per day.

An app declares a job in its ``daily`` module (found by autodiscovery; ``jobs`` modules are left to the
background tasks of the apps, such as the ledger imports)::

    from minorworks.core.jobs import daily

    @daily("inspections.overdue_hazards")
    def overdue_hazards(today: datetime.date) -> str:
        ...  # find what is overdue on ``today``, notify(...) inside a transaction
        return "3 hazards overdue"  # the outcome, kept on the run

Each (job, day) has one :class:`~minorworks.core.models.JobRun` row, claimed before the job starts: a
second run on the same day (a retried timer, two hosts) skips the jobs already done or running; a job that
failed runs again on the next call. A job must still be safe to run twice for one day (it may have
failed half-way): it should look at the records' state, not at whether it ran.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .masking import mask_numbers_in
from .models import JobRun

logger = logging.getLogger(__name__)

JobFunc = Callable[[dt.date], object]
STALE_RUN = dt.timedelta(hours=6)  # a run "running" this long died with its process: it may be claimed again


@dataclass(frozen=True)
class DailyJob:
    """A registered job: its dotted name and the function called with the day."""

    name: str
    func: JobFunc

    @property
    def description(self) -> str:
        """The first line of the function's docstring."""
        return (self.func.__doc__ or "").strip().splitlines()[0] if self.func.__doc__ else ""


_REGISTRY: dict[str, DailyJob] = {}


def daily(name: str) -> Callable[[JobFunc], JobFunc]:
    """Register the decorated function as the daily job ``name`` (a dotted code such as "app.what")."""

    def register(func: JobFunc) -> JobFunc:
        known = _REGISTRY.get(name)
        if known is not None and known.func is not func:
            raise ValueError(f"daily job {name!r} is declared twice")
        _REGISTRY[name] = DailyJob(name, func)
        return func

    return register


def registered() -> list[DailyJob]:
    """Every declared job (each app's ``daily`` module is imported first), by name."""
    autodiscover_modules("daily")
    return sorted(_REGISTRY.values(), key=lambda job: job.name)


@dataclass(frozen=True)
class JobResult:
    """What happened to one job in one call of :func:`run_daily`."""

    name: str
    state: str  # "ran", "skipped" (done or running already today), "failed"
    outcome: str = ""


def _claim(name: str, day: dt.date, now: dt.datetime) -> bool:
    """Take the (job, day) row for this process; False when the job is done or running already."""
    try:
        with transaction.atomic():
            run = JobRun.objects.select_for_update().filter(name=name, day=day).first()
            if run is None:
                JobRun.objects.create(name=name, day=day, state=JobRun.State.RUNNING, started_at=now)
                return True
            if run.state == JobRun.State.OK:
                return False
            if run.state == JobRun.State.RUNNING and run.started_at > now - STALE_RUN:
                return False
            JobRun.objects.filter(pk=run.pk).update(
                state=JobRun.State.RUNNING, tries=run.tries + 1, started_at=now, finished_at=None, outcome=""
            )
            return True
    except IntegrityError:  # another process created the row between our read and our insert
        return False


def run_daily(*, today: dt.date | None = None, only: list[str] | None = None) -> list[JobResult]:
    """Run every registered job (or those named in ``only``) that has not run yet on ``today``."""
    day = today or timezone.localdate()
    jobs = registered()
    if only:
        unknown = set(only) - {job.name for job in jobs}
        if unknown:
            raise KeyError(f"unknown daily jobs: {sorted(unknown)}")
        jobs = [job for job in jobs if job.name in only]
    results = []
    for job in jobs:
        if not _claim(job.name, day, timezone.now()):
            results.append(JobResult(job.name, "skipped"))
            continue
        try:
            outcome = str(job.func(day) or "")
        except Exception as exc:  # recorded and reported; the other jobs still run
            logger.exception("daily job %s failed", job.name)
            outcome = mask_numbers_in(f"{type(exc).__name__}: {exc}")[:1000]
            state, result = JobRun.State.FAILED, "failed"
        else:
            state, result = JobRun.State.OK, "ran"
        JobRun.objects.filter(name=job.name, day=day).update(
            state=state, finished_at=timezone.now(), outcome=outcome
        )
        results.append(JobResult(job.name, result, outcome))
    return results


# --- the platform's own housekeeping -----------------------------------------------------------------------


@daily("core.redeliver_stale")
def redeliver_stale(today: dt.date) -> str:
    """Queue again notifications and deliveries that a lost task or a dead worker left behind."""
    from .delivery import requeue_stale

    notifications, deliveries = requeue_stale()
    return f"{notifications} notifications, {deliveries} deliveries queued again"


@daily("core.prune_task_results")
def prune_task_results(today: dt.date) -> str:
    """Delete the database queue's finished task results older than 14 days."""
    from django.core.management import call_command
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db import DatabaseBackend

    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return "not the database backend: nothing to prune"
    call_command("prune_db_task_results", min_age_days=14, verbosity=0)
    return "finished results older than 14 days pruned"
