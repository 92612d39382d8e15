"""Stop-work orders API: issue one for a project (the project's ``stop`` transition), list and read them,
and the order's own transitions (withdraw a proposal, issue one for an unregistered site)."""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from minorworks.core.access import allow, allow_authenticated
from minorworks.core.jurisdiction import get_scoped, scoped
from minorworks.core.roles import Role
from minorworks.core.schemas import DetailOut, ErrorsOut
from minorworks.core.workflow import Blocked, InvalidInput, NotAllowedNow, NotPermitted
from minorworks.core.workflow_api import add_transition_routes
from minorworks.projects.scoping import get_project_for
from minorworks.review.workflow import PROJECT_WORKFLOW

from .documents import order_response
from .models import OrderStatus, StopOrder
from .workflow import ORDER_WORKFLOW

router = Router(tags=["stop orders"])


class StopOrderIn(Schema):
    """``reason`` is required (checked after the role and scope); ``extent``: whole, part or equipment."""

    reason: str | None = Field(None, max_length=2000)
    extent: Literal["whole", "part", "equipment"] | None = None
    extent_detail: str = Field("", max_length=200)
    measures: str = Field("", max_length=2000)
    resume_conditions: str = Field("", max_length=2000)
    basis: str = Field("", max_length=200)


class StopOrderOut(Schema):
    id: int
    number: str | None
    status: str
    source: str
    project_id: int | None
    project_status: str | None
    lead_id: int | None
    reason: str
    basis: str
    extent: str
    extent_detail: str
    measures: str
    resume_conditions: str
    copies_to: list[str]
    proposed_at: dt.datetime
    issued_at: dt.datetime | None
    lifted_at: dt.datetime | None
    days_stopped: int | None
    actions: list[str]


class StopOrderPage(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    results: list[StopOrderOut]


def order_out(order: StopOrder, user: Any) -> dict[str, Any]:
    """An order as the API returns it."""
    return {
        "id": order.pk,
        "number": order.number,
        "status": order.status,
        "source": order.source,
        "project_id": order.project_id,
        "project_status": order.project.status if order.project_id else None,
        "lead_id": order.lead_id,
        "reason": order.reason,
        "basis": order.basis,
        "extent": order.extent,
        "extent_detail": order.extent_detail,
        "measures": order.measures,
        "resume_conditions": order.resume_conditions,
        "copies_to": [d.code for d in order.copies_to.all()],
        "proposed_at": order.proposed_at,
        "issued_at": order.issued_at,
        "lifted_at": order.lifted_at,
        "days_stopped": order.days_stopped(),
        "actions": ORDER_WORKFLOW.open_actions(order, user),
    }


def _order(user: Any, pk: int) -> StopOrder:
    return get_scoped(StopOrder.objects.select_related("project"), user, pk)


@router.post(
    "/projects/{project_id}/stop-orders",
    response={201: StopOrderOut, 400: ErrorsOut, 403: DetailOut, 404: DetailOut, 409: DetailOut},
)
@allow(Role.STREET_OFFICER, Role.DISTRICT_ADMIN, api=True)
def issue_order(request, project_id: int, payload: StopOrderIn):
    """Order the works stopped: 201 with the numbered order (an open proposal is issued), the project
    ``stopped``. Basis: 《中华人民共和国安全生产法》第六十五条 unless another is given."""
    user = request.auth
    project = get_project_for(user, project_id)
    data = {k: v for k, v in payload.dict().items() if v not in (None, "")}
    proposal = (
        StopOrder.objects.filter(project=project, status=OrderStatus.PROPOSED)
        .order_by("-proposed_at")
        .first()
    )
    if proposal is not None:
        data["proposal"] = proposal.pk
    form = PROJECT_WORKFLOW.bind("stop", data)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    try:
        PROJECT_WORKFLOW.perform("stop", project, actor=user, **form.cleaned_data)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except InvalidInput as exc:
        raise ValidationError(exc.errors or exc.message) from exc
    except (NotAllowedNow, Blocked) as exc:
        raise HttpError(409, exc.message) from exc
    order = StopOrder.objects.filter(project=project, status=OrderStatus.ISSUED).latest("issued_at")
    return Status(201, order_out(order, user))


@router.get("/stop-orders", response=StopOrderPage)
@allow_authenticated(api=True)
def list_orders(
    request, status: str | None = None, project: int | None = None, page: int = 1, page_size: int = 25
):
    """Orders in your jurisdiction; filters: status (proposed, issued, lifted, withdrawn), project (id)."""
    rows = scoped(StopOrder, request.auth).select_related("project").prefetch_related("copies_to")
    if status in OrderStatus.values:
        rows = rows.filter(status=status)
    if project:
        rows = rows.filter(project_id=project)
    page_size = max(1, min(page_size, 100))
    paginator = Paginator(rows.order_by("-proposed_at", "-id"), page_size)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "results": [order_out(o, request.auth) for o in current],
    }


@router.get("/stop-orders/{order_id}", response={200: StopOrderOut, 404: DetailOut})
@allow_authenticated(api=True)
def read_order(request, order_id: int):
    """One order."""
    return order_out(_order(request.auth, order_id), request.auth)


add_transition_routes(
    router,
    ORDER_WORKFLOW,
    path="/stop-orders/{order_id}",
    id_param="order_id",
    get_for=_order,
    state_of=order_out,
    responses={200: StopOrderOut, 400: ErrorsOut, 403: DetailOut, 404: DetailOut, 409: DetailOut},
    summaries={
        "withdraw": "Withdraw a proposed order, with `reason` (no stop is needed).",
        "issue_for_site": "Issue a proposed order to an unregistered site (the lead is settled as stopped).",
    },
)


@router.get(
    "/stop-orders/{order_id}/order.pdf", openapi_extra={"responses": {200: {"description": "The PDF."}}}
)
@allow_authenticated(api=True)
def order_pdf(request, order_id: int):
    """The stop-work order (责令停工通知书) as PDF; 404 before it is issued."""
    return order_response(request.auth, order_id, "pdf")


@router.get(
    "/stop-orders/{order_id}/order.docx", openapi_extra={"responses": {200: {"description": "The .docx."}}}
)
@allow_authenticated(api=True)
def order_docx(request, order_id: int):
    """The stop-work order (责令停工通知书) as .docx; 404 before it is issued."""
    return order_response(request.auth, order_id, "docx")
