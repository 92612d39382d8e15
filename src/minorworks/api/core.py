"""The API object, error handling and the token endpoint. Feature routers are added in urls.py."""

from __future__ import annotations

import functools
import logging

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from minorworks.accounts.tokens import issue_token, revoke_token
from minorworks.core.access import AccessDenied, allow_authenticated, public, rule_of
from minorworks.core.audit import record
from minorworks.core.roles import ALL_ROLES
from minorworks.core.schemas import DetailOut, ErrorsOut

from .auth import bearer
from .errors import message_for

log = logging.getLogger(__name__)

# Operation ids are ninja's default (module and function name), except for routers that moved to another
# module: they keep the ids they were published under, so the OpenAPI document and the clients generated from
# it stay as they were (ADR 0010).
PUBLISHED_MODULE = {
    "minorworks.registration.api": "minorworks.projects.api_registration",
    "minorworks.review.api": "minorworks.projects.api_workflow",
}


def _undeclared(view):
    """Stand-in for an operation that declares no access rule: refuses everyone (deny by default)."""

    @functools.wraps(view)
    def refuse(request, *args, **kwargs):
        log.error("API operation %s declares no access rule: refused", view.__qualname__)
        raise PermissionDenied(_("You may not do this."))

    return refuse


class GuardedNinjaAPI(NinjaAPI):
    """A NinjaAPI whose operations without an access rule (``@allow``/``@public``) refuse every call.

    The UI has the same rule in ``AccessPolicyMiddleware``; here it is applied once, when the URLs are built
    (after every router is added), on the operations that actually serve requests.
    """

    def _get_urls(self):  # ninja's hook where the bound operations are final
        for bound in self._get_bound_routers():
            for path, path_view in bound.path_operations.items():
                for operation in path_view.operations:
                    rule = rule_of(operation.view_func)
                    if rule is None:
                        operation.view_func = _undeclared(operation.view_func)
                    declare_errors(operation, path, rule)
        return super()._get_urls()

    def get_openapi_operation_id(self, operation) -> str:
        module = operation.view_func.__module__
        return f"{PUBLISHED_MODULE.get(module, module)}_{operation.view_func.__name__}".replace(".", "_")


def declare_errors(operation, path: str, rule) -> None:
    """Add to an operation's documented answers the errors that our handlers give it (kept if declared):
    400 when it takes input, 401 when it needs a token, 403 when only some roles may call it, 404 when it
    names a record in its path."""
    sources = {model.__ninja_param_source__ for model in operation.models}
    wanted: dict[int, type] = {}
    if sources - {"path"}:
        wanted[400] = ErrorsOut
    if operation.auth_callbacks:
        wanted[401] = DetailOut
    if rule is None or (not rule.public and rule.roles != ALL_ROLES):
        wanted[403] = DetailOut
    if "{" in path:
        wanted[404] = DetailOut
    for status, schema in wanted.items():
        if status not in operation.response_models:
            operation.response_models[status] = operation._create_response_model(schema)


api = GuardedNinjaAPI(
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
    errors = [{"field": _field_name(err.get("loc", [])), "message": message_for(err)} for err in exc.errors]
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


@api.exception_handler(Exception)
def on_unexpected_error(request, exc: Exception):
    """Anything else is our fault: log it with the traceback, answer JSON 500 without details."""
    log.exception("API error on %s %s", request.method, request.path)
    return _detail(request, _("Something went wrong on our side. Please try again later."), 500)


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


@api.post("/auth/token", auth=None, response={200: TokenOut, 401: DetailOut, 429: DetailOut}, tags=["auth"])
@public
def create_token(request, payload: TokenIn):
    """Exchange a username and password for a bearer token. Failures count towards the lock-out (429 with
    ``Retry-After`` once locked); a success resets the count."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None or not user.is_active:
        return Status(401, {"detail": _("Wrong username or password, or the account is locked.")})
    token = issue_token(user)
    # As a page sign-in does: resets the failure count (django-axes), notes last_login, writes the audit row.
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return Status(200, {"token": token})


@api.delete("/auth/token", response={204: None}, tags=["auth"])
@allow_authenticated(api=True)
def delete_token(request):
    """Revoke the token this request was made with (an API client's sign-out)."""
    revoke_token(request.api_token)
    record(actor=request.auth, action="auth.token_revoked", obj=request.auth)
    return Status(204, None)
