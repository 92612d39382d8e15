"""Fetching what a document needs (scoped, 404 outside scope or before acceptance) and answering with files.

The UI views and the API endpoints call the same functions here. The files come from the documents
engine's store: rendered once, then served as stored until the facts they show change. Storing a rendering
changes no fact, so nothing is written to the audit log.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from minorworks.core.documents.store import CONTENT_TYPES, Format, stored_bytes
from minorworks.core.downloads import bytes_download
from minorworks.notices.lifecycle import NOTICE
from minorworks.notices.models import Notice
from minorworks.projects.models import Project
from minorworks.projects.scoping import get_project_for

from .content import SITE_BOARD, board_content, notice_content
from .facts import POST_ACCEPTANCE, is_post_acceptance

DOCX = CONTENT_TYPES["docx"]
PDF = CONTENT_TYPES["pdf"]

PUBLIC_RELATED = ("project_type", "street", "community", "district", "builder", "contractor", "site_manager")


def notice_of(project: Project) -> Notice | None:
    """The project's notice with who acknowledged it and the signed scan, or None."""
    return (
        Notice.objects.select_related("issued_by", "builder_ack_by", "contractor_ack_by", "signed_scan")
        .filter(project=project)
        .first()
    )


def accepted_project_for(user, pk: int) -> Project:
    """The project if ``user`` may see it and it has been accepted (or is later); 404 otherwise."""
    project = get_project_for(user, pk)
    if not is_post_acceptance(project):
        raise Http404
    return project


def notice_for(user, pk: int) -> tuple[Project, Notice]:
    """The project and its notice; 404 outside the user's scope or when no notice has been issued."""
    project = accepted_project_for(user, pk)
    notice = notice_of(project)
    if notice is None:
        raise Http404
    return project, notice


def public_project(public_id: str) -> Project:
    """The project behind a public identifier, only once accepted; 404 for drafts, returned and refused."""
    project = (
        Project.objects.select_related(*PUBLIC_RELATED)
        .filter(public_id=public_id, status__in=POST_ACCEPTANCE)
        .first()
    )
    if project is None:
        raise Http404
    return project


def public_url(project: Project, request: HttpRequest) -> str:
    """The absolute URL of the project's public page (PUBLIC_BASE_URL when set, else the request's host)."""
    path = reverse("notices:public", args=[project.public_id])
    base = (getattr(settings, "PUBLIC_BASE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def notice_response(user, pk: int, fmt: Format) -> HttpResponse:
    """The notice of project ``pk`` as a download in ``fmt`` (the stored version showing the current facts)."""
    project, notice = notice_for(user, pk)
    _, content = stored_bytes(
        NOTICE,
        notice,
        notice_content(project, notice),
        fmt,
        number=notice.number,
        issued_at=notice.issued_at,
        issued_by=notice.issued_by,
    )
    return bytes_download(content, f"告知书_{notice.number}.{fmt}", CONTENT_TYPES[fmt])


def board_response(user, pk: int, request: HttpRequest, fmt: Format) -> HttpResponse:
    """The site board of project ``pk`` in ``fmt``, its QR code opening the public page."""
    project = accepted_project_for(user, pk)
    content = board_content(project, notice_of(project), public_url(project, request))
    _, data = stored_bytes(SITE_BOARD, project, content, fmt)
    return bytes_download(data, f"公示牌_{project.number}.{fmt}", CONTENT_TYPES[fmt])
