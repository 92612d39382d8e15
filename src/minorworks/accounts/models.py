"""Users with one role and the scope that role works in; API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from minorworks.core.crypto import EncryptedTextField
from minorworks.core.roles import Role
from minorworks.core.validators import PHONE_MAX


class User(AbstractUser):
    """A platform user. The role decides what the user does; the scope fields decide which rows."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, db_index=True)
    display_name = models.CharField(_("display name"), max_length=64, blank=True)
    phone = EncryptedTextField(_("phone"), max_length=PHONE_MAX, blank=True)
    district = models.ForeignKey(
        "orgs.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
    )
    street = models.ForeignKey(
        "orgs.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("street"),
    )
    community = models.ForeignKey(
        "orgs.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("community"),
    )
    department = models.ForeignKey(
        "orgs.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("department"),
    )
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("enterprise"),
    )

    REQUIRED_FIELDS = ["email", "role"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def clean(self) -> None:
        needs: dict[str, tuple[str, ...]] = {
            Role.DISTRICT_ADMIN: ("district",),
            Role.DEPARTMENT_OFFICER: ("district", "department"),
            Role.STREET_OFFICER: ("district", "street"),
            Role.GRID_WORKER: ("district", "street", "community"),
            Role.BUILDER: ("enterprise",),
        }
        required = needs.get(self.role, ())
        missing = {
            name: _("Required for this role.") for name in required if getattr(self, f"{name}_id") is None
        }
        if missing:
            raise ValidationError(missing)

    @property
    def scope_label(self) -> str:
        """Where the user works, for the page header."""
        for obj in (self.community, self.street, self.department, self.enterprise, self.district):
            if obj is not None:
                return str(obj)
        return ""


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a SHA-256 digest of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"token of {self.user_id}"

    @staticmethod
    def digest_of(raw: str) -> str:
        """The stored form of a raw token."""
        return hashlib.sha256(raw.encode()).hexdigest()
