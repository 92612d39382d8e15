"""Ledger pages (台账), their streamed Excel export, and the all-or-nothing Excel import of projects."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from minorworks.core.access import allow
from minorworks.core.roles import Role

from .definitions import LEDGERS, Ledger, ledger_projects, managing_office, scope_label
from .export import XLSX_TYPE, export_response
from .filters import LedgerFilter
from .forms import ImportForm
from .importing import import_projects
from .template import TEMPLATE_FILENAME, build_template

STAFF = (Role.DISTRICT_ADMIN, Role.DEPARTMENT_OFFICER, Role.STREET_OFFICER, Role.GRID_WORKER)
IMPORTERS: tuple[str, ...] = (Role.DISTRICT_ADMIN, Role.STREET_OFFICER)
PAGE_SIZE = 50
ERRORS_SHOWN = 300  # a wholly wrong file of 5,000 rows would otherwise make a page of 100,000 lines
ROW_RELATIONS = (
    "project_type",
    "street",
    "community",
    "builder",
    "contractor",
    "site_manager",
    "responsible_officer",
)


def _ledger(slug: str) -> Ledger:
    ledger = LEDGERS.get(slug)
    if ledger is None:
        raise Http404
    return ledger


def _filter(ledger: Ledger, request: HttpRequest) -> LedgerFilter:
    return LedgerFilter(
        request.GET or None,
        queryset=ledger_projects(ledger, request.user),
        request=request,
        with_status=ledger.slug != "stopped",
    )


@allow(*STAFF)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The three ledgers with their row counts in the user's scope (one query)."""
    counts = (
        ledger_projects(LEDGERS["below-quota"], request.user)
        .order_by()
        .aggregate(
            **{
                slug.replace("-", "_"): Count("pk", filter=ledger.condition)
                for slug, ledger in LEDGERS.items()
            }
        )
    )
    cards = [(ledger, counts[slug.replace("-", "_")]) for slug, ledger in LEDGERS.items()]
    return render(
        request,
        "ledgers/index.html",
        {
            "cards": cards,
            "office": managing_office(request.user),
            "scope": scope_label(request.user),
            "can_import": request.user.role in IMPORTERS,
        },
    )


@allow(*STAFF)
@require_GET
def ledger_page(request: HttpRequest, ledger: str) -> HttpResponse:
    """One ledger, filtered, sorted and paginated; a constant number of queries whatever the rows."""
    current = _ledger(ledger)
    filterset = _filter(current, request)
    rows = filterset.ordered_qs().select_related(*ROW_RELATIONS)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "ledgers/ledger.html",
        {
            "ledger": current,
            "ledgers": LEDGERS.values(),
            "filterset": filterset,
            "page": page,
            "query": query.urlencode(),
            "office": managing_office(request.user),
            "scope": scope_label(request.user),
            "can_import": request.user.role in IMPORTERS,
        },
    )


@allow(*STAFF)
@require_GET
def ledger_export(request: HttpRequest, ledger: str):
    """The ledger as .xlsx, with the page's filters and sorting, streamed from a temporary file."""
    current = _ledger(ledger)
    return export_response(current, _filter(current, request), user=request.user)


@allow(*IMPORTERS)
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """The import template, with the streets and communities the user may import into."""
    response = HttpResponse(build_template(request.user), content_type=XLSX_TYPE)
    disposition = content_disposition_header(True, TEMPLATE_FILENAME)
    assert disposition is not None  # only None when neither as_attachment nor a filename is given
    response["Content-Disposition"] = disposition
    return response


@allow(*IMPORTERS)
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a filled-in template: all rows are imported, or none and every bad row is listed."""
    result = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = import_projects(form.cleaned_data["file"], actor=request.user)
            if result.ok:
                count = len(result.created)
                messages.success(
                    request,
                    ngettext("%(count)s project imported.", "%(count)s projects imported.", count)
                    % {"count": count},
                )
                return redirect(reverse("ledgers:ledger", args=["below-quota"]) + "?ordering=-created_at")
    else:
        form = ImportForm()
    context = {
        "form": form,
        "result": result,
        "errors": result.errors[:ERRORS_SHOWN] if result else [],
        "hidden_errors": max(len(result.errors) - ERRORS_SHOWN, 0) if result else 0,
    }
    return render(request, "ledgers/import.html", context)
