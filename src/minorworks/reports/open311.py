"""Open311 GeoReport v2 at /open311/v2/: discovery, services, requests (GET, POST with api_key), tokens.

Each endpoint answers in ``.json`` or ``.xml`` with the standard's field names, statuses ``open``/``closed``
and ISO 8601 dates with the time zone; errors are the standard's list of ``code``/``description`` with
400/403/404. Public answers carry no personal data: no reporter, and numbers in descriptions masked.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from xml.etree import ElementTree as ET

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from minorworks.core.access import public
from minorworks.core.masking import mask_numbers_in

from .intake import receive_report
from .keys import key_for
from .models import DESCRIPTION_MAX, OPEN_STATUSES, Category, Channel, Report, Status

MAX_RESULTS = 1000
DEFAULT_SPAN = dt.timedelta(days=90)
SINGULAR = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
}
CONTENT = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


class Open311Error(Exception):
    """An error answered as the standard's list of code/description."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


def _element(parent: ET.Element, tag: str, value: Any) -> None:
    child = ET.SubElement(parent, tag)
    if isinstance(value, list):
        for item in value:
            _element(child, SINGULAR.get(tag, "item"), item)
    elif isinstance(value, dict):
        for key, inner in value.items():
            _element(child, key, inner)
    elif value is not None:
        child.text = str(value).lower() if isinstance(value, bool) else str(value)


def render(data: Any, fmt: str, root: str, status: int = 200) -> HttpResponse:
    """``data`` as JSON, or as XML under ``root`` (lists become repeated singular elements)."""
    if fmt == "xml":
        tree = ET.Element(root)
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(data, list):
                _element(tree, SINGULAR.get(root, "item"), item)
            else:
                for key, value in item.items():
                    _element(tree, key, value)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(
            tree, encoding="utf-8", xml_declaration=False
        )
    else:
        body = json.dumps(data, ensure_ascii=False).encode()
    response = HttpResponse(body, status=status, content_type=CONTENT[fmt])
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(fmt: str, status: int, description: str) -> HttpResponse:
    """The standard's error list with one entry."""
    return render([{"code": status, "description": description}], fmt, "errors", status=status)


def _guarded(view):
    """Turn Open311Error into the standard error answer (the URL's format)."""

    def wrapped(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        with override("en"):  # the standard's clients read English descriptions
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as exc:
                return error(fmt, exc.status, exc.description)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def iso(moment: dt.datetime | None) -> str | None:
    """ISO 8601 with the time zone offset (local time), e.g. 2026-12-02T10:15:00+08:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _service(code: str, label: str) -> dict[str, Any]:
    return {
        "service_code": code,
        "service_name": label,
        "description": label,
        "metadata": False,
        "type": "realtime",
        "keywords": code,
        "group": "construction",
    }


def request_out(report: Report) -> dict[str, Any]:
    """One request in the standard's fields; never the reporter, numbers in the text masked."""
    closed = report.status not in OPEN_STATUSES
    notes = report.reply if closed and report.status != Status.MERGED else ""
    if report.status == Status.MERGED and report.merged_into_id:
        notes = f"duplicate of {report.merged_into.number}"
    return {
        "service_request_id": report.number,
        "status": "closed" if closed else "open",
        "status_notes": mask_numbers_in(notes) or None,
        "service_name": str(Category(report.category).label),
        "service_code": report.category,
        "description": mask_numbers_in(report.description),
        "agency_responsible": report.street.name if report.street_id else report.district.name,
        "service_notice": None,
        "requested_datetime": iso(report.received_at),
        "updated_datetime": iso(report.updated_at),
        "expected_datetime": iso(report.resolve_by),
        "address": report.address or None,
        "address_id": None,
        "zipcode": None,
        "lat": float(report.latitude) if report.latitude is not None else None,
        "long": float(report.longitude) if report.longitude is not None else None,
        "media_url": None,
    }


def _moment(request: HttpRequest, name: str) -> dt.datetime | None:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None
    try:
        found = parse_datetime(raw.strip().replace(" ", "+"))
    except ValueError:
        found = None
    if found is None:
        raise Open311Error(400, f"{name} must be an ISO 8601 date and time, e.g. 2010-01-01T00:00:00Z")
    if timezone.is_naive(found):
        found = timezone.make_aware(found, timezone.get_current_timezone())
    return found


def _codes(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


@public
@require_GET
@_guarded
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    """The standard's service discovery document."""
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt})).rsplit("/", 1)[0]
    data = {
        "changeset": "2026-12-01T00:00:00+08:00",
        "contact": "District Housing and Construction Commission, 12345",
        "key_service": "API keys are issued by the district administrator.",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base + "/",
                "changeset": "2026-12-01T00:00:00+08:00",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render(data, fmt, "discovery")


@public
@require_GET
@_guarded
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    """The service list: the report categories."""
    return render([_service(code, str(label)) for code, label in Category.choices], fmt, "services")


@public
@require_GET
@_guarded
def service_definition(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    """A service's definition (our services take no extra attributes)."""
    if service_code not in Category.values:
        raise Open311Error(404, "service_code provided was not found")
    return render({"service_code": service_code, "attributes": []}, fmt, "service_definition")


def _requests_query(request: HttpRequest):
    rows = Report.objects.select_related("street", "district", "merged_into")
    ids = _codes(request.GET.get("service_request_id", ""))
    if ids:
        return rows.filter(number__in=ids[:MAX_RESULTS])
    start, end = _moment(request, "start_date"), _moment(request, "end_date")
    if start and end and start > end:
        raise Open311Error(400, "start_date must be before end_date")
    if start and end and end - start > DEFAULT_SPAN:
        raise Open311Error(400, "start_date and end_date may not span more than 90 days")
    if start is None and end is None:
        start = timezone.now() - DEFAULT_SPAN
    elif start is None and end is not None:
        start = end - DEFAULT_SPAN
    elif end is None and start is not None:
        end = start + DEFAULT_SPAN
    rows = rows.filter(received_at__gte=start)
    if end is not None:
        rows = rows.filter(received_at__lte=end)
    codes = _codes(request.GET.get("service_code", ""))
    if codes:
        unknown = [c for c in codes if c not in Category.values]
        if unknown:
            raise Open311Error(404, f"service_code provided was not found: {unknown[0][:40]}")
        rows = rows.filter(category__in=codes)
    statuses = _codes(request.GET.get("status", ""))
    if statuses:
        if set(statuses) - {"open", "closed"}:
            raise Open311Error(400, "status must be open or closed")
        if statuses == ["open"]:
            rows = rows.filter(status__in=OPEN_STATUSES)
        elif statuses == ["closed"]:
            rows = rows.exclude(status__in=OPEN_STATUSES)
    return rows.order_by("-received_at")[:MAX_RESULTS]


def _post(request: HttpRequest, fmt: str) -> HttpResponse:
    key = key_for(request.POST.get("api_key"))
    if key is None:
        raise Open311Error(403, "api_key was not provided or invalid")
    code = (request.POST.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, "service_code was not provided")
    if code not in Category.values:
        raise Open311Error(404, "service_code provided was not found")
    lat, lon = request.POST.get("lat", "").strip(), request.POST.get("long", "").strip()
    address = (request.POST.get("address_string") or "").strip()
    if not ((lat and lon) or address):
        raise Open311Error(400, "required field lat and long, or address_string, was not provided")
    latitude = longitude = None
    if lat and lon:
        try:
            latitude, longitude = float(lat), float(lon)
        except ValueError:
            raise Open311Error(400, "lat and long must be numbers") from None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise Open311Error(400, "lat and long are out of range")
    description = request.POST.get("description") or ""
    if len(description) > DESCRIPTION_MAX:
        raise Open311Error(400, f"description may be at most {DESCRIPTION_MAX} characters")
    if len(address) > 200:
        raise Open311Error(400, "address_string may be at most 200 characters")
    name = " ".join(p for p in (request.POST.get("first_name", ""), request.POST.get("last_name", "")) if p)
    data = {
        "category": code,
        "district": key.district,
        "address": address,
        "latitude": latitude,
        "longitude": longitude,
        "description": description or str(Category(code).label),
        "reporter_name": name[:64],
        "reporter_phone": (request.POST.get("phone") or "")[:20],
        "external_number": f"{key.name}"[:64],
    }
    try:
        received = receive_report(actor=None, data=data, channel=Channel.OPEN311)
    except ValidationError as exc:
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        field, errors = next(iter(messages.items()))
        raise Open311Error(400, f"{field}: {' '.join(errors)}".strip(": ")) from None
    except PermissionDenied as exc:
        raise Open311Error(403, str(exc)) from None
    report = received.report
    notice = _("Tracking number %(number)s; the street answers within the deadline.") % {
        "number": report.number
    }
    return render(
        [
            {
                "service_request_id": report.number,
                "token": report.token,
                "service_notice": notice,
                "account_id": None,
            }
        ],
        fmt,
        "service_requests",
        status=201,
    )


@public
@csrf_exempt
@require_http_methods(["GET", "POST"])
@_guarded
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET: requests by id, code, dates and status (public, no personal data); POST: a new request (api_key)."""
    if request.method == "POST":
        return _post(request, fmt)
    return render([request_out(r) for r in _requests_query(request)], fmt, "service_requests")


@public
@require_GET
@_guarded
def request_detail(request: HttpRequest, service_request_id: str, fmt: str) -> HttpResponse:
    """One request by its id (the tracking number)."""
    found = (
        Report.objects.select_related("street", "district", "merged_into")
        .filter(number=service_request_id)
        .first()
    )
    if found is None:
        raise Open311Error(404, "service_request_id provided was not found")
    return render([request_out(found)], fmt, "service_requests")


@public
@require_GET
@_guarded
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    """The request id behind a token given on POST."""
    found = Report.objects.filter(token=token).values_list("number", flat=True).first()
    if found is None:
        raise Open311Error(404, "token provided was not found")
    return render([{"service_request_id": found, "token": token}], fmt, "service_requests")
