"""Imports as background jobs: store the upload and queue it (``start_import``), run it (``run_import``).

The task runs in the ``db_worker`` process (django.tasks, database backend), not in the request: reading is
bounded in time and memory (:mod:`.importread`), the whole import by ``IMPORT_SECONDS``; the job row carries
the progress the page polls for, then the outcome. The stored upload is deleted once the job has finished.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_tasks import task

from minorworks.core.audit import record
from minorworks.core.roles import Role

from .importing import import_projects
from .models import ImportJob

IMPORTERS: tuple[str, ...] = (Role.DISTRICT_ADMIN, Role.STREET_OFFICER)
ERRORS_KEPT = 300  # a wholly wrong file of 5,000 rows would otherwise be a list of 100,000 problems
PHASE_SHARE = {"reading": (0, 10), "checking": (10, 40), "writing": (40, 100)}  # percent of the bar
log = logging.getLogger(__name__)


def start_import(upload: Any, *, actor: Any) -> ImportJob:
    """Store ``upload`` and queue its import by ``actor`` (a street officer or district administrator)."""
    if getattr(actor, "role", None) not in IMPORTERS:
        raise PermissionDenied(_("You may not import projects."))
    with transaction.atomic():
        job = ImportJob(
            created_by=actor,
            original_name=(getattr(upload, "name", "") or "import.xlsx")[-200:],
            size=upload.size,
            language=get_language() or settings.LANGUAGE_CODE,
        )
        # A random stored name: the user's file name never becomes a path.
        job.file.save(f"{uuid.uuid4().hex}.xlsx", upload, save=False)
        job.save()
        record(
            actor=actor, action="import.start", obj=job, after={"file": job.original_name, "size": job.size}
        )
    # The database backend queues in this same transaction state; the immediate one (tests) runs it now.
    run_import.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _progress(job_id: int):
    def report(phase: str, done: int, total: int) -> None:
        low, high = PHASE_SHARE.get(phase, (0, 100))
        percent = low + (high - low) * done // max(total, 1)
        ImportJob.objects.filter(pk=job_id).update(phase=phase, progress=percent)

    return report


@task()
def run_import(job_id: int) -> None:
    """Run one queued import job to its end (once: a second delivery finds it already claimed)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    deadline = time.monotonic() + settings.IMPORT_SECONDS
    outcome: dict[str, Any]
    try:
        with translation.override(job.language), job.file.open("rb") as upload:
            result = import_projects(
                upload, actor=job.created_by, progress=_progress(job_id), deadline=deadline
            )
            outcome = {
                "status": ImportJob.Status.DONE if result.ok else ImportJob.Status.REFUSED,
                "rows": result.rows,
                "problems": result.problems,
                "errors": [
                    {"row": e.row, "column": e.column, "letter": e.letter, "message": e.message}
                    for e in result.errors[:ERRORS_KEPT]
                ],
                "error_count": len(result.errors),
                "bad_rows": len(result.bad_rows()),
                "created_numbers": [project.number for project in result.created],
                "progress": 100,
            }
    except Exception:
        log.exception("import job %s failed", job_id)
        with translation.override(job.language):
            problem = _(
                "The import failed unexpectedly; nothing was imported. Try again or ask the administrator."
            )
        outcome = {"status": ImportJob.Status.FAILED, "problems": [problem]}
    finally:
        job.file.delete(save=False)  # the upload holds personal data: kept only while it is needed
    ImportJob.objects.filter(pk=job_id).update(file="", finished_at=timezone.now(), **outcome)
