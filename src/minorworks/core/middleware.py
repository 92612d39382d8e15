"""Request context for the audit log (who acted, through which channel, from where), the client's address
behind trusted proxies, and the caching rule for personal pages."""

from __future__ import annotations

import contextvars
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

API_PREFIX = "/api/"


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


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, unless that is a trusted proxy (``TRUSTED_PROXIES``).

    Behind trusted proxies the ``X-Forwarded-For`` chain is read from the right, skipping trusted hops; the
    first untrusted address is the client (nginx's ``real_ip_recursive``). A client that connects directly
    cannot forge its address: its header is ignored. django-axes is configured to use this same function
    (``AXES_CLIENT_IP_CALLABLE``), so lock-outs and the audit log always agree. django-ipware is not used:
    its trusted-proxy list is matched against hops inside the header, never against the socket peer, so
    it would believe a forged header from a client that reaches the app server directly.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not trusted or remote is None:
        return remote

    def is_trusted(address) -> bool:
        return any(address in network for network in trusted if address.version == network.version)

    peer = _address(remote)
    if peer is None or not is_trusted(peer):
        return remote
    chain = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    client = str(peer)
    for hop in reversed(chain):
        address = _address(hop)
        if address is None:
            break  # garbage in the header: keep the last address we could trust
        client = str(address)
        if not is_trusted(address):
            break
    return client


def is_api(request: HttpRequest) -> bool:
    """True for requests to the JSON API."""
    return request.path.startswith(API_PREFIX)


class RequestContextMiddleware:
    """Remember the channel (UI or API) and client address for the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if is_api(request) else "ui"
        token = _current.set(RequestMeta(channel=channel, ip=client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every API response and every page served to a signed-in user.

    Pages and API answers name people, phones and projects; neither the browser's cache nor a proxy may keep
    them. Static files never get here (whitenoise answers them earlier, with long-lived caching).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if is_api(request) or getattr(user, "is_authenticated", False):
            patch_cache_control(response, no_store=True)
        return response
