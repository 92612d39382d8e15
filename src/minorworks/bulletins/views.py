"""Bulletin pages: the archive (and a new draft), one bulletin (edit, issue, drill-down), the scheme, a trend."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minorworks.core.access import allow
from minorworks.core.forms import attach_errors
from minorworks.core.roles import STAFF_ROLES, Role
from minorworks.core.workflow import InvalidInput, NotAllowedNow

from . import domain
from .detail import bulletin_detail, street_trend, trend_chart
from .documents import bulletin_response
from .forms import DraftForm, PeriodForm, SchemeForm, requirements_text
from .models import BulletinStatus, Scheme


def _style(form: Any) -> Any:
    for field in form.fields.values():
        kind = getattr(field.widget, "input_type", "")
        if kind == "checkbox":
            field.widget.attrs.setdefault("class", "form-check-input")
        else:
            css = "form-select form-select-sm" if kind == "select" else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
    return form


def _default_period() -> dict[str, Any]:
    """Last month."""
    first = timezone.localdate().replace(day=1)
    end = first - dt.timedelta(days=1)
    return {"period_start": end.replace(day=1), "period_end": end}


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def bulletin_list(request: HttpRequest) -> HttpResponse:
    """The bulletins of the district, newest first; the administrator generates a draft for a period here."""
    user: Any = request.user
    form = None
    if user.role == Role.DISTRICT_ADMIN:
        form = _style(PeriodForm(request.POST or None, initial=_default_period()))
        if request.method == "POST" and form.is_valid():
            try:
                bulletin = domain.generate(actor=user, **form.cleaned_data)
            except InvalidInput as exc:
                attach_errors(form, ValidationError(exc.errors))
            else:
                messages.success(request, _("Draft bulletin generated."))
                return redirect("bulletins:detail", bulletin_id=bulletin.pk)
    elif request.method == "POST":
        return HttpResponse(status=405)
    trend = street_trend(user) if user.street_id else []
    rows = domain.visible_bulletins(user).select_related("district").order_by("-period_end", "-id")
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "bulletins/list.html",
        {"page": page, "form": form, "query": "", "trend": trend, "trend_chart": trend_chart(trend)},
        status=400 if form is not None and form.errors else 200,
    )


@allow(STAFF_ROLES)
@require_GET
def bulletin_view(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    """One bulletin: ranking (each figure a link to its list), laggards, text, requirements, documents."""
    return _page(request, bulletin_id)


def _page(
    request: HttpRequest, bulletin_id: int, form: DraftForm | None = None, status: int = 200
) -> HttpResponse:
    user: Any = request.user
    data = bulletin_detail(user, bulletin_id)
    bulletin = data["object"]
    if form is None and user.role == Role.DISTRICT_ADMIN and bulletin.status == BulletinStatus.DRAFT:
        form = DraftForm(
            initial={
                "title": bulletin.title,
                "opening": bulletin.opening,
                "findings": bulletin.findings,
                "problems": bulletin.problems,
                "requirements": requirements_text(bulletin.requirements),
            }
        )
    return render(
        request,
        "bulletins/detail.html",
        {**data, "form": _style(form) if form else None},
        status=status,
    )


@allow(Role.DISTRICT_ADMIN)
@require_POST
def bulletin_edit(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    """Save the words of a draft."""
    bulletin = domain.get_bulletin(request.user, bulletin_id)
    form = DraftForm(request.POST)
    if not form.is_valid():
        return _page(request, bulletin_id, form, status=400)
    try:
        domain.edit(bulletin, actor=request.user, **form.cleaned_data)
    except NotAllowedNow as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Draft saved."))
    return redirect("bulletins:detail", bulletin_id=bulletin_id)


@allow(Role.DISTRICT_ADMIN)
@require_POST
def bulletin_issue(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    """Issue the draft (a second click finds it issued and says so)."""
    bulletin = domain.get_bulletin(request.user, bulletin_id)
    try:
        domain.issue(bulletin, actor=request.user)
    except NotAllowedNow as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("Bulletin issued and published to every street."))
    return redirect("bulletins:detail", bulletin_id=bulletin_id)


@allow(STAFF_ROLES)
@require_GET
def bulletin_docx(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    """The issued bulletin as .docx."""
    return bulletin_response(request.user, bulletin_id, "docx")


@allow(STAFF_ROLES)
@require_GET
def bulletin_pdf(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    """The issued bulletin as PDF."""
    return bulletin_response(request.user, bulletin_id, "pdf")


@allow(Role.DISTRICT_ADMIN)
@require_http_methods(["GET", "POST"])
def scheme_view(request: HttpRequest) -> HttpResponse:
    """The scoring scheme: indicators, weights, directions, normalisation; saving makes a new dated version."""
    user: Any = request.user
    current = domain.scheme_for(user.district_id, timezone.localdate())
    form = SchemeForm(
        request.POST or None,
        items=current.items,
        initial={"name": current.name, "effective_from": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            domain.save_scheme(
                actor=user,
                name=form.cleaned_data["name"],
                effective_from=form.cleaned_data["effective_from"],
                items=form.items(),
            )
        except InvalidInput as exc:
            attach_errors(form, ValidationError(exc.errors))
        else:
            messages.success(request, _("Scheme saved."))
            return redirect("bulletins:scheme")
    history = Scheme.objects.filter(district_id=user.district_id).order_by("-effective_from", "-id")[:10]
    return render(
        request,
        "bulletins/scheme.html",
        {"form": _style(form), "current": current, "history": history},
        status=400 if form.errors else 200,
    )
