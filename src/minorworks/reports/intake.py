"""Receiving a report (web form, Open311, staff intake) and dispatching it: one domain function for all three."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minorworks.accounts.models import User
from minorworks.core.audit import record
from minorworks.core.images import clean_image
from minorworks.core.notifications import notify
from minorworks.core.roles import Role
from minorworks.orgs.models import Region
from minorworks.projects.numbering import next_record_number

from .models import (
    DESCRIPTION_MAX,
    PHOTOS_MAX,
    STAFF_CHANNELS,
    Category,
    Channel,
    Report,
    ReportPhoto,
    Status,
)
from .places import street_code_at
from .rules import deadlines

AUDIT_FIELDS = ["number", "status", "category", "channel", "external_number", "street", "project", "address"]


@dataclass(frozen=True)
class Received:
    """The report, and whether this call created it (False: the same submission came again)."""

    report: Report
    created: bool


def default_district() -> Region:
    """The district that receives reports naming no place it can place (REPORTS_DISTRICT, else the first)."""
    code = getattr(settings, "REPORTS_DISTRICT", "")
    districts = Region.objects.filter(level=Region.Level.DISTRICT)
    found = (districts.filter(code=code).first() if code else None) or districts.order_by("code").first()
    if found is None:
        raise ValidationError(_("No district is set up to receive reports."))
    return found


def street_officers(street_id: int) -> list[User]:
    """The active street officers of a street."""
    return list(User.objects.filter(role=Role.STREET_OFFICER, street_id=street_id, is_active=True))


def district_desk(district_id: int) -> list[User]:
    """The district's administrators, who work the dispatch desk (分拨)."""
    return list(User.objects.filter(role=Role.DISTRICT_ADMIN, district_id=district_id, is_active=True))


def _place(data: dict[str, Any]) -> tuple[Region, Region | None]:
    project = data.get("project")
    if project is not None:
        return project.district, project.street
    street = data.get("street")
    lat, lon = data.get("latitude"), data.get("longitude")
    if street is None and lat is not None and lon is not None:
        code = street_code_at(float(lon), float(lat))
        street = Region.objects.filter(code=code, level=Region.Level.STREET).first() if code else None
    if street is not None:
        return street.parent, street
    district = data.get("district") or default_district()
    return district, None


def _check(data: dict[str, Any], channel: str, actor: Any) -> None:
    if data.get("category") not in Category.values:
        raise ValidationError({"category": _("Choose what the report is about.")})
    description = (data.get("description") or "").strip()
    if not description:
        raise ValidationError({"description": _("Describe what you saw.")})
    if len(description) > DESCRIPTION_MAX:
        raise ValidationError({"description": _("At most %(n)s characters.") % {"n": DESCRIPTION_MAX}})
    if channel in STAFF_CHANNELS:
        if actor is None or getattr(actor, "role", None) not in (Role.DISTRICT_ADMIN, Role.STREET_OFFICER):
            raise PermissionDenied(_("Only staff enter reports received by phone, letter or visit."))
    elif channel not in (Channel.WEB, Channel.OPEN311):
        raise ValidationError({"channel": _("Unknown channel.")})


def receive_report(
    *,
    actor: Any,
    data: dict[str, Any],
    channel: str = Channel.WEB,
    photos: list[Any] | tuple[Any, ...] = (),
    client_uid: uuid.UUID | None = None,
) -> Received:
    """Record a report, set its deadlines and send it to its street (or the district desk); notify them."""
    if client_uid is not None:
        earlier = Report.objects.filter(client_uid=client_uid).first()
        if earlier is not None:  # a double submit: the same form sent twice
            return Received(earlier, False)
    _check(data, channel, actor)
    if len(photos) > PHOTOS_MAX:
        raise ValidationError({"photos": _("At most %(n)s photos.") % {"n": PHOTOS_MAX}})
    cleaned = [clean_image(photo, field="photos") for photo in photos]
    district, street = _place(data)
    if actor is not None and getattr(actor, "role", None) == Role.STREET_OFFICER and street is None:
        street = actor.street
    now = timezone.now()
    respond_by, resolve_by = deadlines(now)
    name = (data.get("reporter_name") or "").strip()
    phone = (data.get("reporter_phone") or "").strip()
    anonymous = bool(data.get("anonymous")) or not (name or phone)
    staff = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        if client_uid is not None and Report.objects.filter(client_uid=client_uid).exists():
            return Received(Report.objects.get(client_uid=client_uid), False)
        report = Report.objects.create(
            number=next_record_number("JB", district.code),
            client_uid=client_uid,
            status=Status.ASSIGNED if street is not None else Status.DESK,
            category=data["category"],
            channel=channel,
            external_number=(data.get("external_number") or "").strip()[:64],
            district=district,
            street=street,
            project=data.get("project"),
            address=(data.get("address") or "").strip()[:200],
            latitude=_coordinate(data.get("latitude")),
            longitude=_coordinate(data.get("longitude")),
            description=(data.get("description") or "").strip(),
            anonymous=anonymous,
            reporter_name="" if anonymous else name,
            reporter_phone="" if anonymous else phone,
            received_at=now,
            received_by=staff,
            respond_by=respond_by,
            resolve_by=resolve_by,
        )
        for image in cleaned:
            ReportPhoto.objects.create(report=report, file=image.content, content_type=image.content_type)
        record(actor=staff or "resident", action="report.receive", obj=report, after=_snapshot(report))
        _tell_receivers(report, actor=staff)
    return Received(report, True)


def _coordinate(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    return Decimal(str(value)).quantize(Decimal("0.000001"))


def _snapshot(report: Report) -> dict[str, Any]:
    from minorworks.core.audit import snapshot

    return snapshot(report, AUDIT_FIELDS)


def _tell_receivers(report: Report, *, actor: Any) -> None:
    """The street's officers when it has a street, the district desk otherwise."""
    recipients = street_officers(report.street_id) if report.street_id else district_desk(report.district_id)
    notify(
        recipients,
        kind="reports.received",
        subject=gettext_lazy("New report %(number)s"),
        body=gettext_lazy("A report (%(category)s) needs a response by %(deadline)s."),
        params={
            "number": report.number,
            "category": report.get_category_display(),
            "deadline": timezone.localtime(report.respond_by).strftime("%Y-%m-%d %H:%M"),
        },
        url=f"/reports/{report.pk}/",
        obj=report,
        actor=actor,
    )
