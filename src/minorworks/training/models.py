"""Safety trainings and their attendance (name, unit, phone), optionally with a short quiz."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minorworks.core import validators as v
from minorworks.core.crypto import BlindIndexField, EncryptedTextField
from minorworks.core.jurisdiction import ScopePaths

from .signin import new_code


class Host(models.TextChoices):
    DISTRICT = "district", _("The district")
    DEPARTMENT = "department", _("A department")
    STREET = "street", _("A street")
    BUILDER = "builder", _("A builder or contractor")


class Training(models.Model):
    """One training session: who holds it, topic, time, place, trainer, audience; a quiz is optional."""

    # The district sees all its trainings, a street officer those held in the street (street set), a
    # department those it holds, a builder those it holds; a district-wide training (street blank) is not
    # listed to street officers (its attendance still counts for every project's workers).
    scope_paths = ScopePaths(
        street="street", community=None, owners=("host_enterprise",), departments="host_department"
    )

    host = models.CharField(_("held by"), max_length=12, choices=Host.choices, default=Host.DISTRICT)
    district = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey(
        "orgs.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    host_department = models.ForeignKey(
        "orgs.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    host_enterprise = models.ForeignKey(
        "orgs.Enterprise", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=v.ADDRESS_MAX)
    trainer = models.CharField(_("trainer"), max_length=v.PERSON_NAME_MAX)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    quiz = models.JSONField(
        _("quiz"), default=list, blank=True, help_text=_("Questions: text, options and the right option.")
    )
    pass_mark = models.PositiveSmallIntegerField(_("correct answers needed"), default=0)
    signin_code = models.CharField(max_length=32, unique=True, default=new_code, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["district", "-starts_at"], name="training_district_time")]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.topic


class Source(models.TextChoices):
    QR = "qr", _("Signed in by QR code")
    STAFF = "staff", _("Registered by staff")


class Attendance(models.Model):
    """One attendee of one training; counts as effective when the training has no quiz or it was passed."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendances")
    name = models.CharField(_("name"), max_length=v.PERSON_NAME_MAX)
    unit = models.CharField(_("unit"), max_length=v.UNIT_NAME_MAX)
    phone = EncryptedTextField(_("phone"), max_length=v.PHONE_MAX)
    phone_hash = BlindIndexField(source="phone")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.QR)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    effective = models.BooleanField(_("effective"), default=True, db_index=True)
    registered_at = models.DateTimeField(default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["training", "phone_hash"], name="training_attendance_once")
        ]
        indexes = [models.Index(fields=["phone_hash", "effective"], name="attendance_phone_effective")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")

    def __str__(self) -> str:
        return f"#{self.pk}"
