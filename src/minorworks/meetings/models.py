"""The joint meeting (联席会议): its members as data, its meetings, attendance, minutes and action items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minorworks.core import validators as v
from minorworks.core.crypto import BlindIndexField, EncryptedTextField
from minorworks.core.jurisdiction import ScopePaths
from minorworks.training.signin import new_code

# Joint meetings are district-wide: the district sees them, every street of the district sees them (the
# district's children), a department sees those it is a member of.
DISTRICT_WIDE = ScopePaths(
    district="district",
    street="district__children",
    community="district__children__children",
    departments="members__department",
)


class MemberKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    STREET = "street", _("Street")
    STATE_OWNED = "state_owned", _("State-owned operator")


class Member(models.Model):
    """A member unit of the district's joint meeting."""

    district = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=MemberKind.choices)
    name = models.CharField(_("name"), max_length=v.UNIT_NAME_MAX)
    department = models.ForeignKey(
        "orgs.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    street = models.ForeignKey(
        "orgs.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField(_("active"), default=True)
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["district", "sort", "pk"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="meeting_member_once")]
        verbose_name = _("joint meeting member")

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    """One meeting: when, where, agenda, who signed in, its minutes (a numbered 会议纪要)."""

    scope_paths = DISTRICT_WIDE

    district = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=v.ADDRESS_MAX)
    convenor = models.CharField(_("convenor"), max_length=v.UNIT_NAME_MAX, default="区住房和城乡建设委员会")
    agenda = models.TextField(_("agenda"), max_length=v.CONTENT_MAX)
    members = models.ManyToManyField(
        Member, blank=True, related_name="meetings", verbose_name=_("members invited")
    )
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    minutes_number = models.CharField(_("minutes number"), max_length=40, blank=True)
    minutes_issued_at = models.DateTimeField(_("minutes issued"), null=True, blank=True)
    signin_code = models.CharField(max_length=32, unique=True, default=new_code, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")

    def __str__(self) -> str:
        return self.title


class MeetingAttendance(models.Model):
    """Who signed in at a meeting (name, unit, phone: the phone is personal data)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    name = models.CharField(_("name"), max_length=v.PERSON_NAME_MAX)
    unit = models.CharField(_("unit"), max_length=v.UNIT_NAME_MAX)
    phone = EncryptedTextField(_("phone"), max_length=v.PHONE_MAX)
    phone_hash = BlindIndexField(source="phone")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "phone_hash"], name="meeting_attendance_once")
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class ItemStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action item", "Open")
    DONE = "done", pgettext_lazy("action item", "Done, awaiting verification")
    VERIFIED = "verified", pgettext_lazy("action item", "Verified")


class ActionItem(models.Model):
    """A task decided at a meeting: owner unit, due date, status, evidence; overdue when open past its date."""

    scope_paths = ScopePaths(
        district="meeting__district",
        street="meeting__district__children",
        community="meeting__district__children__children",
        departments="owner__department",
    )

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    task = models.TextField(_("task"), max_length=v.NOTE_MAX)
    owner = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="items", verbose_name=_("owner unit")
    )
    due = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN, db_index=True
    )
    progress = models.TextField(_("progress"), max_length=v.NOTE_MAX, blank=True)
    evidence = models.TextField(_("evidence of completion"), max_length=v.NOTE_MAX, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overdue_notified_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["status", "due"], name="action_item_status_due")]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.task[:40]

    def is_overdue(self, today=None) -> bool:
        """Still open after its due date."""
        return self.status == ItemStatus.OPEN and self.due < (today or timezone.localdate())
