"""Accident pages: the list, the quick-report form, one accident (deadlines, changes, investigation)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from minorworks.core.access import allow, allow_authenticated
from minorworks.core.audit import history_of
from minorworks.core.counting import ListPaginator
from minorworks.core.forms import attach_errors
from minorworks.core.roles import Role
from minorworks.core.workflow_views import ActionUI, WorkflowPages

from .deadlines import deadlines_of, is_late
from .detail import accidents_for, get_accident_for, mask_name
from .documents import document_response
from .forms import ChangeForm, QuickReportForm
from .services import REPORTERS, can_change, can_reveal, change_casualties, report_accident, reveal_casualty
from .workflow import ACCIDENT_WORKFLOW

ACCIDENT_UI = {
    "form_team": ActionUI(
        gettext_lazy("Form the investigation team"), "primary", gettext_lazy("Team formed.")
    ),
    "record_findings": ActionUI(
        gettext_lazy("Record the findings"), "outline-primary", gettext_lazy("Findings recorded.")
    ),
    "extend": ActionUI(
        gettext_lazy("Extend the investigation"), "outline-secondary", gettext_lazy("Investigation extended.")
    ),
    "submit_report": ActionUI(
        gettext_lazy("Investigation report received"), "primary", gettext_lazy("Report recorded.")
    ),
    "record_reply": ActionUI(
        gettext_lazy("Record the government's reply"), "primary", gettext_lazy("Reply recorded.")
    ),
    "close": ActionUI(gettext_lazy("Close (四不放过)"), "success", gettext_lazy("Accident closed.")),
}


@allow_authenticated()
@require_GET
def accident_list(request: HttpRequest) -> HttpResponse:
    """Accidents in the user's jurisdiction, newest first."""
    page = ListPaginator(accidents_for(request.user).order_by("-occurred_at", "-id"), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accidents/list.html",
        {"page": page, "can_report": str(getattr(request.user, "role", "")) in REPORTERS, "query": ""},
    )


@allow(REPORTERS)
@require_http_methods(["GET", "POST"])
def accident_new(request: HttpRequest) -> HttpResponse:
    """The quick report (事故快报) form."""
    form = QuickReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            accident = report_accident(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Accident reported: %(number)s.") % {"number": accident.number})
            return redirect("accidents:detail", accident_id=accident.pk)
    return render(request, "accidents/new.html", {"form": form}, status=400 if form.errors else 200)


def _page(
    request: HttpRequest, accident: Any, bound: dict | None = None, status: int = 200, change_form: Any = None
) -> HttpResponse:
    due = deadlines_of(accident)
    user = request.user
    return render(
        request,
        "accidents/detail.html",
        {
            "accident": accident,
            "due": due,
            "reported_late": accident.reported_at > due["report_due"],  # type: ignore[operator]
            "supplement_open": not is_late(due["supplement_until"] or timezone.now(), timezone.now()),
            "casualties": [
                {"pk": c.pk, "name": mask_name(c.name), "outcome": c.get_outcome_display()}
                for c in accident.casualties.all()
            ],
            "changes": list(accident.changes.all()),
            "can_change": can_change(user, accident),
            "can_reveal": can_reveal(user, accident),
            "change_form": change_form
            or ChangeForm(initial={k: getattr(accident, k) for k in ChangeForm.base_fields if k != "note"}),
            "actions": ACCIDENT_PAGES.action_cards(accident, user, bound=bound),
            "history": history_of(accident)[:50],
        },
        status=status,
    )


@allow_authenticated()
@require_GET
def accident_detail(request: HttpRequest, accident_id: int) -> HttpResponse:
    """One accident: the report, grade, deadlines, casualty changes, the investigation and its history."""
    return _page(request, get_accident_for(request.user, accident_id))


@allow(Role.STREET_OFFICER, Role.DISTRICT_ADMIN, Role.BUILDER)
def accident_change(request: HttpRequest, accident_id: int) -> HttpResponse:
    """Add a casualty change (补报); regrades within the window."""
    accident = get_accident_for(request.user, accident_id)  # 404 outside scope, before the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ChangeForm(request.POST)
    if form.is_valid():
        try:
            change_casualties(accident, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Change recorded."))
            return redirect("accidents:detail", accident_id=accident_id)
    return _page(request, get_accident_for(request.user, accident_id), status=400, change_form=form)


@allow(Role.STREET_OFFICER, Role.DISTRICT_ADMIN)
def accident_reveal(request: HttpRequest, accident_id: int, casualty_id: int) -> HttpResponse:
    """Reveal one casualty's name and identity number (audited)."""
    accident = get_accident_for(request.user, accident_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return JsonResponse(reveal_casualty(accident, actor=request.user, casualty_id=casualty_id))


def _doc(which: str, fmt: str):
    @allow_authenticated()
    @require_GET
    def view(request: HttpRequest, accident_id: int) -> HttpResponse:
        return document_response(request.user, accident_id, which, fmt)  # type: ignore[arg-type]

    view.__doc__ = f"The {which} as {fmt}."
    view.__name__ = f"{which.replace('-', '_')}_{fmt}"
    return view


ACCIDENT_PAGES = WorkflowPages(
    workflow=ACCIDENT_WORKFLOW,
    ui=ACCIDENT_UI,
    get_for=get_accident_for,
    render_detail=lambda request, obj, bound=None, status=200: _page(request, obj, bound, status),
    detail_url="accidents:detail",
    url_kwarg="accident_id",
)
quick_report_pdf = _doc("quick-report", "pdf")
quick_report_docx = _doc("quick-report", "docx")
investigation_pdf = _doc("investigation", "pdf")
investigation_docx = _doc("investigation", "docx")
