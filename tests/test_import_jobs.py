"""Imports as background jobs: stored, queued, run once by the task, progress polled with htmx, outcome kept,
upload deleted afterwards."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from minorworks.core.models import AuditEntry
from minorworks.ledgers import jobs
from minorworks.ledgers.models import ImportJob
from minorworks.projects.models import Project

from .conftest import client_for
from .test_excel_import import row, upload, xlsx

pytestmark = pytest.mark.django_db


def queued_job(world, content: bytes = b"PK\x03\x04") -> ImportJob:
    job = ImportJob(created_by=world.street_a_officer, original_name="待导入.xlsx", size=len(content))
    job.file.save("queued.xlsx", ContentFile(content), save=False)
    job.save()
    return job


def test_a_running_job_page_polls_and_a_finished_one_stops(world):
    job = queued_job(world)
    ImportJob.objects.filter(pk=job.pk).update(status="running", phase="checking", progress=25)
    client = client_for(world, "street_a_officer")
    page = client.get(f"/ledgers/import/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "正在逐行校验" in page and "25%" in page
    partial = client.get(f"/ledgers/import/{job.pk}/", HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith('<div id="import-status"')  # the fragment only
    ImportJob.objects.filter(pk=job.pk).update(status="done", created_numbers=["DC2026000001"])
    finished = client.get(f"/ledgers/import/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in finished and "已导入 1 个工程" in finished


def test_a_job_nobody_has_started_for_a_minute_says_the_worker_is_not_running(world):
    job = queued_job(world)
    client = client_for(world, "street_a_officer")
    assert 'data-testid="import-stalled"' not in client.get(f"/ledgers/import/{job.pk}/").content.decode()
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(minutes=2))
    page = client.get(f"/ledgers/import/{job.pk}/").content.decode()
    assert 'data-testid="import-stalled"' in page and 'hx-trigger="every 1s"' in page  # still polling


def test_a_job_is_seen_by_its_importer_only(world):
    job = queued_job(world)
    assert client_for(world, "district_admin").get(f"/ledgers/import/{job.pk}/").status_code == 404
    assert client_for(world, "street_b_officer").get(f"/ledgers/import/{job.pk}/").status_code == 404
    assert client_for(world, "grid_worker").get(f"/ledgers/import/{job.pk}/").status_code == 403
    assert client_for(world, "street_a_officer").post(f"/ledgers/import/{job.pk}/").status_code == 405


def test_the_task_runs_a_job_once_reports_progress_and_deletes_the_upload(world, monkeypatch):
    job = queued_job(world, xlsx([row(world, n) for n in range(1, 4)]))
    path = job.file.path
    seen = []
    real = jobs._progress

    def spy(job_id):
        report = real(job_id)

        def wrapped(phase, done, total):
            report(phase, done, total)
            seen.append(ImportJob.objects.values_list("phase", "progress").get(pk=job_id))

        return wrapped

    monkeypatch.setattr(jobs, "_progress", spy)
    jobs.run_import.call(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.rows == 3 and len(job.created_numbers) == 3 and job.progress == 100
    assert ("reading", 0) in seen and ("writing", 100) in seen
    assert not job.file and not os.path.exists(path)
    jobs.run_import.call(job.pk)  # a second delivery of the same task does nothing
    assert Project.objects.count() == 3


def test_a_crashing_import_fails_cleanly(world, monkeypatch):
    job = queued_job(world, xlsx([row(world, 1)]))

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(jobs, "import_projects", boom)
    jobs.run_import.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "意外失败" in job.problems[0] and not job.file
    assert Project.objects.count() == 0


def test_upload_is_audited_and_listed_among_recent_imports(world):
    client = client_for(world, "street_a_officer")
    response = upload(client, xlsx([row(world, 1)]), name="我的工程.xlsx")
    job = ImportJob.objects.get()
    assert response["Location"] == f"/ledgers/import/{job.pk}/"
    assert AuditEntry.objects.filter(action="import.start", object_id=str(job.pk)).count() == 1
    page = client.get("/ledgers/import/").content.decode()
    assert "我的工程.xlsx" in page.split('data-testid="recent-imports"')[1]
    assert "我的工程.xlsx" not in client_for(world, "district_admin").get("/ledgers/import/").content.decode()
