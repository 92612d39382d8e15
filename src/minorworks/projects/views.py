"""Project registry lists: projects (filters, sorting, pagination) and unregistered-site leads."""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from minorworks.core.access import allow_authenticated
from minorworks.core.counting import ListPaginator

from .filters import ProjectFilter
from .list_rows import rows_html
from .models import Status
from .registrants import can_register
from .scoping import visible_projects

PAGE_SIZE = 25


# The columns the list shows, read as values: no model objects (and no decryption of fields it never shows).
LIST_FIELDS = (
    "pk",
    "number",
    "name",
    "status",
    "investment",
    "planned_start",
    "planned_end",
    "street__name",
    "community__name",
    "project_type__name",
    "project_type__name_en",
    "builder__name",
)
STATUS_LABELS = dict(Status.choices)


def list_row(row: dict[str, Any]) -> dict[str, Any]:
    """One list row with the labels the page shows (status, type in the active language)."""
    english = (get_language() or "").startswith("en")
    row["status_label"] = STATUS_LABELS.get(row["status"], row["status"])
    row["type_label"] = (english and row["project_type__name_en"]) or row["project_type__name"]
    return row


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@allow_authenticated()
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    """The projects the user may see, filtered and sorted, paginated (constant query count)."""
    user: Any = request.user
    filterset = ProjectFilter(request.GET or None, queryset=visible_projects(user), request=request)
    form = filterset.form
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget.input_type = "date"
        if field.widget.input_type == "checkbox":
            continue  # the status drop-down styles its own checkboxes
        css = (
            "form-select form-select-sm"
            if field.widget.input_type == "select"
            else "form-control form-control-sm"
        )
        field.widget.attrs.setdefault("class", css)
    rows = filterset.qs.values(*LIST_FIELDS)
    page = ListPaginator(rows, PAGE_SIZE, count_of=filterset.qs).get_page(request.GET.get("page"))
    page.object_list = [list_row(row) for row in page.object_list]
    return render(
        request,
        "projects/list.html",
        {
            "page": page,
            "rows_html": rows_html(page.object_list),
            "filter": filterset,
            "query": _query_without_page(request),
            "can_register": can_register(user),
        },
    )
