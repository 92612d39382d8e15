"""Joint meeting pages: the list (with overdue items), calling one, one meeting (QR sign-in, minutes and
items), one action item (owner's and convenor's actions), and the public sign-in page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from minorworks.core.access import allow, allow_authenticated, public
from minorworks.core.audit import history_of
from minorworks.core.forms import attach_errors
from minorworks.core.jurisdiction import get_scoped, scoped
from minorworks.core.masking import mask_phone
from minorworks.core.roles import Role
from minorworks.core.workflow_views import ActionUI, WorkflowPages
from minorworks.training.signin import SignInForm, qr_svg, rate_limited, window_open

from .documents import minutes_response
from .forms import MeetingForm, MinutesForm
from .models import ActionItem, ItemStatus, Meeting
from .services import call_meeting, is_convenor, issue_minutes, sign_in
from .workflow import ITEM_WORKFLOW

ITEM_UI = {
    "report_progress": ActionUI(
        gettext_lazy("Report progress"), "outline-primary", gettext_lazy("Progress recorded.")
    ),
    "complete": ActionUI(
        gettext_lazy("Mark completed, with evidence"), "primary", gettext_lazy("Marked completed.")
    ),
    "verify": ActionUI(gettext_lazy("Verify"), "success", gettext_lazy("Verified.")),
    "send_back": ActionUI(
        gettext_lazy("Send back"), "outline-danger", gettext_lazy("Sent back to the owner.")
    ),
}


@allow_authenticated()
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Joint meetings of the user's district, newest first, and the overdue action items."""
    user = request.user
    page = Paginator(scoped(Meeting, user).distinct().order_by("-starts_at", "-id"), 25).get_page(
        request.GET.get("page")
    )
    overdue = list(
        scoped(ActionItem, user).filter(status=ItemStatus.OPEN, due__lt=timezone.localdate())
        .select_related("owner", "meeting").distinct().order_by("due")[:50]
    )  # fmt: skip
    return render(
        request,
        "meetings/list.html",
        {"page": page, "overdue": overdue, "can_call": is_convenor(user, user.district_id or 0), "query": ""},
    )


@allow(Role.DISTRICT_ADMIN)
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    """Call a meeting of the joint meeting."""
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = call_meeting(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(request, "meetings/new.html", {"form": form}, status=400 if form.errors else 200)


def _meeting(user: Any, pk: int) -> Meeting:
    return get_scoped(Meeting.objects.prefetch_related("attendances", "items__owner", "members"), user, pk)


def _page(request: HttpRequest, meeting: Meeting, form: Any = None, status: int = 200) -> HttpResponse:
    url = request.build_absolute_uri(reverse("meetings:signin", kwargs={"code": meeting.signin_code}))
    today = timezone.localdate()
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "signin_url": url,
            "qr": qr_svg(url),
            "open": window_open(meeting.starts_at, meeting.ends_at),
            "attendees": [
                {"name": a.name, "unit": a.unit, "phone": mask_phone(a.phone)}
                for a in meeting.attendances.all()
            ],
            "items": [{"item": i, "overdue": i.is_overdue(today)} for i in meeting.items.all()],
            "convenor": is_convenor(request.user, meeting.district_id),
            "form": form
            or (MinutesForm(district_id=meeting.district_id) if not meeting.minutes_number else None),
        },  # fmt: skip
        status=status,
    )


@allow_authenticated()
@require_GET
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """One meeting: agenda, sign-in QR code and attendance, minutes and action items."""
    return _page(request, _meeting(request.user, meeting_id))


@allow(Role.DISTRICT_ADMIN)
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Issue the minutes with their action items."""
    meeting = _meeting(request.user, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = MinutesForm(request.POST, district_id=meeting.district_id)
    if form.is_valid():
        try:
            issue_minutes(
                meeting, actor=request.user, minutes=form.cleaned_data["minutes"], items=form.items()
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Minutes issued."))
            return redirect("meetings:detail", meeting_id=meeting_id)
    return _page(request, meeting, form, status=400)


@allow_authenticated()
@require_GET
def minutes_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The minutes as PDF."""
    return minutes_response(request.user, meeting_id, "pdf")


@allow_authenticated()
@require_GET
def minutes_docx(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The minutes as .docx."""
    return minutes_response(request.user, meeting_id, "docx")


def get_item_for(user: Any, pk: int) -> ActionItem:
    """The action item ``pk`` in ``user``'s scope (404 otherwise)."""
    return get_scoped(ActionItem.objects.select_related("meeting", "owner", "verified_by"), user, pk)


def _item_page(
    request: HttpRequest, item: ActionItem, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "meetings/item.html",
        {
            "item": item,
            "overdue": item.is_overdue(),
            "history": history_of(item)[:50],
            "actions": ITEM_PAGES.action_cards(item, request.user, bound=bound),
        },  # fmt: skip
        status=status,
    )


@allow_authenticated()
@require_GET
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    """One action item: task, owner, due date, progress, evidence, verification."""
    return _item_page(request, get_item_for(request.user, item_id))


ITEM_PAGES = WorkflowPages(
    workflow=ITEM_WORKFLOW,
    ui=ITEM_UI,
    get_for=get_item_for,
    render_detail=lambda request, obj, bound=None, status=200: _item_page(request, obj, bound, status),
    detail_url="meetings:item",
    url_kwarg="item_id",
    namespace_prefix="item_",
)


# --- the public sign-in page (reviewed public URL: see tests/test_access_every_url.py) ---------------------


@public
@require_http_methods(["GET", "POST"])
def meeting_signin(request: HttpRequest, code: str) -> HttpResponse:
    """Sign in at a meeting on one's own phone (name, unit, phone)."""
    meeting = Meeting.objects.filter(signin_code=code).first()
    if meeting is None:
        raise Http404
    context: dict[str, Any] = {"session_title": meeting.title, "session": meeting, "kind": "meeting"}
    if not window_open(meeting.starts_at, meeting.ends_at):
        return render(request, "training/signin.html", {**context, "closed": True}, status=410)
    form = SignInForm(request.POST or None)
    if request.method == "POST":
        if rate_limited(request, code):
            return render(
                request, "training/signin.html", {**context, "form": form, "limited": True}, status=429
            )
        if form.is_robot():
            return render(request, "training/signin.html", {**context, "done": True})
        if form.is_valid():
            sign_in(
                meeting,
                name=form.cleaned_data["name"],
                unit=form.cleaned_data["unit"],
                phone=form.cleaned_data["phone"],
            )
            return render(request, "training/signin.html", {**context, "done": True})
    return render(
        request, "training/signin.html", {**context, "form": form}, status=400 if form.errors else 200
    )
