"""Document downloads (notice .docx/.pdf, site board PDF) and the public project page behind the QR code."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from minorworks.core.access import allow_authenticated, public

from . import facts, services


@allow_authenticated()
@require_GET
def notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's safety notice as .docx (404 outside scope or before acceptance)."""
    return services.notice_response(request.user, pk, "docx")


@allow_authenticated()
@require_GET
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's safety notice as PDF (404 outside scope or before acceptance)."""
    return services.notice_response(request.user, pk, "pdf")


@allow_authenticated()
@require_GET
def board_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's printable site board with the QR code of its public page."""
    return services.board_response(request.user, pk, request, "pdf")


@allow_authenticated()
@require_GET
def board_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's site board as .docx, for offices that adapt it before printing."""
    return services.board_response(request.user, pk, request, "docx")


@public
@require_GET
def public_project(request: HttpRequest, public_id: str) -> HttpResponse:
    """What a resident sees after scanning the board: public facts only, and how to report a problem."""
    project = services.public_project(public_id)
    contact_name, contact_phone = facts.public_contact(project)
    context = {
        "project": project,
        "office": facts.office_name(project),
        "builder": facts.public_party(project.builder),
        "contractor": facts.public_party(project.contractor) if project.contractor_id else "",
        "contact_name": contact_name,
        "contact_phone": contact_phone,
        "overdue": project.is_overdue(),
    }
    response = render(request, "notices/public_project.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
