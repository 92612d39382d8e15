"""Stop-work order pages: the list (proposed, in force, lifted), one order, and its own actions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from minorworks.core.access import allow_authenticated
from minorworks.core.audit import history_of
from minorworks.core.counting import ListPaginator
from minorworks.core.indicators import list_filters
from minorworks.core.jurisdiction import get_scoped, scoped
from minorworks.core.workflow_views import ActionUI, WorkflowPages

from .documents import order_response
from .models import OrderStatus, StopOrder
from .workflow import ORDER_WORKFLOW

ORDER_UI = {
    "withdraw": ActionUI(
        gettext_lazy("Withdraw the proposal"), "outline-secondary", gettext_lazy("Proposal withdrawn.")
    ),
    "issue_for_site": ActionUI(
        gettext_lazy("Issue the order to the site"), "danger", gettext_lazy("Stop-work order issued.")
    ),
}


def _order(user: Any, pk: int) -> StopOrder:
    return get_scoped(StopOrder.objects.select_related("project", "lead", "street", "issued_by"), user, pk)


@allow_authenticated()
@require_GET
def order_list(request: HttpRequest) -> HttpResponse:
    """Stop-work orders in the user's jurisdiction; ``status`` narrows (proposed orders first by default)."""
    status = request.GET.get("status", "")
    rows = scoped(StopOrder, request.user).select_related("project", "lead", "street")
    if status in OrderStatus.values:
        rows = rows.filter(status=status)
    rows = rows.filter(**list_filters(request.GET, {"": "issued_at"}))
    page = ListPaginator(rows.order_by("status", "-issued_at", "-proposed_at"), 25).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "stoporders/list.html",
        {"page": page, "statuses": OrderStatus.choices, "status": status, "query": params.urlencode()},
    )


def _page(
    request: HttpRequest, order: StopOrder, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "stoporders/detail.html",
        {
            "order": order,
            "actions": ORDER_PAGES.action_cards(order, request.user, bound=bound),
            "copies": list(order.copies_to.all()),
            "history": history_of(order)[:50],
        },
        status=status,
    )


@allow_authenticated()
@require_GET
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One order: why, how far, what to do meanwhile, when work may resume; its state and history."""
    return _page(request, _order(request.user, pk))


ORDER_PAGES = WorkflowPages(
    workflow=ORDER_WORKFLOW,
    ui=ORDER_UI,
    get_for=_order,
    render_detail=lambda request, obj, bound=None, status=200: _page(request, obj, bound, status),
    detail_url="stoporders:detail",
)


@allow_authenticated()
@require_GET
def order_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The issued order as PDF."""
    return order_response(request.user, pk, "pdf")


@allow_authenticated()
@require_GET
def order_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The issued order as .docx."""
    return order_response(request.user, pk, "docx")
