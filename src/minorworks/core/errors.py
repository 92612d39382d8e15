"""Error pages (400, 403, 404, 500, CSRF failure) in the user's language, inside the page shell, with a way back.

Under /api/ the same errors are JSON ``{"detail": …}``, like the API's own. The 500 page is rendered without the
request's context processors: when the database is down they would fail again (the session, the user, the
navigation all need it), so it shows only what needs nothing but the active language.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
TEMPLATE = "errors/error.html"


def _texts(status: int) -> tuple[str, str]:
    """(title, message) of an error status."""
    if status == 400:
        return _("The request could not be understood"), _(
            "Check the address, or go back, reload the page and try again."
        )
    if status == 403:
        return _("You may not open this page"), _(
            "Your role does not include this page. If your work needs it, ask the district administrator."
        )
    if status == 404:
        return _("Page not found"), _(
            "The page does not exist, or the record is not in your area. Check the address or start again from the menu."
        )
    return _("Something went wrong on our side"), _(
        "The error has been logged. Please try again in a moment; what you saved before is kept."
    )


ICONS = {400: "question-circle", 403: "shield-lock", 404: "signpost-split", 500: "exclamation-octagon"}


def _context(status: int, title: str, message: str, **extra: Any) -> dict[str, Any]:
    return {
        "status": status,
        "title": title,
        "message": message,
        "icon": ICONS.get(status, "x-circle"),
        **extra,
    }


def _respond(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": message}, status=status)
    return render(request, TEMPLATE, _context(status, title, message), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: a request the server cannot read."""
    return _respond(request, 400, *_texts(400))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: a signed-in user whose role is not admitted (the reason is not shown: it may name internals)."""
    return _respond(request, 403, *_texts(403))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: no such page, or a record outside the user's scope (the two look the same on purpose)."""
    return _respond(request, 404, *_texts(404))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 from the CSRF check: usually a form left open past the session, or the cookie was blocked."""
    title = _("The form could not be sent")
    message = _(
        "The page was open too long or cookies are blocked. Go back, reload the page and send the form again."
    )
    return _respond(request, 403, title, message)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: rendered without a database, a session or a user (only the active language is used)."""
    title, message = _texts(500)
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": message}, status=500)
    html = loader.get_template(TEMPLATE).render(_context(500, title, message, bare=True))
    return HttpResponse(html, status=500)
