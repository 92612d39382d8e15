"""`{% project_documents project request as docs %}`: which document links a project page shows."""

from __future__ import annotations

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse

from minorworks.documents.facts import is_post_acceptance
from minorworks.documents.services import public_url

register = template.Library()


@register.simple_tag
def project_documents(project, request) -> dict:
    """Download and public-page links for one project (at most one query: its notice)."""
    if not is_post_acceptance(project):
        return {"available": False}
    try:
        notice = project.notice  # uses the cache when the page select_related it
    except ObjectDoesNotExist:
        notice = None
    return {
        "available": True,
        "notice": notice,
        "notice_docx": reverse("documents:notice_docx", args=[project.pk]) if notice else "",
        "notice_pdf": reverse("documents:notice_pdf", args=[project.pk]) if notice else "",
        "board_pdf": reverse("documents:board_pdf", args=[project.pk]),
        "board_docx": reverse("documents:board_docx", args=[project.pk]),
        "public_path": reverse("documents:public", args=[project.public_id]),
        "public_url": public_url(project, request),
    }
