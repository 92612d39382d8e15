"""Residents' reports (举报): what was reported, where, by whom (encrypted), who handles it, and the outcome."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minorworks.core import validators as v
from minorworks.core.crypto import BlindIndexField, EncryptedTextField
from minorworks.core.jurisdiction import ScopePaths

DESCRIPTION_MAX = 2000
PHOTOS_MAX = 5


def new_secret() -> str:
    """The unguessable part of a reporter's private link (256 bits)."""
    return secrets.token_urlsafe(32)


def new_token() -> str:
    """The Open311 token of a request (not a secret: it only leads to the request's id)."""
    return secrets.token_hex(8)


class Category(models.TextChoices):
    """What a report is about; also the Open311 service codes."""

    UNREGISTERED = "unregistered", _("Unregistered works")
    HAZARD = "hazard", _("Safety hazard")
    DUST = "dust", _("Dust")
    NOISE = "noise", _("Noise at night")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    WEB = "web", _("Online form")
    OPEN311 = "open311", _("Open311 client")
    HOTLINE_12345 = "12345", _("12345 citizen hotline")
    HOTLINE_12350 = "12350", _("12350 safety hotline")
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit")
    INSPECTION = "inspection", _("Found on inspection")


STAFF_CHANNELS = (
    Channel.HOTLINE_12345,
    Channel.HOTLINE_12350,
    Channel.LETTER,
    Channel.VISIT,
    Channel.INSPECTION,
)


class Status(models.TextChoices):
    DESK = "desk", pgettext_lazy("report", "At the district desk")
    ASSIGNED = "assigned", pgettext_lazy("report", "Sent to the street")
    ACCEPTED = "accepted", pgettext_lazy("report", "Being handled")
    CLOSED = "closed", pgettext_lazy("report", "Closed with a reply")
    REVIEW = "review", pgettext_lazy("report", "Not satisfied: desk review")
    MERGED = "merged", pgettext_lazy("report", "Merged into another report")


OPEN_STATUSES = (Status.DESK, Status.ASSIGNED, Status.ACCEPTED, Status.REVIEW)


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    NOT_SATISFIED = "not_satisfied", _("Not satisfied")


class Report(models.Model):
    """One report from a resident, a hotline, a letter, a visit or an inspection, until it is closed and rated."""

    # Staff only: grid workers, departments and builders have no path to a report (community/sector None).
    scope_paths = ScopePaths(community=None)

    number = models.CharField(_("tracking number"), max_length=32, unique=True)
    secret = models.CharField(max_length=64, unique=True, default=new_secret, editable=False)
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    client_uid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DESK, db_index=True
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    external_number = models.CharField(_("external ticket number"), max_length=64, blank=True)
    district = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey(
        "orgs.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("street"),
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("project"),
    )
    lead = models.ForeignKey(
        "leads.Lead", null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    inspection = models.ForeignKey(
        "inspections.Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    address = models.CharField(_("place"), max_length=v.ADDRESS_MAX, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    reporter_name = EncryptedTextField(_("reporter's name"), blank=True)
    reporter_phone = EncryptedTextField(_("reporter's phone"), blank=True)
    reporter_phone_hash = BlindIndexField(source="reporter_phone")
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    respond_by = models.DateTimeField(_("respond by"))
    resolve_by = models.DateTimeField(_("resolve by"))
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply = models.TextField(_("reply to the reporter"), blank=True, max_length=v.NOTE_MAX)
    returned_reason = models.TextField(_("why sent back"), blank=True, max_length=v.NOTE_MAX)
    handling_note = models.TextField(_("handling"), blank=True, max_length=v.NOTE_MAX)
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    rating_comment = models.TextField(_("comment"), blank=True, max_length=v.NOTE_MAX)
    escalated_at = models.DateTimeField(_("escalated to the district"), null=True, blank=True)
    resolve_escalated_at = models.DateTimeField(_("resolution overdue reported"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["district", "street", "received_at"], name="report_where_when"),
            models.Index(fields=["street", "status"], name="report_street_status"),
            # The list pages' newest first, per district (the desk) and per street: a district's 12,000 reports
            # of a city's 200,000 were sorted on every page (20 ms) without them.
            models.Index(fields=["district", "-received_at", "-id"], name="report_district_recent"),
            models.Index(fields=["street", "-received_at", "-id"], name="report_street_recent"),
            # The three rates of a period (reports.rates) read this index alone: a district's half year of a
            # city's reports fetched 12,000 rows one by one (41 ms) without it.
            models.Index(
                fields=[
                    "district",
                    "received_at",
                    "street",
                    "status",
                    "responded_at",
                    "respond_by",
                    "closed_at",
                    "resolve_by",
                    "rating",
                ],
                name="report_rates",
            ),
        ]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        """Not yet closed (nor merged)."""
        return self.status in OPEN_STATUSES

    def response_overdue(self, now=None) -> bool:
        """No response and the response deadline has passed."""
        now = now or timezone.now()
        return self.responded_at is None and self.is_open and now > self.respond_by

    def resolution_overdue(self, now=None) -> bool:
        """Still open after the resolution deadline."""
        now = now or timezone.now()
        return self.is_open and now > self.resolve_by


class ReportPhoto(models.Model):
    """A photo with a report, re-encoded without EXIF or location (core.images)."""

    scope_paths = ScopePaths(district="report__district", street="report__street", community=None)

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="reports/%Y/%m/")
    content_type = models.CharField(max_length=32, default="image/jpeg")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file.name


class Open311Key(models.Model):
    """An API key of one Open311 client (only its SHA-256 is stored); POSTs need an unrevoked one."""

    scope_paths = ScopePaths(street=None, community=None)

    name = models.CharField(_("client"), max_length=v.SHORT_TEXT_MAX)
    district = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Open311 key")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
