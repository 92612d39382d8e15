"""Organisation as data: regions, departments and sectors, enterprises, people and their papers."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minorworks.core.crypto import BlindIndexField, EncryptedTextField
from minorworks.core.validators import ID_NUMBER_MAX, PHONE_MAX

from .certificates import CertificateKind


class RegionQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None) -> RegionQuerySet:
        """The regions not retired on ``on`` (today by default): what choice lists and forms offer."""
        on = on or timezone.localdate()
        return self.filter(Q(retired_on__isnull=True) | Q(retired_on__gt=on))


class Region(models.Model):
    """A node of the region tree city → district → street → community.

    Regions come from official data (``source``, ``as_of``). One that the official data no longer lists is
    retired (``retired_on``), never deleted: old records keep pointing at it and show its name, while choice
    lists and forms offer only :meth:`RegionQuerySet.current` regions.
    """

    class Level(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District")
        STREET = "street", _("Street")
        COMMUNITY = "community", _("Community")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=96, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    sort = models.PositiveIntegerField(_("order"), default=0)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("The official data this region is taken from.")
    )
    as_of = models.DateField(_("as of"), null=True, blank=True, help_text=_("The date the source describes."))
    retired_on = models.DateField(
        _("retired on"),
        null=True,
        blank=True,
        help_text=_("From this date the region is no longer official: kept for old records, not offered."),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["level", "sort", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def is_retired(self, on: dt.date | None = None) -> bool:
        """True when the region is no longer official on ``on`` (today by default)."""
        return self.retired_on is not None and self.retired_on <= (on or timezone.localdate())

    def district(self) -> Region | None:
        """The district this region lies in (itself for a district)."""
        node: Region | None = self
        while node is not None and node.level not in (self.Level.DISTRICT, self.Level.CITY):
            node = node.parent
        return node if node is not None and node.level == self.Level.DISTRICT else None


class Sector(models.Model):
    """A field of supervision (行业), e.g. greening or power; project types belong to one."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=96, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name


class EnterpriseCategory(models.TextChoices):
    """What kind of unit an enterprise is, where a department supervises the projects of such units."""

    DISTRICT_SOE = "district_soe", _("State-owned enterprise of the district")
    MEDICAL = "medical", _("Medical institution")
    SCHOOL = "school", _("School or kindergarten")


class Department(models.Model):
    """A district department (区住建委, 区应急局 …): the sectors and the kinds of unit whose projects it sees."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(
        _("name"), max_length=64, help_text=_("The full name, as documents must write it.")
    )
    short_name = models.CharField(_("short name"), max_length=32, blank=True)
    name_en = models.CharField(_("English name"), max_length=96, blank=True)
    district = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departments", verbose_name=_("district")
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="departments", verbose_name=_("sectors")
    )
    oversees_all = models.BooleanField(
        _("oversees every sector"),
        default=False,
        help_text=_(
            "Comprehensive supervisors (e.g. the emergency bureau) see every project in the district."
        ),
    )
    enterprise_categories = models.JSONField(
        _("categories of units"),
        default=list,
        blank=True,
        help_text=_(
            "The department also sees the projects built by units of these categories, or hosted by them "
            "(e.g. the health commission: medical institutions)."
        ),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    as_of = models.DateField(_("as of"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class EnterpriseKind(models.TextChoices):
    BUILDER = "builder", _("Builder (client)")
    CONTRACTOR = "contractor", _("Contractor")
    DESIGNER = "designer", _("Designer")
    SUPERVISOR = "supervisor", _("Supervisor")
    PROPERTY = "property", _("Property company")
    STATE_OPERATOR = "state_operator", _("State-owned operator")


class Enterprise(models.Model):
    """A unit taking part in works: builder, contractor, designer, supervisor, property company …"""

    name = models.CharField(_("name"), max_length=128)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True, db_index=True)
    is_individual = models.BooleanField(_("individual"), default=False)
    kinds = models.JSONField(_("kinds"), default=list, help_text=_("Any of the enterprise kinds."))
    legal_representative = models.CharField(_("legal representative"), max_length=64, blank=True)
    contact_name = models.CharField(_("contact"), max_length=64, blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), max_length=PHONE_MAX, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    district = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    category = models.CharField(
        _("category"),
        max_length=16,
        choices=EnterpriseCategory.choices,
        blank=True,
        db_index=True,
        help_text=_(
            "Set by the district: the departments that supervise units of this category see its projects."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self) -> str:
        return self.name


class Qualification(models.Model):
    """A qualification certificate or safety production licence held by an enterprise."""

    class Kind(models.TextChoices):
        QUALIFICATION = "qualification", _("Qualification certificate")
        SAFETY_LICENCE = "safety_licence", _("Safety production licence")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="qualifications", verbose_name=_("enterprise")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=64)
    grade = models.CharField(_("grade"), max_length=64, blank=True)
    issuer = models.CharField(_("issuer"), max_length=128, blank=True)
    expires_on = models.DateField(_("expires on"))

    class Meta:
        ordering = ["enterprise", "kind"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def valid_through(self, day: dt.date) -> bool:
        """True when the qualification is still valid on ``day``."""
        return self.expires_on >= day


class Person(models.Model):
    """A person on site (site manager, worker). Identity number and phone are personal data."""

    name = models.CharField(_("name"), max_length=64)
    # Personal numbers: encrypted at rest, found through their keyed hashes (core.crypto, ADR 0008).
    id_number = EncryptedTextField(_("identity number"), max_length=ID_NUMBER_MAX, blank=True)
    id_number_hash = BlindIndexField(source="id_number")
    phone = EncryptedTextField(_("phone"), max_length=PHONE_MAX, blank=True)
    phone_hash = BlindIndexField(source="phone")
    enterprise = models.ForeignKey(
        Enterprise,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        verbose_name=_("enterprise"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    """A special-operation certificate (特种作业操作证) or a training record held by a person.

    The kinds, and which operation needs which, are :mod:`minorworks.orgs.certificates`.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=CertificateKind.choices)
    number = models.CharField(_("number"), max_length=64)
    expires_on = models.DateField(_("expires on"))

    class Meta:
        ordering = ["person", "kind"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
