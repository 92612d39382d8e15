"""Request context for the audit log (who acted, through which channel, from where)."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class RequestMeta:
    channel: str  # "ui", "api", "cli", "system"
    ip: str | None = None


_current: contextvars.ContextVar[RequestMeta | None] = contextvars.ContextVar(
    "minorworks_request", default=None
)


def current_meta() -> RequestMeta:
    """The channel and client address of the request being served (``cli`` outside requests)."""
    return _current.get() or RequestMeta(channel="cli")


def client_ip(request: HttpRequest) -> str | None:
    """The client address as seen by the app server (REMOTE_ADDR; proxies are configured upstream)."""
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    """Remember the channel (UI or API) and client address for the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "ui"
        token = _current.set(RequestMeta(channel=channel, ip=client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
