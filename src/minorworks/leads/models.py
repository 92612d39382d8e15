"""Unregistered-site leads (未登记线索): a site seen on patrol or reported, until the street settles it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minorworks.core import validators as v
from minorworks.core.jurisdiction import ScopePaths


class Lead(models.Model):
    """An unregistered site (未登记线索) seen on patrol or reported, until the street resolves it."""

    # Staff only: departments and builders have no path to a lead (a comprehensive department sees the district).
    scope_paths = ScopePaths()
    audit_aliases = ("projects.lead",)  # the audit log's name for it before it became its own app

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("lead state", "Open")
        REGISTERED = "registered", pgettext_lazy("lead state", "Registered")
        STOPPED = "stopped", pgettext_lazy("lead state", "Stopped")
        OUT_OF_SCOPE = "out_of_scope", pgettext_lazy("lead state", "Shown out of scope")

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
    photo = models.FileField(_("photo"), upload_to="leads/%Y/%m/", blank=True)
    note = models.TextField(_("note"), blank=True, max_length=v.NOTE_MAX)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.OPEN, db_index=True
    )
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    found_at = models.DateTimeField(_("found"), default=timezone.now)
    resolution_note = models.TextField(_("resolution"), blank=True, max_length=v.NOTE_MAX)
    resolved_project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
        verbose_name=_("project"),
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        db_table = "projects_lead"  # the table it had while leads were part of the registry
        ordering = ["-found_at", "-id"]
        verbose_name = _("unregistered-site lead")
        verbose_name_plural = _("unregistered-site leads")

    def __str__(self) -> str:
        return self.address
