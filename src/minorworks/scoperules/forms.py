"""The public scope check and the form of a new dated scope rule."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from minorworks.core.forms import BootstrapMixin
from minorworks.orgs.models import Region

from .models import ProjectType, ScopeRule
from .scope import RULE_FIELDS


class ScopeCheckForm(BootstrapMixin, forms.Form):
    """The public scope check; figures are text so nonsense is shown back with a message, not dropped."""

    project_type = forms.ModelChoiceField(
        label=_("Project type"), queryset=ProjectType.objects.all(), to_field_name="code", required=False
    )
    investment = forms.CharField(label=_("Investment (yuan)"), required=False, max_length=30)
    floor_area = forms.CharField(label=_("Floor area (m²)"), required=False, max_length=30)
    on = forms.DateField(
        label=_("On date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["investment"].widget.attrs["inputmode"] = "decimal"
        self.fields["floor_area"].widget.attrs["inputmode"] = "decimal"
        self.style()


def _type_choices() -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in ProjectType.objects.order_by("sort", "code")]


class ScopeRuleForm(BootstrapMixin, forms.ModelForm):
    """A new dated rule for the administrator's district."""

    area_types = forms.MultipleChoiceField(
        label=_("Types tested on investment or floor area"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    investment_only_types = forms.MultipleChoiceField(
        label=_("Types tested on investment only"), required=False, widget=forms.CheckboxSelectMultiple
    )
    excluded_types = forms.MultipleChoiceField(
        label=_("Excluded types"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ScopeRule
        fields = RULE_FIELDS  # one list: the form edits what add_scope_rule records
        widgets = {
            "effective_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "reason_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = _type_choices()
        for name in ("area_types", "investment_only_types", "excluded_types"):
            cast(forms.MultipleChoiceField, self.fields[name]).choices = choices
        # Rules belong to the administrator's own jurisdiction (add_scope_rule refuses any other).
        jurisdiction = cast(forms.ModelChoiceField, self.fields["jurisdiction"])
        jurisdiction.queryset = Region.objects.filter(pk=user.district_id)
        jurisdiction.initial = user.district_id
        jurisdiction.empty_label = None
        for name in ("investment_limit", "floor_area_limit"):
            self.fields[name].validators.append(MinValueValidator(Decimal("0")))
        self.style()
