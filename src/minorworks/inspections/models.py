"""Checklists (versioned), inspections with their answers, and hazards with their rectification loop."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minorworks.core import validators as v
from minorworks.core.jurisdiction import ScopePaths


class Level(models.TextChoices):
    GENERAL = "general", _("General hazard")
    MAJOR = "major", _("Major hazard")


# --- checklists -------------------------------------------------------------------------------------------------


class HazardCriteria(models.Model):
    """An edition of the national major-hazard criteria (判定标准), kept as data because it is revised."""

    code = models.CharField(_("document number"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    supersedes = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("supersedes"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("major-hazard criteria edition")
        verbose_name_plural = _("major-hazard criteria editions")

    def __str__(self) -> str:
        return f"{self.title}（{self.code}）"


class ChecklistTemplate(models.Model):
    """A checklist (检查表) such as the standard small-works checklist; its content lives in versions."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=128)
    district = models.ForeignKey(
        "orgs.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Empty: available to every district."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")

    def __str__(self) -> str:
        return self.name

    def current(self) -> ChecklistVersion | None:
        """The latest version (inspections from now on use it)."""
        return self.versions.order_by("-number").first()


class ChecklistVersion(models.Model):
    """One frozen version of a checklist: an inspection keeps the version it used; editing makes a new one."""

    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, related_name="versions", verbose_name=_("checklist")
    )
    number = models.PositiveIntegerField(_("version"))
    criteria = models.ForeignKey(
        HazardCriteria,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("major-hazard criteria"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("what changed"), max_length=v.NOTE_MAX, blank=True)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="checklist_version_once")]
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class ChecklistItem(models.Model):
    """One question of a checklist version: section, text, legal basis, default level, when it applies."""

    version = models.ForeignKey(
        ChecklistVersion, on_delete=models.CASCADE, related_name="items", verbose_name=_("version")
    )
    code = models.CharField(_("code"), max_length=16)
    section = models.CharField(_("section"), max_length=64)
    text = models.CharField(_("item"), max_length=300)
    basis = models.CharField(_("basis"), max_length=300, blank=True)
    default_level = models.CharField(_("default level"), max_length=16, choices=Level.choices)
    # Hazardous-operation codes that make the item applicable; empty: every project.
    applies_to = models.JSONField(_("applies to"), default=list, blank=True)
    sort = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["version", "sort", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="checklist_item_code_once")]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    def applies(self, operations: list[str] | None) -> bool:
        """True for every project, or when the project declares one of the operations it is about."""
        return not self.applies_to or bool(set(self.applies_to) & set(operations or []))


# --- inspections ------------------------------------------------------------------------------------------------


class Kind(models.TextChoices):
    PATROL = "patrol", _("Daily patrol")
    CAMPAIGN = "campaign", _("Special campaign")
    JOINT = "joint", _("Joint inspection")
    SPOT_CHECK = "spot_check", _("District spot check")
    REINSPECTION = "reinspection", _("Re-inspection")
    STREET_REQUEST = "street_request", _("Inspection at a street's request")


class Answer(models.TextChoices):
    PASS = "pass", pgettext_lazy("checklist answer", "Complies")
    FAIL = "fail", pgettext_lazy("checklist answer", "Does not comply")
    NA = "na", pgettext_lazy("checklist answer", "Not applicable")


class Inspection(models.Model):
    """One inspection of one project: who, when, where, the answers of one checklist version, the outcome."""

    scope_paths = ScopePaths(
        sector="project__project_type__sector",
        owners=("project__builder", "project__contractor"),
        departments="departments",
    )

    number = models.CharField(_("number"), max_length=32, unique=True)
    # The rectification notice's number, drawn when the inspection finds hazards (the notice is rendered on demand).
    notice_number = models.CharField(_("rectification notice number"), max_length=32, blank=True)
    client_uid = models.UUIDField(
        _("submission id"),
        unique=True,
        default=uuid.uuid4,
        help_text=_("Makes a repeated submission harmless."),
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="inspections", verbose_name=_("project")
    )
    # Copied from the project: every list filters by them, and they must not need a join.
    district = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(
        "orgs.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    inspected_at = models.DateTimeField(_("inspected at"), db_index=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    checklist = models.ForeignKey(
        ChecklistVersion,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("checklist version"),
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="inspections", verbose_name=_("inspectors")
    )
    departments = models.ManyToManyField(
        "orgs.Department", blank=True, related_name="inspections", verbose_name=_("departments")
    )
    conclusion = models.TextField(_("conclusion"), blank=True, max_length=v.NOTE_MAX)
    passed = models.BooleanField(_("passed"), help_text=_("No item failed."))
    site_representative = models.CharField(_("site representative"), max_length=v.PERSON_NAME_MAX, blank=True)
    representative_refused = models.BooleanField(
        _("the site's representative refused to sign"), default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-inspected_at", "-id"]
        indexes = [
            models.Index(fields=["street", "-inspected_at", "-id"], name="inspection_street_recent"),
            models.Index(fields=["district", "-inspected_at", "-id"], name="inspection_district_recent"),
            models.Index(fields=["project", "-inspected_at"], name="inspection_project_recent"),
            # Covers the bulletin's inspection count and coverage (inspections/indicators.py).
            models.Index(
                fields=["district", "inspected_at", "street", "project"], name="inspection_indicators"
            ),
        ]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return self.number


class InspectionResult(models.Model):
    """The answer to one checklist item in one inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices)
    note = models.CharField(_("note"), max_length=v.NOTE_MAX, blank=True)

    class Meta:
        ordering = ["inspection", "item__sort"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="one_answer_per_item")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.item.code}: {self.answer}"


# --- hazards ----------------------------------------------------------------------------------------------------


class HazardStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("hazard", "Open")
    SUBMITTED = "submitted", pgettext_lazy("hazard", "Rectification submitted")
    CLOSED = "closed", pgettext_lazy("hazard", "Closed")


class Hazard(models.Model):
    """A hazard (隐患) found on a project, and its loop: found → notified → fixed → verified → closed."""

    scope_paths = ScopePaths(
        sector="project__project_type__sector",
        owners=("project__builder", "project__contractor"),
        departments="inspection__departments",
    )

    number = models.CharField(_("number"), max_length=32, unique=True)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="hazards", verbose_name=_("project")
    )
    inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hazards",
        verbose_name=_("inspection"),
    )
    item = models.ForeignKey(
        ChecklistItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("checklist item"),
    )
    district = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(
        "orgs.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    level_reason = models.CharField(
        _("why the level differs from the item's"), max_length=v.NOTE_MAX, blank=True
    )
    description = models.TextField(_("description"), max_length=v.NOTE_MAX)
    location = models.CharField(_("location on site"), max_length=v.ADDRESS_MAX, blank=True)
    clause = models.CharField(_("clause breached"), max_length=300, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=v.UNIT_NAME_MAX, blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=v.PERSON_NAME_MAX, blank=True)
    fix_on_spot = models.BooleanField(_("fix on the spot"), default=False)
    deadline = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=HazardStatus.choices, default=HazardStatus.OPEN, db_index=True
    )
    found_at = models.DateTimeField(_("found"), default=timezone.now)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rectification_note = models.TextField(_("rectification"), blank=True, max_length=v.NOTE_MAX)
    rectified_at = models.DateTimeField(_("rectification submitted"), null=True, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("reason returned"), blank=True, max_length=v.NOTE_MAX)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated to the district"), null=True, blank=True)
    # When the daily job told the responsible people it is overdue / that its re-inspection is late (once each).
    overdue_notified_on = models.DateField(_("overdue notified"), null=True, blank=True)
    reinspection_reminded_on = models.DateField(_("re-inspection reminder sent"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-found_at", "-id"]
        indexes = [
            models.Index(fields=["street", "status", "deadline"], name="hazard_street_status"),
            models.Index(fields=["district", "status", "deadline"], name="hazard_district_status"),
            models.Index(fields=["street", "-found_at", "-id"], name="hazard_street_recent"),
            models.Index(fields=["district", "-found_at", "-id"], name="hazard_district_recent"),
            models.Index(fields=["project", "status"], name="hazard_project_status"),
            # Covers the bulletin's one scan of a period's hazards (inspections/indicators.py).
            models.Index(
                fields=[
                    "district",
                    "found_at",
                    "street",
                    "status",
                    "level",
                    "fix_on_spot",
                    "deadline",
                    "closed_at",
                ],
                name="hazard_indicators",
            ),
        ]
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")

    def __str__(self) -> str:
        return self.number

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Not closed and past its deadline (an on-the-spot fix is due the day it was found)."""
        due = self.due_on()
        return (
            self.status != HazardStatus.CLOSED and due is not None and due < (today or timezone.localdate())
        )

    def due_on(self) -> dt.date | None:
        """The day the rectification is due."""
        if self.fix_on_spot:
            return timezone.localdate(self.found_at)
        return self.deadline


class Photo(models.Model):
    """A photo of an answer, a hazard or a rectification, stored outside the web root without metadata."""

    class Purpose(models.TextChoices):
        FINDING = "finding", _("Finding")
        RECTIFICATION = "rectification", _("Rectification proof")

    inspection = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    result = models.ForeignKey(
        InspectionResult, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    hazard = models.ForeignKey(Hazard, null=True, blank=True, on_delete=models.CASCADE, related_name="photos")
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices, default=Purpose.FINDING)
    file = models.FileField(_("file"), upload_to="inspections/%Y/%m/")
    content_type = models.CharField(max_length=32)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.file.name


class InspectionPolicy(models.Model):
    """The district's targets and delays (configurable): coverage, escalation, stopped sites, re-inspection."""

    district = models.OneToOneField("orgs.Region", on_delete=models.CASCADE, related_name="inspection_policy")
    coverage_days = models.PositiveIntegerField(
        _("inspect every active project at least every (days)"), default=30
    )
    due_soon_days = models.PositiveIntegerField(_("due soon within (days)"), default=7)
    escalate_after_days = models.PositiveIntegerField(
        _("escalate an overdue hazard to the district after (days)"), default=3
    )
    stopped_max_days = models.PositiveIntegerField(_("flag a site stopped longer than (days)"), default=30)
    reinspect_within_days = models.PositiveIntegerField(
        _("re-inspect within (days) of a submitted rectification"), default=3
    )
    default_deadline_days = models.PositiveIntegerField(_("default rectification deadline (days)"), default=7)

    class Meta:
        verbose_name = _("inspection policy")
        verbose_name_plural = _("inspection policies")

    def __str__(self) -> str:
        return f"{self.district}"


class ContractorHistory(models.Model):
    """A contractor's hazards on every site in the year before ``as_of``, for the coverage risk score.

    Counted once a day by the daily job (one grouped query over all hazards), so that the inspector's list
    reads one small row per contractor instead of a year of hazards.
    """

    enterprise = models.OneToOneField(
        "orgs.Enterprise", on_delete=models.CASCADE, related_name="hazard_history"
    )
    hazards_last_year = models.PositiveIntegerField(_("hazards in the last year"), default=0)
    as_of = models.DateField(_("as of"))

    class Meta:
        verbose_name = _("contractor hazard history")
        verbose_name_plural = _("contractor hazard histories")

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.hazards_last_year}"


class SiteWatch(models.Model):
    """One project's inspection state in one row: what the coverage list ranks thousands of projects by.

    Kept current inside every write that changes it (``inspections.watch.refresh``); the overdue count is
    valid as of ``as_of`` until ``next_deadline`` falls due, after which the list recounts it (see watch.py).
    """

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="site_watch", verbose_name=_("project")
    )
    last_inspected_at = models.DateTimeField(_("last inspected at"), null=True, blank=True)
    open_major = models.PositiveIntegerField(_("open major hazards"), default=0)
    open_general = models.PositiveIntegerField(_("open general hazards"), default=0)
    overdue = models.PositiveIntegerField(_("hazards past the deadline"), default=0)
    next_deadline = models.DateField(_("next deadline"), null=True, blank=True)
    as_of = models.DateField(_("as of"))

    class Meta:
        verbose_name = _("site watch")
        verbose_name_plural = _("site watches")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.open_major}/{self.open_general}/{self.overdue}"
