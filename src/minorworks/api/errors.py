"""Input errors of the API in the words of the forms: pydantic's error types mapped to the messages Django's
own fields and validators give (translated by Django's catalogue), so the API and the pages say the same."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _validator_message(validator, value: Any) -> str | None:
    try:
        validator(value)
    except ValidationError as exc:
        return exc.messages[0]
    return None


def _field_message(field: forms.Field, code: str, **params: Any) -> str:
    return str(field.error_messages[code]) % params if params else str(field.error_messages[code])


def message_for(error: dict[str, Any]) -> str:
    """The user-facing message of one pydantic error (falls back to pydantic's English text)."""
    kind, ctx, value = error.get("type", ""), error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return _field_message(forms.Field(), "required")
    if kind == "string_too_long" and isinstance(value, str):
        return _validator_message(validators.MaxLengthValidator(ctx["max_length"]), value) or ""
    if kind == "too_long":
        return _("At most %(limit)s entries.") % {"limit": ctx.get("max_length")}
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        return str(validators.MinValueValidator.message) % {"limit_value": limit}
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        return str(validators.MaxValueValidator.message) % {"limit_value": limit}
    if kind in ("decimal_max_digits", "decimal_max_places", "decimal_whole_digits"):
        digits = validators.DecimalValidator(ctx.get("max_digits"), ctx.get("decimal_places"))
        return _validator_message(digits, value) or error.get("msg", "")
    if kind in ("enum", "literal_error"):
        return _field_message(forms.ChoiceField(), "invalid_choice", value=value)
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type"):
        return _field_message(forms.DateField(), "invalid")
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type"):
        return _field_message(forms.DecimalField(), "invalid")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _field_message(forms.IntegerField(), "invalid")
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind in ("string_type", "list_type", "dict_type", "model_type", "model_attributes_type"):
        return str(validators.RegexValidator.message)  # Django's "Enter a valid value."
    if kind == "json_invalid":
        return _("Send a valid JSON body.")
    return error.get("msg", "")
