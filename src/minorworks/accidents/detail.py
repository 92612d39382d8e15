"""One accident as the page and the API show it (one function, constant queries)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from minorworks.core.jurisdiction import get_scoped, scoped

from .models import Accident

RELATED = ("project__builder", "project__contractor", "street", "district", "lead_department", "reported_by")


def mask_name(name: str) -> str:
    """张* for a casualty's name in lists and documents (the first character kept)."""
    name = (name or "").strip()
    return f"{name[:1]}{'*' * max(1, len(name) - 1)}" if name else ""


def accidents_for(user: Any) -> QuerySet[Accident]:
    """The accidents ``user`` may see, with what a list card shows."""
    return scoped(Accident, user).select_related("project", "street")


def get_accident_for(user: Any, pk: int) -> Accident:
    """The accident ``pk`` in ``user``'s scope (404 otherwise), with its relations, casualties and changes."""
    return get_scoped(
        Accident.objects.select_related(*RELATED).prefetch_related("casualties", "changes"), user, pk
    )
