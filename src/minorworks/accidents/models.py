"""Production-safety accidents (生产安全事故): the quick report, its casualties, changes and investigation."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minorworks.core import validators as v
from minorworks.core.crypto import BlindIndexField, EncryptedTextField
from minorworks.core.jurisdiction import ScopePaths

from .grading import Grade


class Kind(models.TextChoices):
    CONSTRUCTION = "construction", _("Construction")
    FIRE = "fire", _("Fire")
    ROAD_TRAFFIC = "road_traffic", _("Road traffic")
    OTHER = "other", _("Other")


class AccidentStatus(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("accident", "Reported")
    INVESTIGATING = "investigating", pgettext_lazy("accident", "Under investigation")
    REPORT_SUBMITTED = "report_submitted", pgettext_lazy("accident", "Investigation report submitted")
    REPLIED = "replied", pgettext_lazy("accident", "Government replied")
    CLOSED = "closed", pgettext_lazy("accident", "Closed")


class Accident(models.Model):
    """One accident: the quick report (事故快报), its grade and deadlines, and its investigation."""

    scope_paths = ScopePaths(
        sector="project__project_type__sector", owners=("project__builder", "project__contractor")
    )

    number = models.CharField(_("number"), max_length=32, unique=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AccidentStatus.choices,
        default=AccidentStatus.REPORTED,
        db_index=True,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CONSTRUCTION)
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accidents",
        verbose_name=_("project"),
    )
    site = models.CharField(_("unregistered site"), max_length=v.ADDRESS_MAX, blank=True)
    unit = models.CharField(_("reporting unit"), max_length=v.UNIT_NAME_MAX)
    district = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(
        "orgs.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField(_("time of the accident"))
    head_informed_at = models.DateTimeField(_("time the unit's head was informed"))
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf = models.BooleanField(_("reported by an officer on the unit's behalf"), default=False)
    place = models.CharField(_("place"), max_length=v.ADDRESS_MAX)
    course = models.TextField(_("course of events"), max_length=v.CONTENT_MAX)
    deaths = models.PositiveIntegerField(_("deaths"), default=0)
    missing = models.PositiveIntegerField(_("missing"), default=0)
    serious_injuries = models.PositiveIntegerField(_("serious injuries"), default=0)
    minor_injuries = models.PositiveIntegerField(_("minor injuries"), default=0)
    direct_loss = models.DecimalField(
        _("estimated direct loss (yuan)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    measures = models.TextField(_("measures taken"), max_length=v.NOTE_MAX, blank=True)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, db_index=True)
    grade_reason = models.CharField(_("why this grade"), max_length=300, blank=True)
    # investigation (Art. 22-33)
    lead_department = models.ForeignKey(
        "orgs.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lead department"),
    )
    team_members = models.TextField(_("team members"), max_length=v.NOTE_MAX, blank=True)
    causes = models.TextField(_("causes"), max_length=v.CONTENT_MAX, blank=True)
    nature = models.CharField(_("nature"), max_length=200, blank=True)
    responsible_units = models.TextField(_("responsible units"), max_length=v.NOTE_MAX, blank=True)
    responsible_persons = models.TextField(_("responsible persons"), max_length=v.NOTE_MAX, blank=True)
    handling_proposals = models.TextField(_("handling proposals"), max_length=v.CONTENT_MAX, blank=True)
    preventive_measures = models.TextField(_("preventive measures"), max_length=v.CONTENT_MAX, blank=True)
    investigation_extended_until = models.DateField(_("investigation extended until"), null=True, blank=True)
    report_received_at = models.DateTimeField(_("investigation report received"), null=True, blank=True)
    reply = models.TextField(_("government's reply"), max_length=v.CONTENT_MAX, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    cause_found = models.BooleanField(_("cause found"), default=False)
    responsible_handled = models.BooleanField(_("those responsible handled"), default=False)
    people_educated = models.BooleanField(_("people educated"), default=False)
    measures_taken = models.BooleanField(_("preventive measures taken"), default=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    deadlines_notified = models.JSONField(default=list, blank=True)  # deadline keys the daily job told of
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["district", "-occurred_at"], name="accident_district_time"),
            models.Index(fields=["street", "-occurred_at"], name="accident_street_time"),
        ]
        verbose_name = _("accident")
        verbose_name_plural = _("accidents")

    def __str__(self) -> str:
        return self.number

    @property
    def deadlines(self):
        """Every deadline of this accident (see :mod:`.deadlines`)."""
        from .deadlines import deadlines_of

        return deadlines_of(self)


class Outcome(models.TextChoices):
    DEATH = "death", _("Died")
    MISSING = "missing", _("Missing")
    SERIOUS = "serious", _("Seriously injured")
    MINOR = "minor", _("Slightly injured")


class Casualty(models.Model):
    """A person killed, missing or injured: name and identity number are personal data (encrypted)."""

    accident = models.ForeignKey(Accident, on_delete=models.CASCADE, related_name="casualties")
    name = EncryptedTextField(_("name"), max_length=v.PERSON_NAME_MAX)
    id_number = EncryptedTextField(_("identity number"), max_length=v.ID_NUMBER_MAX, blank=True)
    id_number_hash = BlindIndexField(source="id_number")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("casualty")
        verbose_name_plural = _("casualties")

    def __str__(self) -> str:
        return f"#{self.pk}"  # never the name: it is personal data


class CasualtyChange(models.Model):
    """A later change of the figures (补报, Art. 13): before and after, and whether it regraded."""

    accident = models.ForeignKey(Accident, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    figures_before = models.JSONField(default=dict)
    figures_after = models.JSONField(default=dict)
    grade_before = models.CharField(max_length=20, choices=Grade.choices)
    grade_after = models.CharField(max_length=20, choices=Grade.choices)
    within_window = models.BooleanField(default=True)
    note = models.TextField(max_length=v.NOTE_MAX, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.accident_id} {self.at:%Y-%m-%d}"
