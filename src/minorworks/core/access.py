"""Deny-by-default access rules.

Every view (UI and API) declares who may use it with :func:`allow` or :func:`public`. The decorator both
records the rule on the function (so tests can walk every URL) and enforces it. The middleware refuses any
UI view that carries no rule, so forgetting a declaration fails closed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .roles import ALL_ROLES, Role

ACCESS_ATTR = "access_rule"


@dataclass(frozen=True)
class AccessRule:
    """Who may call a view: the public, or authenticated users holding one of ``roles``."""

    roles: frozenset[str]
    public: bool = False

    def admits(self, user: Any) -> bool:
        """True when ``user`` (possibly anonymous) may call the view."""
        if self.public:
            return True
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        return user.role in self.roles


class AccessDenied(Exception):
    """Raised by API views for an authenticated user whose role is not admitted (403)."""


def _declare(rule: AccessRule, view: Callable[..., Any], *, api: bool) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        user = getattr(request, "auth", None) if api else None
        if user is None:
            user = request.user
        if not rule.admits(user):
            if api:
                raise AccessDenied
            if not getattr(user, "is_authenticated", False):
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            raise PermissionDenied
        return view(request, *args, **kwargs)

    setattr(wrapped, ACCESS_ATTR, rule)
    return wrapped


def allow(
    *roles: str | Iterable[str], api: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare (and enforce) that only users with one of ``roles`` may call the view."""
    flat: set[str] = set()
    for role in roles:
        flat.update([role] if isinstance(role, str) else role)
    unknown = flat - {str(r) for r in Role}
    if unknown or not flat:
        raise ValueError(f"unknown or empty roles: {sorted(unknown)}")
    rule = AccessRule(roles=frozenset(flat))
    return lambda view: _declare(rule, view, api=api)


def allow_authenticated(api: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare that any signed-in user may call the view (rows are still scoped by the view)."""
    return allow(ALL_ROLES, api=api)


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """Declare that anyone, signed in or not, may call the view."""
    setattr(view, ACCESS_ATTR, AccessRule(roles=frozenset(), public=True))
    return view


def rule_of(view: Callable[..., Any]) -> AccessRule | None:
    """The access rule declared on a view function or class-based view, if any."""
    rule = getattr(view, ACCESS_ATTR, None)
    if rule is None and hasattr(view, "view_class"):
        rule = getattr(view.view_class, ACCESS_ATTR, None)
    return rule


class AccessPolicyMiddleware:
    """Refuse every UI view that has not declared an access rule (deny by default)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ):
        if request.path.startswith("/api/"):
            return None  # the API declares and enforces per operation (see minorworks.api)
        if request.path.startswith(settings.STATIC_URL):
            return None
        if rule_of(view_func) is None:
            raise PermissionDenied("view declares no access rule")
        return None
