"""The roles of the platform and the personas tests use."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    DEPARTMENT_OFFICER = "department_officer", _("Department officer")
    STREET_OFFICER = "street_officer", _("Street officer")
    GRID_WORKER = "grid_worker", _("Community grid worker")
    BUILDER = "builder", _("Builder / contractor")


STAFF_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.DEPARTMENT_OFFICER, Role.STREET_OFFICER, Role.GRID_WORKER})
ALL_ROLES = frozenset(Role)
