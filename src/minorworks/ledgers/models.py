"""An Excel import as a background job: the stored upload, its state, progress, errors and result."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportJob(models.Model):
    """One uploaded workbook on its way through the import (checked and written by a background task)."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("import job state", "Waiting to start")
        RUNNING = "running", pgettext_lazy("import job state", "Running")
        DONE = "done", pgettext_lazy("import job state", "Imported")
        REFUSED = "refused", pgettext_lazy("import job state", "Not imported")
        FAILED = "failed", pgettext_lazy("import job state", "Failed")

    FINISHED = frozenset({Status.DONE, Status.REFUSED, Status.FAILED})

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("imported by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    language = models.CharField(_("language"), max_length=16, default="zh-hans")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(_("phase"), max_length=16, blank=True)  # reading | checking | writing
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    problems = models.JSONField(_("file problems"), default=list, blank=True)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("row errors (count)"), default=0)
    bad_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    created_numbers = models.JSONField(_("registration numbers created"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"

    @property
    def finished(self) -> bool:
        """True once the job will not change any more."""
        return self.status in self.FINISHED
