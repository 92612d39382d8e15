"""Text that no field may hold: NUL and lone UTF-16 surrogates, refused at the door with 400.

Both are valid in a Python string but not in the database (PostgreSQL refuses NUL, no driver can encode a lone
surrogate), so every view would have to guard each lookup. Instead one middleware looks at every query
parameter, form field (names too), uploaded file name, path and JSON string before any view runs, and answers:

- on the API, ``400 {"detail": [{"field": …, "message": …}]}`` (the shape of every other 400);
- in the UI, a 400 page in the user's language that lists each refused field (by its form name) with the
  reason and leads back to the form (the browser keeps what was typed).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .middleware import is_api

# A NUL, or a surrogate code point not part of a pair (Python keeps those from JSON "\ud800" escapes).
BAD_TEXT = re.compile(r"[\x00\ud800-\udfff]")
JSON_TYPES = ("application/json",)


def bad_text_message(value: str) -> str | None:
    """Why ``value`` cannot be accepted (in the active language), or None when it is fine."""
    match = BAD_TEXT.search(value)
    if match is None:
        return None
    if match.group() == "\x00":
        return _("Contains a null character, which is not allowed.")
    return _("Contains an invalid character (a broken Unicode surrogate).")


def _walk_json(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            yield child, str(key)
            yield from _walk_json(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_json(item, f"{path}.{index}" if path else str(index))


def _texts(request: HttpRequest) -> Iterator[tuple[str | None, str]]:
    """(field name, text) of everything the client sent that a view might read."""
    yield None, request.path
    for key, values in request.GET.lists():
        yield key, key
        for value in values:
            yield key, value
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    content_type = request.content_type or ""
    if content_type in JSON_TYPES:
        try:
            data = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            return  # malformed JSON is the API's own 400
        yield from _walk_json(data, "")
        return
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for key, values in request.POST.lists():
            yield key, key
            for value in values:
                yield key, value
        for key, files in request.FILES.lists():
            for upload in files:
                yield key, upload.name or ""


def find_bad_input(request: HttpRequest) -> list[dict[str, str | None]]:
    """One ``{"field", "message"}`` per field holding text that cannot be accepted (first problem each)."""
    errors: dict[str | None, str] = {}
    for field, text in _texts(request):
        if field in errors:
            continue
        message = bad_text_message(text)
        if message is not None:
            errors[field] = message
    return [{"field": field, "message": message} for field, message in errors.items()]


class InputGuardMiddleware:
    """Refuse requests carrying NUL or lone surrogates in any text, before a view or a query sees them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        errors = find_bad_input(request)
        if not errors:
            return self.get_response(request)
        if is_api(request):
            return JsonResponse({"detail": errors}, status=400)
        referer = request.META.get("HTTP_REFERER", "")
        back = referer if url_has_allowed_host_and_scheme(referer, {request.get_host()}) else ""
        return render(request, "core/bad_input.html", {"errors": errors, "back": back}, status=400)
