"""What the notice capability shows on a project's page and adds to its API state."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from .facts import is_post_acceptance
from .lifecycle import notice_of
from .services import public_url


def notice_panel(project: Any, request: Any) -> dict[str, Any]:
    """The notice's number, who acknowledged it and when (side column)."""
    return {"notice": notice_of(project)}


def documents_panel(project: Any, request: Any) -> dict[str, Any]:
    """Download and public-page links for one project (the notice comes from the page's cache)."""
    if not is_post_acceptance(project):
        return {"available": False}
    notice = notice_of(project)
    return {
        "available": True,
        "notice": notice,
        "notice_docx": reverse("notices:notice_docx", args=[project.pk]) if notice else "",
        "notice_pdf": reverse("notices:notice_pdf", args=[project.pk]) if notice else "",
        "board_pdf": reverse("notices:board_pdf", args=[project.pk]),
        "board_docx": reverse("notices:board_docx", args=[project.pk]),
        "public_path": reverse("notices:public", args=[project.public_id]),
        "public_url": public_url(project, request),
    }


def notice_state(project: Any, user: Any) -> dict[str, Any] | None:
    """The notice in the project's workflow state (API): number, acknowledgements, whether it counts."""
    notice = notice_of(project)
    if notice is None:
        return None
    return {
        "number": notice.number,
        "issued_at": notice.issued_at,
        "builder_ack_at": notice.builder_ack_at,
        "contractor_ack_at": notice.contractor_ack_at,
        "signed_scan": notice.signed_scan_id is not None,
        "acknowledged": notice.acknowledged,
    }
