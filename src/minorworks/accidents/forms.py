"""The quick-report form and the casualty-change form (phone first: stacked fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minorworks.core import validators as v
from minorworks.core.forms import BootstrapMixin
from minorworks.core.jurisdiction import scoped
from minorworks.orgs.models import Region
from minorworks.projects.models import Project

from .models import Kind

DT = {"type": "datetime-local"}


class QuickReportForm(BootstrapMixin, forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none(), required=False)
    site = forms.CharField(
        label=_("Or: address of an unregistered site"), max_length=v.ADDRESS_MAX, required=False
    )
    street = forms.ModelChoiceField(
        label=_("Street (unregistered site)"), queryset=Region.objects.none(), required=False
    )
    unit = forms.CharField(label=_("Unit where it happened"), max_length=v.UNIT_NAME_MAX, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    occurred_at = forms.DateTimeField(label=_("Time of the accident"), widget=forms.DateTimeInput(attrs=DT))
    head_informed_at = forms.DateTimeField(
        label=_("Time the unit's head was informed"), widget=forms.DateTimeInput(attrs=DT)
    )
    place = forms.CharField(label=_("Place"), max_length=v.ADDRESS_MAX)
    course = forms.CharField(
        label=_("Course of events"), max_length=v.CONTENT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    deaths = forms.IntegerField(label=_("Deaths"), min_value=0, max_value=100000, initial=0)
    missing = forms.IntegerField(label=_("Missing"), min_value=0, max_value=100000, initial=0)
    serious_injuries = forms.IntegerField(
        label=_("Serious injuries"), min_value=0, max_value=100000, initial=0
    )
    minor_injuries = forms.IntegerField(label=_("Minor injuries"), min_value=0, max_value=100000, initial=0)
    direct_loss = forms.DecimalField(
        label=_("Estimated direct loss (yuan)"), min_value=0, max_digits=14, decimal_places=2, initial=0
    )
    measures = forms.CharField(
        label=_("Measures taken"),
        max_length=v.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = scoped(Project, user).order_by("-pk")  # type: ignore[attr-defined]
        streets = Region.objects.filter(
            level=Region.Level.STREET, parent_id=getattr(user, "district_id", None)
        )
        self.fields["street"].queryset = streets.order_by("sort")  # type: ignore[attr-defined]
        self.style()


class ChangeForm(BootstrapMixin, forms.Form):
    deaths = forms.IntegerField(label=_("Deaths"), min_value=0, max_value=100000)
    missing = forms.IntegerField(label=_("Missing"), min_value=0, max_value=100000)
    serious_injuries = forms.IntegerField(label=_("Serious injuries"), min_value=0, max_value=100000)
    minor_injuries = forms.IntegerField(label=_("Minor injuries"), min_value=0, max_value=100000)
    direct_loss = forms.DecimalField(
        label=_("Estimated direct loss (yuan)"), min_value=0, max_digits=14, decimal_places=2
    )
    note = forms.CharField(label=_("Note"), max_length=v.NOTE_MAX, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()
