"""Helpers every app's forms use: Bootstrap classes on widgets, and a domain error shown on a form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

LIGHT_WIDGETS = Path(__file__).resolve().parent / "templates" / "core" / "light_forms"
STOCK_WIDGETS = Path(forms.__file__).resolve().parent / "templates"
_INPUT_INCLUDE = '{% include "django/forms/widgets/input.html" %}'
# Stock widget templates that are nothing but the include of input.html (text, date, number, checkbox …).
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{path.name}"
    for path in (STOCK_WIDGETS / "django" / "forms" / "widgets").glob("*.html")
    if path.read_text().strip() == _INPUT_INCLUDE
)
MULTIPLE_TEMPLATES = frozenset(
    {"django/forms/widgets/checkbox_select.html", "django/forms/widgets/radio.html"}
)
STOCK_OPTIONS = frozenset(
    {
        "django/forms/widgets/select_option.html",
        "django/forms/widgets/checkbox_option.html",
        "django/forms/widgets/radio_option.html",
    }
)


def _s(value: Any) -> str:
    """The template filter ``stringformat:'s'``: a plain (never safe) string, so that it is escaped."""
    return "%s" % (value,)  # noqa: UP031


def _attrs(attrs: dict[str, Any]) -> str:
    """Django's attrs.html in Python: ``True`` writes the bare name, ``False`` leaves the attribute out."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, _s(value))
        for name, value in attrs.items()
        if value is not False
    )


def _input(w: dict[str, Any]) -> str:
    value = "" if w["value"] is None else format_html(' value="{}"', _s(w["value"]))
    return format_html('<input type="{}" name="{}"', w["type"], w["name"]) + value + _attrs(w["attrs"]) + ">"


def _select(w: dict[str, Any]) -> str:
    out = [format_html('<select name="{}"', w["name"]), _attrs(w["attrs"]), ">"]
    for group, options, _index in w["optgroups"]:
        if group:
            out.append(format_html('\n  <optgroup label="{}">', group))
        for option in options:
            # Plain concatenation of escaped parts: two format_html() calls per option were a third of a
            # 163-community select's time.
            attrs = option["attrs"]
            out.append(
                '\n  <option value="'
                + escape(_s(option["value"]))
                + '"'
                + (_attrs(attrs) if attrs else "")
                + ">"
                + conditional_escape(option["label"])
                + "</option>\n"
            )
        if group:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _multiple(w: dict[str, Any]) -> str:
    id_, css = w["attrs"].get("id"), w["attrs"].get("class")
    out = [
        "<div",
        format_html(' id="{}"', id_) if id_ else "",
        format_html(' class="{}"', css) if css else "",
        ">",
    ]
    for group, options, _index in w["optgroups"]:
        if group:
            out.append(format_html("\n  <div><label>{}</label>", group))
        for option in options:
            out.append("<div>\n    ")
            if option["wrap_label"]:
                target = option["attrs"].get("id")
                out.append("<label" + (format_html(' for="{}"', target) if target else "") + ">")
            out.append(_input(option) + "\n")
            if option["wrap_label"]:
                out.append(format_html(" {}</label>", option["label"]))
            out.append("\n\n</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>")
    return "".join(out)


def _stock_options(w: dict[str, Any]) -> bool:
    return all(
        option["template_name"] in STOCK_OPTIONS for _g, options, _i in w["optgroups"] for option in options
    )


class LightWidgetRenderer(DjangoTemplates):
    """Django's form renderer that writes the common widgets in Python instead of one template per option.

    The stock widget templates include ``select_option.html`` and ``attrs.html`` for every ``<option>``: a filter
    with 163 communities rendered 466 templates. Selects, checkbox and radio groups and plain inputs are written
    here with the very markup of Django's templates (tests/test_template_includes.py compares them); any other
    widget, or one with its own option template, renders through the templates, whose light overrides in
    ``templates/core/light_forms`` also inline the options (FORM_RENDERER in settings).
    """

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        """The widget's HTML: written in Python for the common widgets, else rendered from its template."""
        w = context.get("widget")
        if isinstance(w, dict):
            if template_name in INPUT_TEMPLATES:
                return mark_safe(_input(w))  # noqa: S308 — every part escaped by format_html
            if template_name == "django/forms/widgets/select.html" and _stock_options(w):
                return mark_safe(_select(w))  # noqa: S308
            if template_name in MULTIPLE_TEMPLATES and _stock_options(w):
                return mark_safe(_multiple(w))  # noqa: S308
        return super().render(template_name, context, request)

    @cached_property
    def engine(self):
        """Django's widget templates, with the light overrides found first."""
        return self.backend(
            {"APP_DIRS": True, "DIRS": [LIGHT_WIDGETS, STOCK_WIDGETS], "NAME": "lightforms", "OPTIONS": {}}
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
