"""Ranking bulletins (定期通报): the district's dated scoring scheme, and each bulletin with its frozen figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minorworks.core import validators as v
from minorworks.core.jurisdiction import ScopePaths

# Bulletins belong to the district; every street and community of it sees the issued ones.
DISTRICT_WIDE = ScopePaths(
    district="district", street="district__children", community="district__children__children"
)


class Normalisation(models.TextChoices):
    MINMAX = "minmax", _("Between the worst and the best street (0–100)")
    BEST = "best", _("As a share of the best street (0–100)")


class Scheme(models.Model):
    """The district's scoring scheme from a date on: which indicators, which direction, how normalised, weights.

    ``items`` is a list of ``{"code", "weight", "higher_is_better", "normalisation"}``. A new version is a
    new row; the bulletin keeps the scheme it was computed with.
    """

    scope_paths = DISTRICT_WIDE

    district = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=128)
    effective_from = models.DateField(_("effective from"))
    items = models.JSONField(_("indicators"), default=list)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-effective_from", "-id"]
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from.isoformat()})"


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("bulletin", "Draft")
    ISSUED = "issued", pgettext_lazy("bulletin", "Issued")


class Bulletin(models.Model):
    """One bulletin for a period: the ranking as computed (frozen), the editable prose, the requirements."""

    scope_paths = DISTRICT_WIDE

    district = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="bulletins")
    status = models.CharField(
        _("status"), max_length=16, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT
    )
    number = models.CharField(_("number"), max_length=64, blank=True)
    title = models.CharField(_("title"), max_length=200)
    # [{"street", "street_id", "street_name", "score", "rank", "rank_change", "indicators": {code: value},
    #   "figures": {code: [numerator, denominator]}, "pulled_down": [code, ...]}], best first.
    ranking = models.JSONField(_("ranking"), default=list)
    columns = models.JSONField(_("indicators"), default=list)  # [{"code", "title", "kind", "weight", ...}]
    laggards = models.JSONField(_("laggards"), default=list)  # street ids, worst last
    opening = models.TextField(_("opening"), max_length=v.NOTE_MAX * 4)
    findings = models.TextField(_("overall situation"), max_length=v.NOTE_MAX * 8)
    problems = models.TextField(_("problems"), max_length=v.NOTE_MAX * 8)
    requirements = models.JSONField(_("requirements"), default=list)  # [{"text", "deadline"}]
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-period_end", "-id"]
        indexes = [
            models.Index(fields=["district", "status", "-period_end"], name="bulletin_district_recent")
        ]
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")

    def __str__(self) -> str:
        return self.number or self.title
