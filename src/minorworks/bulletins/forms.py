"""Forms: a period to generate a bulletin for, the words of a draft, the scheme."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from minorworks.core.indicators import registered

from .models import Normalisation

REQUIREMENTS_MAX = 20


class PeriodForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))


class DraftForm(forms.Form):
    """The words of a draft; requirements one per line, each starting with its deadline (YYYY-MM-DD)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    opening = forms.CharField(label=_("Opening"), widget=forms.Textarea(attrs={"rows": 3}), max_length=8000)
    findings = forms.CharField(
        label=_("Overall situation"), widget=forms.Textarea(attrs={"rows": 4}), max_length=16000
    )
    problems = forms.CharField(
        label=_("Problems"), widget=forms.Textarea(attrs={"rows": 4}), max_length=16000
    )
    requirements = forms.CharField(
        label=_("Requirements"),
        help_text=_("One per line: the deadline (YYYY-MM-DD), a space, then the requirement."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=16000,
    )

    def clean_requirements(self) -> list[dict[str, str]]:
        """``[{"text", "deadline"}]`` from the lines."""
        out = []
        for line in self.cleaned_data["requirements"].splitlines():
            line = line.strip()
            if not line:
                continue
            day, _sp, text = line.partition(" ")
            try:
                deadline = dt.date.fromisoformat(day)
            except ValueError:
                raise ValidationError(
                    _("Start each line with its deadline, e.g. 2026-12-31 then the requirement.")
                ) from None
            if not text.strip():
                raise ValidationError(_("Each deadline needs a requirement after it."))
            out.append({"text": text.strip(), "deadline": deadline.isoformat()})
        if not out:
            raise ValidationError(_("Give at least one requirement."))
        if len(out) > REQUIREMENTS_MAX:
            raise ValidationError(_("At most 20 requirements."))
        return out


def requirements_text(requirements: list[dict[str, str]]) -> str:
    """The requirements as the form's lines."""
    return "\n".join(f"{r['deadline']} {r['text']}" for r in requirements)


DIRECTIONS = [("higher", _("Higher is better")), ("lower", _("Lower is better"))]


class SchemeForm(forms.Form):
    """The scheme: its name and date, and for each declared indicator: used, weight, direction, normalisation."""

    name = forms.CharField(label=_("Name"), max_length=128)
    effective_from = forms.DateField(label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, items: list[dict[str, Any]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        current = {i["code"]: i for i in items or []}
        self.codes = list(registered())
        for code, ind in registered().items():
            item = current.get(code)
            self.fields[f"{code}__on"] = forms.BooleanField(
                label=str(ind.title), required=False, initial=bool(item)
            )
            self.fields[f"{code}__weight"] = forms.DecimalField(
                label=_("Weight"),
                min_value=0,
                max_value=1000,
                decimal_places=2,
                max_digits=6,
                required=False,
                initial=item["weight"] if item else 10,
            )
            higher = item["higher_is_better"] if item else ind.higher_is_better
            self.fields[f"{code}__direction"] = forms.ChoiceField(
                label=_("Direction"), choices=DIRECTIONS, initial="higher" if higher else "lower"
            )
            self.fields[f"{code}__normalisation"] = forms.ChoiceField(
                label=_("Normalisation"),
                choices=Normalisation.choices,
                initial=item.get("normalisation", "minmax") if item else "minmax",
            )

    def rows(self) -> list[dict[str, Any]]:
        """One row of bound fields per indicator, for the template."""
        known = registered()
        return [
            {
                "indicator": known[code],
                **{part: self[f"{code}__{part}"] for part in ("on", "weight", "direction", "normalisation")},
            }
            for code in self.codes
        ]

    def items(self) -> list[dict[str, Any]]:
        """The chosen indicators as the scheme stores them."""
        data = self.cleaned_data
        return [
            {
                "code": code,
                "weight": float(data.get(f"{code}__weight") or 0),
                "higher_is_better": data.get(f"{code}__direction") == "higher",
                "normalisation": data.get(f"{code}__normalisation") or "minmax",
            }
            for code in self.codes
            if data.get(f"{code}__on")
        ]

    def clean(self) -> dict[str, Any]:
        """At least one indicator with a positive weight."""
        data = super().clean() or {}
        chosen = [c for c in self.codes if data.get(f"{c}__on")]
        if not chosen:
            raise ValidationError(_("Choose at least one indicator."))
        for code in chosen:
            if not data.get(f"{code}__weight"):
                self.add_error(f"{code}__weight", _("Give a weight above 0."))
        return data
