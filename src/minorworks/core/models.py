"""The append-only audit log, named counters, issued documents with their stored versions, notifications
with their deliveries, and daily job runs."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .crypto import EncryptedTextField


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


# --- notifications (core.notifications, core.delivery) ------------------------------------------------------


class Notification(models.Model):
    """One message to one user: always in the inbox; e-mail and webhook copies follow the user's choice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=64)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)  # a path on this site
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    # Whose webhook endpoints receive a copy (the record's district, else the recipient's).
    district = models.ForeignKey(
        "orgs.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("district"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="core_notif_inbox_idx"),
            models.Index(
                fields=["recipient"], condition=models.Q(read_at__isnull=True), name="core_notif_unread_idx"
            ),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.subject


class NotificationPreference(models.Model):
    """The channels a user wants besides the inbox (no row: the defaults in core.notifications)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    email = models.BooleanField(_("by e-mail"), default=True)
    webhook = models.BooleanField(_("by the district's message gateway"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"preferences of {self.user_id}"


class WebhookEndpoint(models.Model):
    """A district's outbound webhook (a WeCom / 政务微信 or SMS gateway): signed JSON POSTs."""

    district = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500, validators=[URLValidator(schemes=["http", "https"])])
    secret = EncryptedTextField(_("signing secret"))  # encrypted at rest like personal numbers (ADR 0008)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["district", "name", "id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """One notification on one outbound channel (an e-mail, or a POST to one endpoint) and its state."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        WEBHOOK = "webhook", _("webhook")

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("delivery state", "waiting")
        SENDING = "sending", pgettext_lazy("delivery state", "sending")
        DELIVERED = "delivered", pgettext_lazy("delivery state", "delivered")
        FAILED = "failed", pgettext_lazy("delivery state", "given up")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("notification")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("webhook endpoint"),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="core_delivery_due_idx")]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.channel} #{self.notification_id}: {self.state}"


class DeliveryAttempt(models.Model):
    """One try of a delivery: when, how long, and what came back (never the message or the address)."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempt_log", verbose_name=_("delivery")
    )
    at = models.DateTimeField(_("time"))
    ok = models.BooleanField(_("succeeded"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        return f"{self.delivery_id} at {self.at:%Y-%m-%d %H:%M:%S}: {'ok' if self.ok else self.error}"


# --- daily jobs (core.jobs) ------------------------------------------------------------------------------------


class JobRun(models.Model):
    """One daily job on one day: at most one row, so a second run on the same day is skipped."""

    class State(models.TextChoices):
        RUNNING = "running", pgettext_lazy("job run state", "running")
        OK = "ok", pgettext_lazy("job run state", "done")
        FAILED = "failed", pgettext_lazy("job run state", "failed")

    name = models.CharField(_("job"), max_length=100)
    day = models.DateField(_("day"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices)
    tries = models.PositiveSmallIntegerField(_("tries"), default=1)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-day", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="core_jobrun_once_per_day")]
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")

    def __str__(self) -> str:
        return f"{self.name} {self.day}: {self.state}"
