"""Which projects a user may see: the core jurisdiction rule applied to the registry's models.

The rule itself lives in :mod:`minorworks.core.jurisdiction`; the models declare their ``scope_paths``. These
names stay as the registry's vocabulary (lists, details, exports and the API call them).
"""

from __future__ import annotations

from django.db.models import QuerySet

from minorworks.core.jurisdiction import get_scoped, scoped

from .models import Project


def visible_projects(user) -> QuerySet[Project]:
    """The projects ``user`` may see."""
    return scoped(Project, user)


def get_project_for(user, pk: int) -> Project:
    """The project with ``pk`` if ``user`` may see it; 404 otherwise (never reveals existence)."""
    return get_scoped(
        Project.objects.select_related(
            "project_type", "street", "community", "district", "builder", "contractor", "site_manager"
        ),
        user,
        pk,
    )
