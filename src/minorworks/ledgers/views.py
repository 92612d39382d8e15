"""The ledger host: the index of every ledger a user may open, and each registered ledger's page and export.

Views are generated per registered ledger (each with its ledger's access rule) by :func:`ledger_views`; the
page is computed by :mod:`minorworks.core.ledgers.pages` from the declaration alone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from minorworks.core.access import allow
from minorworks.core.ledgers import Ledger, all_roles, ledgers_for
from minorworks.core.ledgers.export import export_response
from minorworks.core.ledgers.pages import controls, page_rows, paginate
from minorworks.core.ledgers.rows import bind

from .jobs import IMPORTERS


def index_view() -> Callable[..., HttpResponse]:
    """The index: every ledger the user may open, with its row count in the user's scope."""

    @allow(*all_roles())
    @require_GET
    def index(request: HttpRequest) -> HttpResponse:
        """Every ledger the user may open, with its count (one count query per ledger)."""
        cards = []
        for ledger in ledgers_for(request.user):
            cards.append(
                {
                    "ledger": ledger,
                    "count": ledger.queryset_for(request.user).order_by().count(),
                    "office": ledger.managing_party(request.user),
                    "url": reverse("ledgers:ledger", kwargs={"ledger": ledger.slug}),
                    "export_url": reverse("ledgers:export", kwargs={"ledger": ledger.slug}),
                }
            )
        return render(
            request,
            "ledgers/index.html",
            {"cards": cards, "can_import": request.user.role in IMPORTERS},
        )

    return index


def page_view(declared: Ledger) -> Callable[..., HttpResponse]:
    """The page of ``declared``: filters, a table at a desk and cards on a phone, paginated."""

    @allow(*declared.roles)
    @require_GET
    def page(request: HttpRequest, ledger: str) -> HttpResponse:
        current = declared
        filterset = bind(current, request.GET, request.user, request)
        found = paginate(current, filterset, request.GET.get("page"))
        ctx = current.context()
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "ledgers/ledger.html",
            {
                "ledger": current,
                "ledgers": [
                    (item, reverse("ledgers:ledger", kwargs={"ledger": item.slug}))
                    for item in ledgers_for(request.user)
                ],
                "filterset": filterset,
                "controls": controls(filterset.form),
                "headers": [column.label() for column in current.table_columns()],
                "page": found,
                "rows": page_rows(current, list(found.object_list), ctx),
                "query": query.urlencode(),
                "office": current.managing_party(request.user),
                "scope": current.scope_label(request.user),
                "export_url": reverse("ledgers:export", kwargs={"ledger": current.slug}),
                "page_url": reverse("ledgers:ledger", kwargs={"ledger": current.slug}),
                "can_import": request.user.role in IMPORTERS,
            },
        )

    page.__doc__ = f"The {declared.slug} ledger page (filters, table, phone cards, pagination)."
    page.__name__ = page.__qualname__ = f"ledger_{declared.slug.replace('-', '_')}"
    return page


def export_view(declared: Ledger) -> Callable[..., HttpResponse]:
    """The streamed .xlsx of ``declared`` with the page's filters and sorting."""

    @allow(*declared.roles)
    @require_GET
    def export(request: HttpRequest, ledger: str):
        filterset = bind(declared, request.GET, request.user, request)
        return export_response(declared, filterset, user=request.user)

    export.__doc__ = f"The {declared.slug} ledger as .xlsx (streamed, documented column order)."
    export.__name__ = export.__qualname__ = f"ledger_{declared.slug.replace('-', '_')}_xlsx"
    return export
