"""API routes generated for every registered ledger: ``GET /ledgers/{slug}`` (a JSON page of rows, paginated
as ``/projects``: count, page, page_size, num_pages, results) and ``GET /ledgers/{slug}.xlsx`` (the file).

The result schema of each ledger is derived from its columns (one property per column key, typed by kind),
so the OpenAPI document names every field a ledger returns.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404
from ninja import Router, Schema, Status
from pydantic import Field, create_model

from minorworks.core.access import allow
from minorworks.core.schemas import DetailOut, ErrorsOut

from .declaration import Ledger, all_roles, registered
from .export import export_response
from .rows import bind, ordered, render, values

MAX_PAGE_SIZE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_TYPES: dict[str, Any] = {"text": str, "date": dt.date, "money": Decimal, "number": int}


def _camel(slug: str) -> str:
    return "".join(part.capitalize() for part in slug.replace("_", "-").split("-"))


def page_schema(ledger: Ledger) -> type[Schema]:
    """``{count, page, page_size, num_pages, results: [row]}`` with one typed property per column."""
    row_fields: dict[str, Any] = {"id": (int, Field(description="The record's id."))}
    for column in ledger.export_columns():
        if column.kind == "seq":
            continue
        row_fields[column.key] = (
            _TYPES[column.kind] | None,
            Field(None, description=f"{column.zh} ({column.en})"),
        )
    row = create_model(f"{_camel(ledger.slug)}LedgerRow", __base__=Schema, **row_fields)
    return create_model(
        f"{_camel(ledger.slug)}LedgerPage",
        __base__=Schema,
        count=(int, ...),
        page=(int, ...),
        page_size=(int, ...),
        num_pages=(int, ...),
        results=(list[row], ...),  # type: ignore[valid-type]
    )


def _errors(form) -> list[dict[str, Any]]:
    return [
        {"field": name, "message": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]


def _filter_names(ledger: Ledger) -> str:
    return ", ".join(getattr(ledger.filterset, "base_filters", {}))


def add_ledger_routes(router: Router, ledgers: list[Ledger] | None = None) -> None:
    """Add the list and export endpoints of every ledger (by default: every registered one), then a JSON
    404 for any other ledger name."""
    found = ledgers if ledgers is not None else registered()
    for ledger in found:
        _add(router, ledger)

    @router.get("/ledgers/{ledger}", response={401: DetailOut, 403: DetailOut, 404: DetailOut})
    @allow(*all_roles(found), api=True)
    def unknown_ledger(request, ledger: str):
        """Any other ledger name: 404 (after authentication, like every other ledger route)."""
        raise Http404


def _add(router: Router, ledger: Ledger) -> None:
    name = ledger.slug.replace("-", "_")
    columns = [c for c in ledger.export_columns() if c.kind != "seq"]

    def list_rows(request, page: int = 1, page_size: int = 25):
        user = request.auth
        data = request.GET.copy()
        for key in ("page", "page_size"):
            data.pop(key, None)
        filterset = bind(ledger, data, user, request)
        if filterset.is_bound and not filterset.form.is_valid():
            return Status(400, {"detail": _errors(filterset.form)})
        size = max(1, min(page_size, MAX_PAGE_SIZE))
        paginator = Paginator(values(ledger, ordered(filterset)), size)
        current = paginator.get_page(page)
        ctx = ledger.context()
        results = [{"id": row["pk"], **render(columns, row, ctx)} for row in current.object_list]
        return Status(
            200,
            {
                "count": paginator.count,
                "page": current.number,
                "page_size": size,
                "num_pages": paginator.num_pages,
                "results": results,
            },
        )

    def export(request):
        filterset = bind(ledger, request.GET, request.auth, request)
        if filterset.is_bound and not filterset.form.is_valid():
            return Status(400, {"detail": _errors(filterset.form)})
        return export_response(ledger, filterset, user=request.auth)

    list_rows.__name__ = f"ledger_{name}"
    list_rows.__doc__ = (
        f"{ledger.title_zh}: rows in the caller's scope, paginated (page_size ≤ {MAX_PAGE_SIZE}). "
        f"Filters as on the ledger page: {_filter_names(ledger)}."
    )
    export.__name__ = f"ledger_{name}_xlsx"
    export.__doc__ = (
        f"{ledger.title_zh} as .xlsx in the documented column order; the same filters as the list "
        f"({_filter_names(ledger)})."
    )
    guard = allow(*ledger.roles, api=True)
    router.add_api_operation(
        f"/ledgers/{ledger.slug}",
        ["GET"],
        guard(list_rows),
        response={200: page_schema(ledger), 400: ErrorsOut, 401: DetailOut, 403: DetailOut},
        operation_id=f"ledger_{name}",
        url_name=f"ledger_{name}",
        summary=str(ledger.title_zh),
    )
    router.add_api_operation(
        f"/ledgers/{ledger.slug}.xlsx",
        ["GET"],
        guard(export),
        response={400: ErrorsOut, 401: DetailOut, 403: DetailOut},
        openapi_extra={"responses": {"200": {"description": "The ledger as .xlsx", "content": {XLSX: {}}}}},
        operation_id=f"ledger_{name}_xlsx",
        url_name=f"ledger_{name}_xlsx",
        summary=f"{ledger.title_zh} (.xlsx)",
    )
