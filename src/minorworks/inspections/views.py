"""Inspection pages: the list, the phone form (one section at a time, kept on the device), the record;
hazards with their rectification actions; the day's coverage list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from minorworks.core.access import allow, allow_authenticated
from minorworks.core.audit import history_of
from minorworks.core.counting import ListPaginator
from minorworks.core.downloads import file_download
from minorworks.core.indicators import list_filters
from minorworks.core.jurisdiction import get_scoped
from minorworks.core.workflow_views import ActionUI, WorkflowPages
from minorworks.projects.models import Project

from . import documents
from .coverage import coverage_page
from .coverage_cards import cards_html
from .forms import InspectionHeaderForm, item_forms, results_of
from .hazards import HAZARD_WORKFLOW
from .models import Hazard, HazardStatus, Inspection, Kind, Level, Photo
from .queries import hazard_list, inspection_detail, inspection_list, on_time_q
from .services import INSPECTORS, can_inspect, current_checklist, record_inspection

PAGE_SIZE = 25


def _page(request: HttpRequest, rows: Any) -> Any:
    return ListPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _query(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@allow_authenticated()
@require_GET
def inspection_list_view(request: HttpRequest) -> HttpResponse:
    """Inspections in the user's jurisdiction, newest first; filter by kind."""
    kind = request.GET.get("kind", "")
    drill = list_filters(request.GET, {"": "inspected_at"})
    rows = inspection_list(
        request.user,
        kind=kind if kind in Kind.values else None,
        street=drill.get("street__code"),
        since=drill.get("inspected_at__date__gte"),
        until=drill.get("inspected_at__date__lte"),
    )
    return render(
        request,
        "inspections/list.html",
        {"page": _page(request, rows), "kinds": Kind.choices, "kind": kind, "query": _query(request)},
    )


def _inspectable(user: Any, pk: Any) -> Project:
    try:
        project = get_scoped(
            Project.objects.select_related("district", "street", "builder", "contractor"), user, pk
        )
    except (ValueError, TypeError) as exc:
        raise Http404 from exc
    if not can_inspect(user, project):
        raise PermissionDenied(_("This project cannot be inspected now."))
    return project


@allow(*INSPECTORS)
@require_http_methods(["GET", "POST"])
def inspection_create(request: HttpRequest) -> HttpResponse:
    """The inspection form for one project (``?project=<id>``): only the items its operations make applicable."""
    user: Any = request.user
    project = _inspectable(user, request.GET.get("project") or request.POST.get("project"))
    version = current_checklist()
    items = [item for item in version.items.order_by("sort") if item.applies(project.hazardous_operations)]
    bound = request.method == "POST"
    header = InspectionHeaderForm(
        request.POST if bound else None,
        user=user,
        district_id=project.district_id,
        initial={"latitude": project.latitude, "longitude": project.longitude},
    )
    pairs = item_forms(items, request.POST if bound else None, request.FILES if bound else None)
    status = 200
    if bound:
        if header.is_valid() and all(form.is_valid() for _item, form in pairs):
            data = header.cleaned_data
            try:
                recorded = record_inspection(
                    actor=user,
                    project=project,
                    kind=data["kind"],
                    inspected_at=data["inspected_at"],
                    results=results_of(pairs),
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    departments=data["departments"],
                    conclusion=data["conclusion"],
                    site_representative=data["site_representative"],
                    representative_refused=data["representative_refused"],
                    client_uid=data["client_uid"],
                )
            except ValidationError as exc:
                _attach(header, pairs, exc)
            else:
                if recorded.created:
                    messages.success(
                        request, _("Inspection %(number)s recorded.") % {"number": recorded.inspection.number}
                    )
                if recorded.proposed_stop_order:
                    messages.warning(request, _("A major hazard was found: a stop-work order is proposed."))
                return redirect("inspections:detail", pk=recorded.inspection.pk)
        status = 400
    sections: dict[str, list] = {}
    for item, form in pairs:
        sections.setdefault(item.section, []).append((item, form))
    return render(
        request,
        "inspections/form.html",
        {"project": project, "header": header, "sections": list(sections.items()), "version": version},
        status=status,
    )


def _attach(header: InspectionHeaderForm, pairs: list, exc: ValidationError) -> None:
    by_code = {item.code: form for item, form in pairs}
    results = [item.code for item, form in pairs if form.cleaned_data.get("answer")]
    for key, errors in exc.message_dict.items():
        parts = key.split(".")
        if parts[0] == "results" and len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(results):
            form = by_code[results[int(parts[1])]]
            name = parts[2] if parts[2] in form.fields else None
            for error in errors:
                form.add_error(name, error)
            continue
        for error in errors:
            header.add_error(key if key in header.fields else None, error)


@allow_authenticated()
@require_GET
def inspection_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One inspection record: answers by section, the hazards found, photos, history."""
    data = inspection_detail(request.user, pk)
    inspection = data["object"]
    sections: dict[str, list] = {}
    for result in data["results"]:
        sections.setdefault(result["section"], []).append(result)
    photos = list(Photo.objects.filter(inspection=inspection).select_related("result__item"))
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "data": data,
            "sections": list(sections.items()),
            "photos": photos,
            "history": history_of(inspection)[:50],
        },
    )


@allow_authenticated()
@require_GET
def photo_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A photo of an inspection or a hazard, for those who may see it."""
    photo = Photo.objects.filter(pk=pk).select_related("hazard", "inspection").first()
    if photo is None:
        raise Http404
    if photo.inspection_id:
        get_scoped(Inspection, request.user, photo.inspection_id)
    elif photo.hazard_id:
        get_scoped(Hazard, request.user, photo.hazard_id)
    else:
        raise Http404
    return file_download(photo.file, photo.file.name.rsplit("/", 1)[-1], photo.content_type)


@allow_authenticated()
@require_GET
def hazard_list_view(request: HttpRequest) -> HttpResponse:
    """Hazards in the user's jurisdiction; filter by status, level and overdue."""
    status = request.GET.get("status", "")
    level = request.GET.get("level", "")
    overdue = request.GET.get("overdue") == "1"
    rows = hazard_list(
        request.user,
        status=status if status in HazardStatus.values else None,
        level=level if level in Level.values else None,
        overdue=True if overdue else None,
    ).select_related("project", "street")
    rows = rows.filter(**list_filters(request.GET, {"": "found_at"}))
    if request.GET.get("on_time") == "1":
        rows = rows.filter(on_time_q())
    return render(
        request,
        "inspections/hazard_list.html",
        {
            "page": _page(request, rows),
            "statuses": HazardStatus.choices,
            "levels": Level.choices,
            "status": status,
            "level": level,
            "overdue": overdue,
            "query": _query(request),
        },
    )


HAZARD_UI = {
    "rectify": ActionUI(
        gettext_lazy("Submit the rectification"), "primary", gettext_lazy("Rectification submitted.")
    ),
    "verify": ActionUI(
        gettext_lazy("Verify the rectification"), "success", gettext_lazy("Verification recorded.")
    ),
    "reopen": ActionUI(gettext_lazy("Reopen"), "outline-danger", gettext_lazy("Hazard reopened.")),
}


def _hazard_page(
    request: HttpRequest, hazard: Hazard, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    photos = list(Photo.objects.filter(hazard=hazard))
    finding = (
        list(Photo.objects.filter(result__inspection=hazard.inspection_id, result__item=hazard.item_id))
        if hazard.inspection_id
        else []
    )
    return render(
        request,
        "inspections/hazard_detail.html",
        {
            "hazard": hazard,
            "actions": HAZARD_PAGES.action_cards(hazard, request.user, bound=bound),
            "photos": finding + photos,
            "overdue": hazard.is_overdue(),
            "history": history_of(hazard)[:50],
        },
        status=status,
    )


def _hazard(user: Any, pk: int) -> Hazard:
    return get_scoped(Hazard.objects.select_related("project", "inspection", "item", "street"), user, pk)


@allow_authenticated()
@require_GET
def hazard_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One hazard, its photos, its rectification loop and history."""
    return _hazard_page(request, _hazard(request.user, pk))


HAZARD_PAGES = WorkflowPages(
    workflow=HAZARD_WORKFLOW,
    ui=HAZARD_UI,
    get_for=_hazard,
    render_detail=lambda request, obj, bound=None, status=200: _hazard_page(request, obj, bound, status),
    detail_url="inspections:hazard_detail",
    namespace_prefix="hazard_",
)


@allow(*INSPECTORS)
@require_GET
def coverage_view(request: HttpRequest) -> HttpResponse:
    """The inspector's list for the day: active projects due or overdue, highest risk first."""
    page, counts = coverage_page(request.user, request.GET.get("page"), PAGE_SIZE)
    context = {
        "page": page,
        "cards": cards_html(page.object_list),
        "counts": counts,
        "query": _query(request),
    }
    return render(request, "inspections/coverage.html", context)


def _document_view(render_response, fmt: str):
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return render_response(request.user, pk, fmt)

    view.__name__ = f"{render_response.__name__}_{fmt}"
    view.__doc__ = f"The document as {fmt} (404 outside the user's scope)."
    return allow_authenticated()(require_GET(view))


DOCUMENT_VIEWS = {
    (name, fmt): _document_view(render, fmt)
    for name, render in (
        ("record", documents.record_response),
        ("rectification-notice", documents.notice_response),
    )
    for fmt in ("pdf", "docx")
}
