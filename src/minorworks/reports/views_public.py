"""The residents' side: the report form (no account), the receipt, and the private tracking page with rating."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from minorworks.core.access import public
from minorworks.core.forms import attach_errors
from minorworks.core.middleware import client_ip
from minorworks.notices.services import POST_ACCEPTANCE
from minorworks.projects.models import Project

from .feedback import rate, report_by_secret
from .forms import RatingForm, ReportForm
from .intake import receive_report
from .models import Status


def _client(group: str, request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _public_project(public_id: str) -> Project | None:
    if not public_id or len(public_id) > 32:
        return None
    return (
        Project.objects.select_related("street", "district")
        .filter(public_id=public_id, status__in=POST_ACCEPTANCE)
        .first()
    )


def _noindex(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@public
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    """The public report form; from a project's QR page the project is filled in (``?project=<public id>``)."""
    public_id = request.POST.get("project") if request.method == "POST" else request.GET.get("project", "")
    project = _public_project(public_id or "")
    if request.method == "GET":
        form = ReportForm(initial={"form_uid": uuid.uuid4(), "project": project.public_id if project else ""})
        return _noindex(render(request, "reports/new.html", {"form": form, "project": project}))
    limited = is_ratelimited(
        request,
        group="reports.new",
        key=_client,
        rate=settings.REPORTS_RATE_LIMIT,
        method="POST",
        increment=True,
    )
    form = ReportForm(request.POST, request.FILES)
    if limited:
        form.is_valid()
        context = {"form": form, "project": project, "limited": True}
        return _noindex(render(request, "reports/new.html", context, status=429))
    if not form.is_valid():
        return _noindex(render(request, "reports/new.html", {"form": form, "project": project}, status=400))
    if form.cleaned_data.get("website"):
        # A bot filled the hidden field: answer like a success, record nothing.
        return _noindex(render(request, "reports/honeypot.html", {}))
    data = {**form.cleaned_data, "project": project}
    try:
        received = receive_report(
            actor=None,
            data=data,
            photos=form.cleaned_data["photos"],
            client_uid=form.cleaned_data["form_uid"],
        )
    except ValidationError as exc:
        attach_errors(form, exc)
        return _noindex(render(request, "reports/new.html", {"form": form, "project": project}, status=400))
    return redirect(reverse("reports:track", kwargs={"secret": received.report.secret}) + "?new=1")


@public
@require_http_methods(["GET", "POST"])
def report_track(request: HttpRequest, secret: str) -> HttpResponse:
    """The reporter's private page: tracking number, status, the reply, and rating once when closed."""
    report = report_by_secret(secret)
    form = RatingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                done = rate(report, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
            except ValidationError as exc:
                attach_errors(form, exc)
                status = 400
            else:
                if not done:
                    from django.contrib import messages

                    messages.info(request, _("This report has already been rated."))
                return redirect("reports:track", secret=secret)
        else:
            status = 400
    context = {
        "report": report,
        "form": form,
        "can_rate": report.status == Status.CLOSED and not report.rating,
        "new": request.GET.get("new") == "1",
        "link": request.build_absolute_uri(reverse("reports:track", kwargs={"secret": secret})),
    }
    response = render(request, "reports/track.html", context, status=status)
    response["Referrer-Policy"] = "same-origin"  # the link is the secret: never sent to other sites
    return _noindex(response)
