"""The API object, error handling and the token endpoint. Feature routers are added in urls.py."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from minorworks.accounts.tokens import issue_token
from minorworks.core.access import AccessDenied, public

from .auth import bearer

api = NinjaAPI(
    title="minorworks API",
    version="1",
    description="限额以下工程施工安全管理平台 JSON API. Authenticate with `POST /api/v1/auth/token`, then send "
    "`Authorization: Bearer <token>`. Every list is scoped to what the token's user may see.",
    auth=bearer,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def _detail(request: HttpRequest, detail, status: int):
    return api.create_response(request, {"detail": detail}, status=status)


def _field_name(loc) -> str | None:
    """The client's name for a field: ("body", "payload", "reason") → "reason"; ("query", "x") → "x"."""
    parts = [str(p) for p in loc]
    skip = 2 if parts[:1] == ["body"] and len(parts) > 2 else 1  # body fields are nested under the schema
    return ".".join(parts[skip:]) or None


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    errors = [{"field": _field_name(err.get("loc", [])), "message": err.get("msg", "")} for err in exc.errors]
    return _detail(request, errors, 400)


@api.exception_handler(ValidationError)
def on_django_validation_error(request, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        errors: list[dict[str, str | None]] = [
            {"field": field, "message": str(msg)} for field, msgs in exc.message_dict.items() for msg in msgs
        ]
    else:
        errors = [{"field": None, "message": str(msg)} for msg in exc.messages]
    return _detail(request, errors, 400)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return _detail(request, _("Authentication required."), 401)


@api.exception_handler(AccessDenied)
def on_access_denied(request, exc):
    return _detail(request, _("You may not do this."), 403)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return _detail(request, str(exc) or _("You may not do this."), 403)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _detail(request, _("Not found."), 404)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return _detail(request, exc.message, exc.status_code)


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


class Detail(Schema):
    detail: str


@api.post("/auth/token", auth=None, response={200: TokenOut, 401: Detail}, tags=["auth"])
@public
def create_token(request, payload: TokenIn):
    """Exchange a username and password for a bearer token (failures count towards lock-out)."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None or not user.is_active:
        return Status(401, {"detail": _("Wrong username or password, or the account is locked.")})
    return Status(200, {"token": issue_token(user)})
