"""Stop-work orders (责令停工通知书) as records of their own: proposed, issued, lifted on resumption."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minorworks.core import validators as v
from minorworks.core.jurisdiction import ScopePaths

BASIS = "《中华人民共和国安全生产法》第六十五条"


class OrderStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("stop order", "Proposed")
    ISSUED = "issued", pgettext_lazy("stop order", "In force")
    LIFTED = "lifted", pgettext_lazy("stop order", "Lifted (work resumed)")
    WITHDRAWN = "withdrawn", pgettext_lazy("stop order", "Withdrawn")


class Source(models.TextChoices):
    MAJOR_HAZARD = "major_hazard", _("A major hazard was found")
    DEADLINE = "deadline", _("A rectification deadline passed")
    UNREGISTERED = "unregistered", _("An unregistered site was found")
    OFFICER = "officer", _("Ordered by an officer")


class Extent(models.TextChoices):
    WHOLE = "whole", _("The whole site")
    PART = "part", _("Part of the site")
    EQUIPMENT = "equipment", _("Equipment")


class StopOrder(models.Model):
    """One stop-work order: why, on which basis, how far, what to do meanwhile, when work may resume."""

    scope_paths = ScopePaths(
        sector="project__project_type__sector", owners=("project__builder", "project__contractor")
    )

    number = models.CharField(_("number"), max_length=32, unique=True, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.PROPOSED, db_index=True
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.OFFICER)
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stop_orders",
        verbose_name=_("project"),
    )
    lead = models.ForeignKey(
        "leads.Lead",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stop_orders",
        verbose_name=_("unregistered site"),
    )
    inspection = models.ForeignKey(
        "inspections.Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hazard = models.ForeignKey(
        "inspections.Hazard", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(
        "orgs.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=v.NOTE_MAX)
    basis = models.CharField(_("basis"), max_length=200, default=BASIS)
    extent = models.CharField(_("extent"), max_length=16, choices=Extent.choices, default=Extent.WHOLE)
    extent_detail = models.CharField(_("which part or equipment"), max_length=200, blank=True)
    measures = models.TextField(_("measures while stopped"), blank=True, max_length=v.NOTE_MAX)
    resume_conditions = models.TextField(_("conditions to resume"), blank=True, max_length=v.NOTE_MAX)
    copies_to = models.ManyToManyField(
        "orgs.Department", blank=True, related_name="+", verbose_name=_("copies to")
    )
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True, db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resumption_inspection = models.ForeignKey(
        "inspections.Inspection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("re-inspection that allowed resumption"),
    )
    withdrawn_reason = models.TextField(_("why withdrawn"), blank=True, max_length=v.NOTE_MAX)
    # Set by the daily job when the site has been stopped longer than the district's limit (once per order).
    overlong_flagged_at = models.DateTimeField(_("flagged as stopped too long"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        indexes = [
            models.Index(fields=["street", "status", "-issued_at"], name="stoporder_street_status"),
            models.Index(fields=["district", "status", "-issued_at"], name="stoporder_district_status"),
            models.Index(fields=["project", "status"], name="stoporder_project_status"),
        ]
        verbose_name = _("stop-work order")
        verbose_name_plural = _("stop-work orders")

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    def days_stopped(self, today=None) -> int | None:
        """Days from issue to lifting (or to today while in force)."""
        if self.issued_at is None:
            return None
        end = self.lifted_at or timezone.now()
        return (timezone.localdate(end) - timezone.localdate(self.issued_at)).days
