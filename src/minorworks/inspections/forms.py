"""The inspection form: a header (kind, time, place, who) and one answer per applicable checklist item.

The header is a Django form; the answers are named per item code (``answer-A01``, ``note-A01`` …) because
which items appear depends on the project's declared hazardous operations.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minorworks.core import validators as v
from minorworks.orgs.models import Department

from .hazards import MultipleFileField
from .models import Answer, ChecklistItem, Kind, Level
from .services import KIND_ROLES, ResultIn


class InspectionHeaderForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of inspection"), choices=Kind.choices, initial=Kind.PATROL)
    inspected_at = forms.DateTimeField(
        label=_("Inspected at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=9, decimal_places=6, min_value=-90, max_value=90
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=9, decimal_places=6, min_value=-180, max_value=180
    )
    departments = forms.MultipleChoiceField(
        label=_("Departments inspecting together"), required=False, widget=forms.CheckboxSelectMultiple
    )
    conclusion = forms.CharField(
        label=_("Conclusion"), required=False, max_length=v.NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    site_representative = forms.CharField(
        label=_("Site representative (signs the record)"), required=False, max_length=v.PERSON_NAME_MAX
    )
    representative_refused = forms.BooleanField(label=_("The representative refused to sign"), required=False)
    client_uid = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, district_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["departments"]).choices = list(
            Department.objects.filter(district_id=district_id).order_by("code").values_list("code", "name")
        )
        allowed = [
            (k, label) for k, label in Kind.choices if k not in KIND_ROLES or user.role in KIND_ROLES[k]
        ]
        cast(forms.ChoiceField, self.fields["kind"]).choices = allowed
        if not self.is_bound:
            self.initial.setdefault("inspected_at", timezone.localtime().replace(second=0, microsecond=0))
            self.initial.setdefault("client_uid", uuid.uuid4())
        for field in self.fields.values():
            if isinstance(
                field.widget, forms.CheckboxSelectMultiple | forms.CheckboxInput | forms.HiddenInput
            ):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update({"step": "0.000001", "inputmode": "decimal"})


class ItemAnswerForm(forms.Form):
    """One item's answer (prefix: the item code)."""

    answer = forms.ChoiceField(choices=Answer.choices, required=False, widget=forms.RadioSelect)
    note = forms.CharField(max_length=v.NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    level = forms.ChoiceField(choices=Level.choices, required=False)
    level_reason = forms.CharField(max_length=v.NOTE_MAX, required=False)
    deadline = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    fix_on_spot = forms.BooleanField(required=False)
    location = forms.CharField(max_length=v.ADDRESS_MAX, required=False)
    photos = MultipleFileField(required=False)


def item_forms(
    items: list[ChecklistItem], data: Any = None, files: Any = None
) -> list[tuple[ChecklistItem, ItemAnswerForm]]:
    """One bound (or blank) answer form per item, the level preset to the item's default."""
    return [
        (item, ItemAnswerForm(data, files, prefix=item.code, initial={"level": item.default_level}))
        for item in items
    ]


def results_of(pairs: list[tuple[ChecklistItem, ItemAnswerForm]]) -> list[ResultIn]:
    """The answered items of valid item forms as the domain function's input."""
    results = []
    for item, form in pairs:
        data = form.cleaned_data
        if not data.get("answer"):
            continue
        results.append(
            ResultIn(
                item_code=item.code,
                answer=data["answer"],
                note=data.get("note") or "",
                level=data.get("level") or "",
                level_reason=data.get("level_reason") or "",
                deadline=data.get("deadline"),
                fix_on_spot=bool(data.get("fix_on_spot")),
                location=data.get("location") or "",
                photos=data.get("photos") or [],
            )
        )
    return results
