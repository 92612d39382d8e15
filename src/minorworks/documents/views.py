"""Document downloads (notice .docx/.pdf, site board PDF) and the public project page behind the QR code."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from minorworks.core.access import allow_authenticated, public
from minorworks.core.masking import mask_phone

from . import facts, services


@allow_authenticated()
@require_GET
def notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's safety notice as .docx (404 outside scope or before acceptance)."""
    return services.notice_docx_response(request.user, pk)


@allow_authenticated()
@require_GET
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's safety notice as PDF (404 outside scope or before acceptance)."""
    return services.notice_pdf_response(request.user, pk)


@allow_authenticated()
@require_GET
def board_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's printable site board with the QR code of its public page."""
    return services.board_pdf_response(request.user, pk, request)


@public
@require_GET
def public_project(request: HttpRequest, public_id: str) -> HttpResponse:
    """What a resident sees after scanning the board: public facts only, and how to report a problem."""
    project = services.public_project(public_id)
    manager = project.site_manager
    context = {
        "project": project,
        "office": facts.office_name(project),
        "manager_name": facts.masked_name(manager.name) if manager else "",
        "manager_phone": mask_phone(manager.phone) if manager else "",
        "overdue": project.is_overdue(),
    }
    response = render(request, "documents/public_project.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
