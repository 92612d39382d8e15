"""Kinds of works and the dated below-quota rules (限额) of each jurisdiction."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from minorworks.core import validators as v


class ProjectType(models.Model):
    """A kind of works (building, fit-out, road …), belonging to a supervising sector."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=96, blank=True)
    sector = models.ForeignKey(
        "orgs.Sector", on_delete=models.PROTECT, related_name="project_types", verbose_name=_("sector")
    )
    sort = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        db_table = "projects_projecttype"  # its table while it belonged to the registry
        ordering = ["sort", "code"]
        verbose_name = _("project type")
        verbose_name_plural = _("project types")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The type's name in the current language (the Chinese name unless English is active and known)."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class ScopeRule(models.Model):
    """A dated below-quota rule of one jurisdiction (thresholds inclusive).

    ``area_types``: below quota when investment ≤ limit OR floor area ≤ limit.
    ``investment_only_types``: below quota when investment ≤ limit.
    ``excluded_types``: out of scope whatever the size.
    """

    audit_aliases = ("projects.scoperule",)  # the audit log's name for it before it became its own app

    jurisdiction = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="scope_rules", verbose_name=_("jurisdiction")
    )
    name = models.CharField(_("name"), max_length=128)
    basis = models.CharField(
        _("basis"), max_length=128, blank=True, help_text=_("The document that sets the rule.")
    )
    effective_from = models.DateField(_("effective from"))
    investment_limit = models.DecimalField(_("investment limit (yuan)"), max_digits=14, decimal_places=2)
    floor_area_limit = models.DecimalField(_("floor area limit (m²)"), max_digits=12, decimal_places=2)
    area_types = models.JSONField(_("types tested on investment or floor area"), default=list)
    investment_only_types = models.JSONField(_("types tested on investment only"), default=list)
    excluded_types = models.JSONField(_("excluded types"), default=list)
    reason = models.TextField(_("reason (Chinese)"), blank=True, max_length=v.NOTE_MAX)
    reason_en = models.TextField(_("reason (English)"), blank=True, max_length=v.NOTE_MAX)

    class Meta:
        db_table = "projects_scoperule"  # its table while it belonged to the registry
        ordering = ["jurisdiction", "-effective_from"]
        unique_together = [("jurisdiction", "effective_from")]
        verbose_name = _("scope rule")
        verbose_name_plural = _("scope rules")

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from:%Y-%m-%d})"
