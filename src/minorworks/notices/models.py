"""The safety production management notice (安全生产管理告知书) of an accepted project, and who acknowledged it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """The safety production management notice (安全生产管理告知书) issued on acceptance."""

    audit_aliases = ("projects.notice",)  # the audit log's name for it before it became its own app

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="notice", verbose_name=_("project")
    )
    number = models.CharField(_("notice number"), max_length=32, unique=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    builder_ack_at = models.DateTimeField(_("builder acknowledged"), null=True, blank=True)
    builder_ack_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contractor_ack_at = models.DateTimeField(_("contractor acknowledged"), null=True, blank=True)
    contractor_ack_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_scan = models.ForeignKey(
        "projects.Attachment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signed scan"),
    )

    class Meta:
        db_table = "projects_notice"  # its table while it belonged to the registry
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return self.number

    @property
    def acknowledged(self) -> bool:
        """Every required party has acknowledged: the builder and, when it is another unit, the contractor —
        in the portal, or all at once by the signed scan the street filed."""
        if self.signed_scan_id is not None:
            return True
        project = self.project
        contractor_needed = project.contractor_id is not None and project.contractor_id != project.builder_id
        return self.builder_ack_at is not None and (
            self.contractor_ack_at is not None or not contractor_needed
        )
