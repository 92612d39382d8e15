"""Daily jobs (`minorworks jobs`) run each registered job once per day; `minorworks worker` runs the queue."""

from __future__ import annotations

import datetime as dt
import signal

import pytest
from django.core import mail
from django.utils import timezone

from minorworks.cli import main
from minorworks.core import jobs
from minorworks.core.models import Delivery, JobRun, Notification

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 1)


@pytest.fixture
def registry(monkeypatch):
    """Only the jobs a test declares (the real ones are checked by name below)."""
    monkeypatch.setattr(jobs, "_REGISTRY", {})
    monkeypatch.setattr(jobs, "autodiscover_modules", lambda name: None)
    return jobs._REGISTRY


@pytest.fixture
def counter(registry):
    calls: list[dt.date] = []

    @jobs.daily("test.counter")
    def count(today):
        """Count the calls."""
        calls.append(today)
        return f"counted {len(calls)}"

    return calls


def test_a_job_runs_once_per_day_and_again_the_next_day(counter):
    assert jobs.run_daily(today=DAY) == [jobs.JobResult("test.counter", "ran", "counted 1")]
    assert jobs.run_daily(today=DAY) == [jobs.JobResult("test.counter", "skipped")]
    assert jobs.run_daily(today=DAY + dt.timedelta(days=1))[0].state == "ran"
    assert counter == [DAY, DAY + dt.timedelta(days=1)]
    run = JobRun.objects.get(name="test.counter", day=DAY)
    assert (run.state, run.tries, run.outcome) == ("ok", 1, "counted 1") and run.finished_at is not None


def test_a_failed_job_is_recorded_does_not_stop_the_others_and_runs_again(registry, counter):
    attempts = []

    @jobs.daily("test.flaky")
    def flaky(today):
        attempts.append(today)
        if len(attempts) == 1:
            raise RuntimeError("gateway down, call 13812345678")
        return "ok now"

    results = {r.name: r for r in jobs.run_daily(today=DAY)}
    assert results["test.flaky"].state == "failed" and results["test.counter"].state == "ran"
    failed = JobRun.objects.get(name="test.flaky")
    assert failed.state == "failed" and "RuntimeError" in failed.outcome
    assert "13812345678" not in failed.outcome  # no personal number in the recorded outcome
    results = {r.name: r for r in jobs.run_daily(today=DAY)}
    assert results["test.flaky"].state == "ran" and results["test.counter"].state == "skipped"
    assert JobRun.objects.get(name="test.flaky").tries == 2


def test_a_job_running_elsewhere_is_skipped_unless_it_is_stale(counter):
    JobRun.objects.create(name="test.counter", day=DAY, state="running", started_at=timezone.now())
    assert jobs.run_daily(today=DAY)[0].state == "skipped"
    JobRun.objects.filter(name="test.counter").update(started_at=timezone.now() - dt.timedelta(hours=7))
    assert jobs.run_daily(today=DAY)[0].state == "ran"


def test_a_name_is_declared_once(registry):
    jobs.daily("test.once")(lambda today: None)
    with pytest.raises(ValueError):
        jobs.daily("test.once")(lambda today: None)


def test_the_command_runs_lists_and_reports(counter, capsys):
    assert main(["jobs", "--date", "2026-12-01"]) == 0
    assert "test.counter: ran — counted 1" in capsys.readouterr().out
    assert main(["jobs", "--date", "2026-12-01"]) == 0
    assert "test.counter: skipped" in capsys.readouterr().out
    assert main(["jobs", "--list"]) == 0
    listed = capsys.readouterr().out
    assert "test.counter" in listed and "Count the calls." in listed
    assert main(["jobs", "--only", "no.such_job"]) == 2


def test_the_command_fails_when_a_job_fails(registry, capsys):
    jobs.daily("test.broken")(lambda today: 1 / 0)
    assert main(["jobs", "--date", "2026-12-01"]) == 1
    assert "test.broken: failed — ZeroDivisionError" in capsys.readouterr().out


def test_the_platform_declares_its_jobs():
    names = [job.name for job in jobs.registered()]
    assert {"core.redeliver_stale", "core.prune_task_results", "stoporders.propose_for_overdue"} <= set(names)


def test_the_overdue_hazard_job_proposes_one_order_per_project_once_a_day(world):
    from minorworks.inspections.hazards import record_hazard
    from minorworks.projects.models import Status
    from minorworks.stoporders.models import StopOrder

    from .workflow_support import make_project

    project = make_project(world, Status.IN_PROGRESS)
    hazard = record_hazard(
        actor=world.street_a_officer, project=project, level="general", description="临边无防护"
    )
    later = hazard.deadline + dt.timedelta(days=1)
    assert jobs.run_daily(today=later, only=["stoporders.propose_for_overdue"]) == [
        jobs.JobResult("stoporders.propose_for_overdue", "ran", "1 stop-work orders proposed")
    ]
    assert jobs.run_daily(today=later, only=["stoporders.propose_for_overdue"])[0].state == "skipped"
    assert StopOrder.objects.filter(project=project, source="deadline").count() == 1


def test_redeliver_stale_picks_up_what_a_lost_task_left(world, django_capture_on_commit_callbacks):
    old = timezone.now() - dt.timedelta(hours=1)
    lost = Notification.objects.create(recipient=world.builder, kind="test.kind", subject="丢失的通知")
    Notification.objects.filter(pk=lost.pk).update(created_at=old)
    fresh = Notification.objects.create(recipient=world.builder, kind="test.kind", subject="刚写入的通知")
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.redeliver_stale(DAY) == "1 notifications, 0 deliveries queued again"
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert (
        lost.dispatched_at is not None and fresh.dispatched_at is None
    )  # the fresh one's task may be on its way
    assert [m.subject for m in mail.outbox] == ["丢失的通知"]
    stuck = Delivery.objects.create(notification=fresh, channel="email", state="sending")
    Delivery.objects.filter(pk=stuck.pk).update(created_at=old, updated_at=old - dt.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.redeliver_stale(DAY) == "0 notifications, 1 deliveries queued again"
    stuck.refresh_from_db()
    assert stuck.state == "delivered"


def test_prune_task_results_only_on_the_database_backend(settings):
    assert jobs.prune_task_results(DAY) == "not the database backend: nothing to prune"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    from minorworks.core.delivery import dispatch_notifications

    result = dispatch_notifications.enqueue([])
    DBTaskResult.objects.filter(pk=result.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - dt.timedelta(days=20)
    )
    assert jobs.prune_task_results(DAY) == "finished results older than 14 days pruned"
    assert not DBTaskResult.objects.exists()


# --- the worker command -----------------------------------------------------------------------------------------


@pytest.fixture
def keep_signal_handlers():
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_minorworks_worker_runs_the_queued_tasks(world, settings, keep_signal_handlers):
    from django_tasks_db.models import DBTaskResult

    from minorworks.core.notifications import notify

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    notify(
        [world.builder], kind="test.kind", subject="排队的通知"
    )  # outside a transaction: committed at once
    assert mail.outbox == [] and DBTaskResult.objects.filter(status="READY").count() == 1
    assert main(["worker", "--batch", "--no-startup-delay", "--verbosity", "0"]) == 0
    assert [m.subject for m in mail.outbox] == ["排队的通知"]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert Delivery.objects.get().state == "delivered"
