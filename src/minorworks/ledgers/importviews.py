"""The Excel import pages: the template download, the upload, and the job's page (polled with htmx)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from minorworks.core.access import allow
from minorworks.core.ledgers.xlsx import XLSX_TYPE

from .forms import ImportForm
from .jobs import IMPORTERS, start_import
from .models import ImportJob
from .template import TEMPLATE_FILENAME, build_template

RECENT_JOBS = 5
STALLED_AFTER = dt.timedelta(minutes=1)


@allow(*IMPORTERS)
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """The import template, with the streets and communities the user may import into."""
    response = HttpResponse(build_template(request.user), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, TEMPLATE_FILENAME) or ""
    return response


@allow(*IMPORTERS)
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a filled-in template; the import runs in the background and its page shows the progress."""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            job = start_import(form.cleaned_data["file"], actor=request.user)
            return redirect("ledgers:import_job", job_id=job.pk)
    else:
        form = ImportForm()
    recent = ImportJob.objects.filter(created_by_id=request.user.pk).only(
        "pk", "original_name", "created_at", "status", "rows", "created_numbers"
    )[:RECENT_JOBS]
    return render(request, "ledgers/import.html", {"form": form, "recent": recent})


@allow(*IMPORTERS)
@require_GET
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """One import job of the user: its progress while it runs (htmx polls this), then what it did."""
    job = get_object_or_404(ImportJob, pk=job_id, created_by_id=request.user.pk)
    template = "ledgers/import_status.html" if getattr(request, "htmx", False) else "ledgers/import_job.html"
    # Queued for a minute and not started: the background worker is not running (say so, do not spin on).
    stalled = job.status == ImportJob.Status.QUEUED and timezone.now() - job.created_at > STALLED_AFTER
    return render(request, template, {"job": job, "created": len(job.created_numbers), "stalled": stalled})
