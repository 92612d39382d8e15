"""What a locked-out sign-in gets: JSON 429 on the API, the lock-out page in the UI (django-axes hook)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from minorworks.core.middleware import is_api


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The answer to a sign-in while locked out (``AXES_LOCKOUT_CALLABLE``); 429 with Retry-After."""
    seconds = int(float(settings.AXES_COOLOFF_TIME) * 3600)
    if is_api(request):
        message = _("Too many failed sign-in attempts: try again in %(minutes)s minutes.") % {
            "minutes": seconds // 60
        }
        response: HttpResponse = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
    response["Retry-After"] = str(seconds)
    return response
