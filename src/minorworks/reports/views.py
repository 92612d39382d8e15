"""Staff pages: the reports list (the desk sees the unassigned), one report with its actions, staff intake,
photos, the three rates, and the Open311 keys."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minorworks.core.access import allow
from minorworks.core.audit import history_of
from minorworks.core.counting import ListPaginator
from minorworks.core.downloads import file_download
from minorworks.core.forms import attach_errors
from minorworks.core.jurisdiction import get_scoped, scoped
from minorworks.core.roles import Role
from minorworks.core.workflow_views import ActionUI, WorkflowPages

from . import rates as r
from .forms import IntakeForm, KeyForm
from .identity import masked_identity, reveal_phone
from .intake import receive_report
from .keys import issue_key, revoke_key
from .list_cards import CARD_FIELDS, cards_html
from .models import OPEN_STATUSES, Open311Key, Report, ReportPhoto, Status
from .rules import rules
from .workflow import REPORT_WORKFLOW

STAFF = (Role.DISTRICT_ADMIN, Role.STREET_OFFICER)
REPORT_UI = {
    "dispatch": ActionUI(gettext_lazy("Send to a street"), "primary", gettext_lazy("Sent to the street.")),
    "accept": ActionUI(
        gettext_lazy("Accept"), "success", gettext_lazy("Accepted: the report is being handled.")
    ),
    "send_back": ActionUI(
        gettext_lazy("Send back to the desk"), "outline-secondary", gettext_lazy("Sent back to the desk.")
    ),
    "link_project": ActionUI(
        gettext_lazy("Link to a registered project"), "outline-primary", gettext_lazy("Linked.")
    ),
    "join_lead": ActionUI(
        gettext_lazy("Record or join an unregistered-site lead"),
        "outline-primary",
        gettext_lazy("Lead linked."),
    ),
    "link_inspection": ActionUI(
        gettext_lazy("Link the inspection made"), "outline-primary", gettext_lazy("Inspection linked.")
    ),
    "close": ActionUI(
        gettext_lazy("Close with a reply"), "success", gettext_lazy("Closed; the reporter sees the reply.")
    ),
    "confirm_close": ActionUI(
        gettext_lazy("Confirm the handling with a new reply"), "success", gettext_lazy("Closed again.")
    ),
    "merge": ActionUI(gettext_lazy("Merge as a duplicate"), "outline-danger", gettext_lazy("Merged.")),
}
RELATED = ("district", "street", "project", "lead", "inspection", "merged_into")


def _report(user: Any, pk: int) -> Report:
    return get_scoped(Report.objects.select_related(*RELATED), user, pk)


@allow(STAFF)
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """Reports in the user's area; the district desk also sees those without a street.

    ``status`` (a state, or "open"), ``street`` (id) and ``start``/``end`` (dates of receipt, as the indicators'
    drill-down passes them) narrow the list.
    """
    status = request.GET.get("status", "")
    rows = scoped(Report, request.user).select_related("street").only(*CARD_FIELDS)
    if status in Status.values:
        rows = rows.filter(status=status)
    elif status == "open":
        rows = rows.filter(status__in=OPEN_STATUSES)
    street = request.GET.get("street", "")
    if street.isdigit() and len(street) < 12:
        rows = rows.filter(street_id=int(street))
    for name, lookup in (("start", "received_at__date__gte"), ("end", "received_at__date__lte")):
        with contextlib.suppress(ValueError):
            rows = rows.filter(**{lookup: dt.date.fromisoformat(request.GET.get(name, ""))})
    page = ListPaginator(rows.order_by("-received_at", "-id"), 25).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    now = timezone.now()
    context = {
        "page": page,
        "cards": cards_html(page.object_list, now),
        "status": status,
        "statuses": Status.choices,
        "query": params.urlencode(),
        "can_intake": True,
        "is_desk": request.user.role == Role.DISTRICT_ADMIN,
    }
    return render(request, "reports/list.html", context)


def _page(
    request: HttpRequest, report: Report, bound: dict | None = None, status: int = 200, revealed: str = ""
) -> HttpResponse:
    context = {
        "report": report,
        "actions": REPORT_PAGES.action_cards(report, request.user, bound=bound),
        "photos": list(report.photos.all()),
        "identity": masked_identity(request.user, report),  # the handling street and the desk only
        "revealed": revealed,
        "history": history_of(report)[:50],
        "now": timezone.now(),
    }
    return render(request, "reports/detail.html", context, status=status)


@allow(STAFF)
@require_GET
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """One report: what, where, deadlines, the reporter (handling officers and desk only), actions, history."""
    return _page(request, _report(request.user, report_id))


@allow(STAFF)
def report_reveal(request: HttpRequest, report_id: int) -> HttpResponse:
    """POST: show the reporter's full phone once, on the report's page (audited); 405 otherwise."""
    report = _report(request.user, report_id)  # 404 outside scope, before anything else
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return _page(request, report, revealed=reveal_phone(report, actor=request.user))


REPORT_PAGES = WorkflowPages(
    workflow=REPORT_WORKFLOW,
    ui=REPORT_UI,
    get_for=_report,
    render_detail=lambda request, obj, bound=None, status=200: _page(request, obj, bound, status),
    detail_url="reports:detail",
    url_kwarg="report_id",
)


@allow(STAFF)
@require_GET
def report_photo(request: HttpRequest, report_id: int, photo_id: int) -> FileResponse:
    """A report's photo (already stripped of metadata), for the staff who see the report."""
    report = _report(request.user, report_id)
    photo = ReportPhoto.objects.filter(pk=photo_id, report=report).first()
    if photo is None:
        raise Http404
    return file_download(photo.file, f"{report.number}-{photo.pk}.jpg", photo.content_type)


@allow(STAFF)
@require_http_methods(["GET", "POST"])
def report_intake(request: HttpRequest) -> HttpResponse:
    """Enter a report received by the 12345 or 12350 hotline, a letter, a visit or an inspection."""
    form = IntakeForm(request.POST or None, initial={"form_uid": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if request.user.role == Role.STREET_OFFICER:
            data["street"] = request.user.street
        data["district"] = request.user.district
        try:
            received = receive_report(
                actor=request.user, data=data, channel=data["channel"], client_uid=data["form_uid"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Report %(number)s recorded.") % {"number": received.report.number})
            return redirect("reports:detail", report_id=received.report.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/intake.html", {"form": form}, status=status)


def _period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = today.replace(month=1, day=1)
    try:
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = today
    if end < start:
        start, end = end, start
    return start, end


def _months(end: dt.date, count: int = 6) -> list[tuple[dt.date, dt.date]]:
    months = []
    first = end.replace(day=1)
    for _i in range(count):
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        months.append((first, min(last, end)))
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


@allow(STAFF)
@require_GET
def rates_page(request: HttpRequest) -> HttpResponse:
    """The response, resolution and satisfaction rates per street for a period, with their definitions."""
    user = request.user
    start, end = _period(request)
    own_street = user.street_id if user.role == Role.STREET_OFFICER else None
    per_street = r.street_rates(int(user.district_id or 0), start, end, street_id=own_street)
    from minorworks.orgs.models import Region

    names = dict(Region.objects.filter(pk__in=[k for k in per_street if k]).values_list("pk", "name"))
    rows = sorted(
        ((names.get(k, _("District desk (no street yet)")), v) for k, v in per_street.items()),
        key=lambda x: str(x[0]),
    )
    chart = r.monthly(int(user.district_id or 0), _months(end), street_id=own_street)
    weights = rules().weights
    context = {
        "start": start,
        "end": end,
        "rows": [
            (name, s, _text(s.response_rate), _text(s.resolution_rate), _text(s.satisfaction_rate))
            for name, s in rows
        ],
        "chart": _chart(chart),
        "definitions": [
            (code, rules().definition(code))
            for code in ("response_rate", "resolution_rate", "satisfaction_rate", "handled_on_time")
        ],
        "basic_weight": weights.get("basic"),
    }
    return render(request, "reports/rates.html", context)


def _text(value: Any) -> str:
    """A rate as "87.5%" ("—" without data)."""
    return "—" if value is None else f"{float(value) * 100:.1f}%"


COLOURS = ("#0d6efd", "#198754", "#ffc107")  # response, resolution, satisfaction (the legend's order)


def _chart(months: list) -> list[dict[str, Any]]:
    """SVG bars (100 px = 100 %) for each month: x, y, height, colour and label of each rate."""
    groups = []
    for index, (month, s) in enumerate(months):
        bars = []
        for k, value in enumerate((s.response_rate, s.resolution_rate, s.satisfaction_rate)):
            height = 0 if value is None else round(float(value) * 100)
            bars.append(
                {
                    "x": index * 60 + 8 + k * 14,
                    "y": 110 - height,
                    "h": height,
                    "fill": COLOURS[k],
                    "label": _text(value),
                }
            )
        groups.append({"label": month.strftime("%Y-%m"), "x": index * 60 + 28, "bars": bars})
    return groups


@allow(Role.DISTRICT_ADMIN)
@require_http_methods(["GET", "POST"])
def keys_page(request: HttpRequest) -> HttpResponse:
    """Open311 API keys of the district: issue one (shown once), see and revoke the others."""
    form = KeyForm(request.POST or None)
    new_key = ""
    if request.method == "POST" and form.is_valid():
        assert request.user.district is not None  # a district administrator has a district
        _key, new_key = issue_key(
            actor=request.user, name=form.cleaned_data["name"], district=request.user.district
        )
        form = KeyForm()
    keys = scoped(Open311Key, request.user)
    return render(request, "reports/keys.html", {"form": form, "keys": keys, "new_key": new_key})


@allow(Role.DISTRICT_ADMIN)
@require_POST
def key_revoke(request: HttpRequest, key_id: int) -> HttpResponse:
    """Revoke one Open311 key of the district."""
    key = get_scoped(Open311Key, request.user, key_id)
    if not revoke_key(actor=request.user, key=key):
        messages.info(request, _("This key was already revoked."))
    else:
        messages.success(request, _("Key revoked."))
    return redirect("reports:keys")
