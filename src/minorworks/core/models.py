"""The append-only audit log, named counters, and issued documents with their stored versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise PermissionError("the audit log is append-only")

    def delete(self):  # type: ignore[override]
        raise PermissionError("the audit log is append-only")


class AuditEntry(models.Model):
    """One change: who, when, through which channel, on what, before and after."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor"), max_length=150)  # the person's name at the time
    actor_unit = models.CharField(_("unit"), max_length=128, blank=True)  # their unit at the time
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    channel = models.CharField(_("channel"), max_length=8)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # The district whose administrators may read the entry (none: city-level or unattributable).
    district = models.ForeignKey(
        "orgs.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
    )

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "-at"]),
            models.Index(fields=["district", "-at", "-id"], name="audit_district_recent"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the audit log is append-only")

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each field whose value differs."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class Sequence(models.Model):
    """A named counter for human-readable numbers (registration, notice, rectification numbers)."""

    name = models.CharField(max_length=64, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("sequence")
        verbose_name_plural = _("sequences")

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class IssuedDocument(models.Model):
    """A document issued for one record (a project's notice, its site board …); its renderings are versions."""

    kind = models.CharField(_("kind"), max_length=32)
    number = models.CharField(_("document number"), max_length=64, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("issued by"),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id"], name="one_document_per_record"
            ),
            models.UniqueConstraint(
                fields=["kind", "number"], condition=~models.Q(number=""), name="unique_document_number"
            ),
        ]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")

    def __str__(self) -> str:
        return self.number or f"{self.kind} {self.object_type}#{self.object_id}"


class DocumentVersion(models.Model):
    """One stored rendering of an issued document: both formats, each with its SHA-256 and size.

    A new version is stored under the same number when the facts the document shows change (decided by
    ``content_hash``, the hash of the block tree); every version is kept and the newest is served.
    """

    document = models.ForeignKey(
        IssuedDocument, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    version = models.PositiveIntegerField(_("version"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    pdf_file = models.FileField(_("PDF file"), upload_to="documents/", max_length=200)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    pdf_size = models.PositiveIntegerField(_("PDF size (bytes)"))
    docx_file = models.FileField(_(".docx file"), upload_to="documents/", max_length=200)
    docx_sha256 = models.CharField(_(".docx SHA-256"), max_length=64)
    docx_size = models.PositiveIntegerField(_(".docx size (bytes)"))

    class Meta:
        ordering = ["document", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["document", "version"], name="unique_document_version")
        ]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")

    def __str__(self) -> str:
        return f"{self.document} v{self.version}"
