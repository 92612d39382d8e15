"""API routes generated from a workflow's table: one POST endpoint per transition, the same domain call as
the UI.

The request body is described by a schema derived from the transition's input form (types, maximum lengths,
required fields), so the OpenAPI document states what the form enforces. The form itself validates after the
record has been fetched in the caller's scope, so an outsider gets 404 whatever it sends; input errors are
``400 {"detail": [{"field", "message"}]}``; a wrong party 403; a wrong state or a repeated action 409.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Body, File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field, create_model

from .access import allow
from .schemas import DetailOut, ErrorsOut
from .workflow import Blocked, InvalidInput, NotAllowedNow, NotPermitted, Transition, Workflow

_TYPES: list[tuple[type[forms.Field], Any]] = [
    (forms.DateTimeField, dt.datetime),
    (forms.DateField, dt.date),
    (forms.BooleanField, bool),
    (forms.IntegerField, int),
    (forms.DecimalField, Decimal),
    (forms.FloatField, float),
    (forms.MultipleChoiceField, list[str]),
]


def _python_type(form_field: forms.Field) -> Any:
    for field_class, python_type in _TYPES:
        if isinstance(form_field, field_class):
            return python_type
    return str


def _has_file(form_class: type[forms.Form]) -> bool:
    return any(isinstance(f, forms.FileField) for f in form_class.base_fields.values())


def body_schema(name: str, form_class: type[forms.Form]) -> type[Schema] | None:
    """A schema with the form's fields (None for a form without fields or with a file)."""
    fields: dict[str, Any] = {}
    required: list[str] = []
    for field_name, form_field in form_class.base_fields.items():
        if isinstance(form_field, forms.FileField):
            return None
        extra: dict[str, Any] = {"description": str(form_field.label or field_name)}
        max_length = getattr(form_field, "max_length", None)
        if max_length:
            extra["max_length"] = max_length
        if (
            isinstance(form_field, forms.ChoiceField)
            and not isinstance(form_field, forms.MultipleChoiceField | forms.ModelChoiceField)
            and form_field.choices
        ):  # a model choice's options are rows (read per request), not a fixed enumeration
            extra["json_schema_extra"] = {
                "enum": [str(value) for value, _label in form_field.choices if value != ""]
            }
        # Optional for the parser (the form decides, after the scope check); the document says "required".
        fields[field_name] = (_python_type(form_field) | None, Field(None, **extra))
        if form_field.required:
            required.append(field_name)
    if not fields:
        return None

    def mark_required(schema: dict[str, Any]) -> None:
        if required:
            schema["required"] = required

    model = create_model(name, __base__=Schema, **fields)
    model.model_config = ConfigDict(**{**model.model_config, "json_schema_extra": mark_required})
    model.model_rebuild(force=True)
    return model


def _json_fields(request: Any, names: list[str]) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return {k: v for k, v in body.items() if k in names} if isinstance(body, dict) else {}


def _camel(action: str) -> str:
    return "".join(part.capitalize() for part in action.split("_"))


def add_transition_routes(
    router: Router,
    workflow: Workflow,
    *,
    path: str,
    id_param: str,
    get_for: Callable[[Any, int], Any],
    state_of: Callable[[Any, Any], dict[str, Any]],
    responses: dict[int, Any],
    summaries: dict[str, str] | None = None,
    slugs: dict[str, str] | None = None,
) -> None:
    """Add ``POST {path}/{slug}`` for every transition of ``workflow`` to ``router``.

    ``slugs`` renames an action's path segment where an older, published path must stay.
    ``path`` contains ``{id_param}`` (e.g. ``/projects/{project_id}``); ``get_for(user, pk)`` fetches the
    record in the caller's scope (404 outside it); ``state_of(obj, user)`` is the 200 answer.
    """
    for transition in workflow.routed():
        slug = (slugs or {}).get(transition.action, transition.slug)
        _add_route(
            router,
            workflow,
            transition,
            f"{path}/{slug}",
            id_param,
            get_for,
            state_of,
            responses,
            summaries or {},
        )


def _add_route(
    router: Router,
    workflow: Workflow,
    transition: Transition,
    route: str,
    id_param: str,
    get_for: Callable[[Any, int], Any],
    state_of: Callable[[Any, Any], dict[str, Any]],
    responses: dict[int, Any],
    summaries: dict[str, str],
) -> None:
    action = transition.action

    def run(request: Any, pk: int, data: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        user = request.auth
        obj = get_for(user, pk)  # Http404 → 404 outside scope
        form = workflow.bind(action, data, files)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        try:
            obj = workflow.perform(action, obj, actor=user, **form.cleaned_data)
        except NotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        except (InvalidInput, Blocked) as exc:
            if exc.status == 400:
                raise ValidationError(exc.errors or exc.message) from exc
            raise HttpError(exc.status, exc.message) from exc
        except NotAllowedNow as exc:
            raise HttpError(409, exc.message) from exc
        return state_of(obj, user)

    params = [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter(id_param, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=int),
    ]
    form_class = transition.form
    schema = body_schema(f"{_camel(workflow.name)}{_camel(action)}In", form_class)
    file_fields = [n for n, f in form_class.base_fields.items() if isinstance(f, forms.FileField)]
    other_fields = [n for n in form_class.base_fields if n not in file_fields]
    if file_fields:
        # Optional at the schema level so that scope (404) and role (403) are decided before the input (400).
        for name in file_fields:
            params.append(
                inspect.Parameter(
                    name,
                    inspect.Parameter.KEYWORD_ONLY,
                    annotation=File[UploadedFile | None],  # type: ignore[misc]
                    default=None,
                )
            )
        for name in other_fields:
            params.append(
                inspect.Parameter(
                    name,
                    inspect.Parameter.KEYWORD_ONLY,
                    annotation=Form[str | None],  # type: ignore[misc]
                    default=None,
                )
            )
    elif schema is not None:
        params.append(
            inspect.Parameter(
                "payload",
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Body[schema | None],  # type: ignore[misc, valid-type]
                default=None,
            )
        )

    def endpoint(request: Any, **kwargs: Any) -> dict[str, Any]:
        pk = kwargs.pop(id_param)
        payload = kwargs.pop("payload", None)
        data: dict[str, Any] = payload.dict(exclude_none=True) if payload is not None else {}
        files = {name: kwargs.pop(name) for name in file_fields if kwargs.get(name) is not None}
        for name in list(kwargs):
            if kwargs[name] is not None:
                data[name] = kwargs[name]
        if file_fields and request.content_type == "application/json":
            data.update(_json_fields(request, other_fields))  # files only by multipart; the rest also as JSON
        return run(request, pk, data, files)

    name = f"{workflow.name}_{action}"
    endpoint.__name__ = name
    endpoint.__qualname__ = name
    endpoint.__doc__ = summaries.get(action) or f"{action.replace('_', ' ').capitalize()} ({workflow.name})."
    guarded = allow(*workflow.roles(action), api=True)(endpoint)
    guarded.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    router.add_api_operation(
        route,
        ["POST"],
        guarded,
        # What run() can answer besides the caller's 200: bad input, wrong party, outside scope, wrong state.
        response={400: ErrorsOut, 403: DetailOut, 404: DetailOut, 409: DetailOut, **responses},
        operation_id=name,
        url_name=name,
    )
