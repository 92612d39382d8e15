"""Small filters for project pages: ``{{ project.status|status_style }}`` gives the badge colour."""

from __future__ import annotations

from django import template

from ..models import STATUS_STYLE

register = template.Library()


@register.filter
def status_style(status: str) -> str:
    """The Bootstrap colour of a status badge (models.STATUS_STYLE; secondary when unknown)."""
    return STATUS_STYLE.get(status, "secondary")
