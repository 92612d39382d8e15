"""The project registry: types, scope rules, projects, their people, files, notices and leads."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minorworks.core import validators as v
from minorworks.core.crypto import EncryptedTextField
from minorworks.core.jurisdiction import ScopePaths
from minorworks.orgs.models import Qualification


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("project status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("project status", "Submitted")
    RETURNED = "returned", pgettext_lazy("project status", "Returned for correction")
    REFUSED = "refused", pgettext_lazy("project status", "Refused")
    ACCEPTED = "accepted", pgettext_lazy("project status", "Accepted")
    IN_PROGRESS = "in_progress", pgettext_lazy("project status", "In progress")
    STOPPED = "stopped", pgettext_lazy("project status", "Stopped")
    COMPLETED = "completed", pgettext_lazy("project status", "Completed")
    ARCHIVED = "archived", pgettext_lazy("project status", "Archived")


# Groups of states: the one definition of each, used by the workflow, lists, dashboards and ledgers.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})  # the registration may still change
# Accepted and not yet completed: the works are under supervision (active), may be overdue, acknowledged.
ACTIVE_STATUSES = frozenset({Status.ACCEPTED, Status.IN_PROGRESS, Status.STOPPED})
OVERDUE_STATUSES = ACTIVE_STATUSES  # past the planned end while still active
# From acceptance on: a notice exists, the board and the public page are shown.
POST_ACCEPTANCE_STATUSES = ACTIVE_STATUSES | {Status.COMPLETED, Status.ARCHIVED}


# The Bootstrap colour of each status badge (detail page, lists).
STATUS_STYLE: dict[str, str] = {
    Status.DRAFT: "secondary",
    Status.SUBMITTED: "info",
    Status.RETURNED: "warning",
    Status.REFUSED: "danger",
    Status.ACCEPTED: "primary",
    Status.IN_PROGRESS: "success",
    Status.STOPPED: "danger",
    Status.COMPLETED: "dark",
    Status.ARCHIVED: "light",
}


class HazardousOperation(models.TextChoices):
    HOT_WORK = "hot_work", _("Hot work")
    HEIGHT = "height", _("Work at height")
    HEIGHT_INSTALLATION = "height_installation", _("Installation, maintenance and dismantling at height")
    TEMP_POWER = "temp_power", _("Temporary electricity")
    CONFINED_SPACE = "confined_space", _("Confined space")
    LIFTING = "lifting", _("Lifting")
    DEMOLITION = "demolition", _("Demolition")
    SCAFFOLD = "scaffold", _("Scaffolding")
    EXCAVATION = "excavation", _("Excavation")


def new_public_id() -> str:
    """An unguessable identifier for public pages and QR codes."""
    return uuid.uuid4().hex


# What a street's coverage list and dashboard read of its projects (covered by project_coverage_street).
COVERAGE_COLUMNS = ["decided_at", "created_at", "contractor", "number", "hazardous_operations", "planned_end"]


class Project(models.Model):
    """One below-quota works project, from draft registration to archive."""

    # Departments see their sectors' projects and those built or hosted by units of their categories.
    scope_paths = ScopePaths(
        sector="project_type__sector",
        categories=("builder__category", "host_unit__category"),
        owners=("builder", "contractor"),
    )

    number = models.CharField(_("registration number"), max_length=32, unique=True)
    public_id = models.CharField(
        _("public identifier"), max_length=32, unique=True, default=new_public_id, editable=False
    )
    name = models.CharField(_("project name"), max_length=200)
    project_type = models.ForeignKey(
        "scoperules.ProjectType",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("project type"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )

    district = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    street = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("street")
    )
    community = models.ForeignKey(
        "orgs.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("community"),
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    investment = models.DecimalField(
        _("investment (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    floor_area = models.DecimalField(
        _("floor area (m²)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    content = models.TextField(_("content of works"), blank=True, max_length=v.CONTENT_MAX)
    hazardous_operations = models.JSONField(_("hazardous operations"), default=list, blank=True)

    builder = models.ForeignKey(
        "orgs.Enterprise", on_delete=models.PROTECT, related_name="built_projects", verbose_name=_("builder")
    )
    contractor = models.ForeignKey(
        "orgs.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracted_projects",
        verbose_name=_("contractor"),
    )
    designer = models.ForeignKey(
        "orgs.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("designer"),
    )
    supervisor = models.ForeignKey(
        "orgs.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("supervisor (监理)"),
    )
    property_company = models.ForeignKey(
        "orgs.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("property company"),
    )
    site_manager = models.ForeignKey(
        "orgs.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_projects",
        verbose_name=_("site manager"),
    )
    # The contact printed on the site board and the public page, declared by the builder for publication.
    public_contact_name = models.CharField(_("public contact"), max_length=v.PERSON_NAME_MAX, blank=True)
    public_contact_phone = EncryptedTextField(_("public contact phone"), max_length=v.PHONE_MAX, blank=True)
    is_internal = models.BooleanField(_("works inside a unit"), default=False)
    internal_unit = models.CharField(_("host unit"), max_length=128, blank=True)
    host_unit = models.ForeignKey(
        "orgs.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_projects",
        verbose_name=_("host unit (enterprise)"),
        help_text=_("The unit inside which the works take place, when it is a known enterprise."),
    )
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsible officer"),
    )

    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True, max_length=v.NOTE_MAX)
    stop_reason = models.TextField(_("stop reason"), blank=True, max_length=v.NOTE_MAX)
    stop_ordered_by = models.CharField(_("stop ordered by"), max_length=128, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # A street's projects by status; the trailing columns cover the inspection coverage list, which
            # ranks every active project of a street (inspections/coverage.py), and the street's dashboard
            # counts (planned_end: overdue) from the index. A district's
            # status counts use project_dashboard (district, street, status): an index on (district, status)
            # made SQLite's planner leave the covering one (the district dashboard: 74 ms → 530 ms).
            # PostgreSQL's indexes do not hold the row id, as SQLite's do: INCLUDE adds it with the columns
            # the page shows, so that the list and its counts are index-only there (a street's counts at
            # city scale: a bitmap heap scan of 6,264 pages, 34 ms → 22 ms). SQLite ignores INCLUDE.
            # PostgreSQL also has project_coverage_district, the same for a district (migration 0017; not a
            # model index, so that SQLite, whose planner it would mislead, never gets it).
            models.Index(
                fields=["street", "status", *COVERAGE_COLUMNS],
                include=["id", "name", "address"],
                name="project_coverage_street",
            ),
            # The split-project check compares addresses case-insensitively: an index on the same expression.
            models.Index(F("builder"), Lower("address"), name="project_builder_address_ci"),
            # The works-inside-units ledger and its counts (is_internal was in no index).
            models.Index(fields=["is_internal", "district", "street", "status"], name="project_internal"),
            # The lists sort newest first inside a scope: these let the database stop after one page.
            models.Index(fields=["district", "-created_at", "-id"], name="project_district_recent"),
            models.Index(fields=["street", "-created_at", "-id"], name="project_street_recent"),
            models.Index(fields=["builder", "-created_at", "-id"], name="project_builder_recent"),
            # Covers the dashboard's grouped count, so a district's figures come from the index alone.
            models.Index(fields=["district", "street", "status", "planned_end"], name="project_dashboard"),
            # Covers the bulletin's registration indicators (projects/indicators.py).
            models.Index(
                fields=["district", "submitted_at", "street", "actual_start"], name="project_indicators"
            ),
        ]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Past its planned end and not completed."""
        today = today or timezone.localdate()
        return self.status in OVERDUE_STATUSES and self.planned_end is not None and self.planned_end < today


class ProjectWorker(models.Model):
    """A worker on the project and the trade they do there."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="workers", verbose_name=_("project")
    )
    person = models.ForeignKey(
        "orgs.Person", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("person")
    )
    trade = models.CharField(_("trade"), max_length=64, blank=True)

    class Meta:
        unique_together = [("project", "person")]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return f"{self.person} @ {self.project_id}"


class ProjectPaper(models.Model):
    """A paper declared for one project — the contractor's qualification certificate or safety production
    licence — as the reviewer checks it. The company's own record is not changed by a registration."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="papers", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Qualification.Kind.choices)
    number = models.CharField(_("number"), max_length=v.PAPER_NUMBER_MAX)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["project", "kind"]
        constraints = [models.UniqueConstraint(fields=["project", "kind"], name="project_paper_once")]
        verbose_name = _("declared paper")
        verbose_name_plural = _("declared papers")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Attachment(models.Model):
    """A file uploaded for a project, stored outside the web root."""

    class Kind(models.TextChoices):
        CONTRACT = "contract", _("Contract")
        QUALIFICATION = "qualification", _("Qualification")
        SAFETY_MEASURES = "safety_measures", _("Safety measures")
        CERTIFICATE = "certificate", _("Certificate")
        PHOTO = "photo", _("Photo")
        SIGNED_NOTICE = "signed_notice", _("Signed notice")
        OTHER = "other", _("Other")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="projects/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["project", "kind", "uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
