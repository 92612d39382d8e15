"""API: the notice files and the site board of a project, scoped as the UI (404 outside scope or before
acceptance)."""

from __future__ import annotations

from ninja import Router

from minorworks.core.access import allow_authenticated

from . import services

router = Router(tags=["projects"])


def _binary(content_type: str) -> dict:
    # Documents the file body in the OpenAPI description (ninja has no schema for raw bytes).
    return {
        "responses": {
            200: {
                "description": "The file.",
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            },
            404: {"description": "Outside the caller's scope, or the project is not accepted yet."},
        }
    }


@router.get("/projects/{project_id}/notice.docx", openapi_extra=_binary(services.DOCX))
@allow_authenticated(api=True)
def notice_docx(request, project_id: int):
    """The project's safety notice (告知书) as .docx."""
    return services.notice_response(request.auth, project_id, "docx")


@router.get("/projects/{project_id}/notice.pdf", openapi_extra=_binary(services.PDF))
@allow_authenticated(api=True)
def notice_pdf(request, project_id: int):
    """The project's safety notice (告知书) as PDF with the embedded Noto Serif SC."""
    return services.notice_response(request.auth, project_id, "pdf")


@router.get("/projects/{project_id}/board.pdf", openapi_extra=_binary(services.PDF))
@allow_authenticated(api=True)
def board_pdf(request, project_id: int):
    """The project's site board (公示牌) as an A4 PDF with the QR code of its public page."""
    return services.board_response(request.auth, project_id, request, "pdf")


@router.get("/projects/{project_id}/board.docx", openapi_extra=_binary(services.DOCX))
@allow_authenticated(api=True)
def board_docx(request, project_id: int):
    """The project's site board (公示牌) as .docx."""
    return services.board_response(request.auth, project_id, request, "docx")
