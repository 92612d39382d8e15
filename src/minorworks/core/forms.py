"""Helpers every app's forms use: Bootstrap classes on widgets, and a domain error shown on a form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property

LIGHT_WIDGETS = Path(__file__).resolve().parent / "templates" / "core" / "light_forms"


class LightWidgetRenderer(DjangoTemplates):
    """Django's form renderer with one template per select or checkbox group instead of one per option.

    The stock widget templates include ``select_option.html`` and ``attrs.html`` for every ``<option>``: a filter
    with 163 communities rendered 466 templates. The overrides in ``templates/core/light_forms`` write the same
    markup inline (FORM_RENDERER in settings; tests/test_template_includes.py bounds the count per page).
    """

    @cached_property
    def engine(self):
        """Django's widget templates, with the light overrides found first."""
        stock = Path(forms.__file__).resolve().parent / "templates"
        return self.backend(
            {"APP_DIRS": True, "DIRS": [LIGHT_WIDGETS, stock], "NAME": "lightforms", "OPTIONS": {}}
        )


class BootstrapMixin:
    """Give every widget the Bootstrap class it needs (forms render stacked on phones)."""

    def style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def attach_errors(form: BaseForm, exc: ValidationError, formset: Any = None) -> None:
    """Show a domain function's ValidationError on the form, by field where the form has that field
    ("workers.2.phone" goes to the third row of ``formset``)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            row, _dot, name = field.partition(".")[2].partition(".")
            if formset is not None and field.startswith("workers.") and row.isdigit():
                target = formset.forms[int(row)] if int(row) < len(formset.forms) else None
                if target is not None and name in target.fields:
                    for error in errors:
                        target.add_error(name, error)
                    continue
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)
