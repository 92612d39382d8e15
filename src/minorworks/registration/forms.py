"""Forms of registration, uploads, scope rules, the public scope check and leads (UI and API share them)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minorworks.core import validators as v
from minorworks.core.forms import BootstrapMixin
from minorworks.core.roles import Role
from minorworks.orgs.certificates import CertificateKind
from minorworks.orgs.models import Region
from minorworks.projects.filters import community_choices
from minorworks.projects.models import Attachment, HazardousOperation
from minorworks.scoperules.models import ProjectType

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}


def _date() -> forms.DateField:
    return forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def streets() -> Any:
    """All current streets (the registration form narrows them for street officers)."""
    return (
        Region.objects.current()
        .filter(level=Region.Level.STREET)
        .select_related("parent")
        .order_by("parent", "sort")
    )


class RegistrationForm(BootstrapMixin, forms.Form):
    """Every field of a registration (domain §4.1). A draft may be incomplete; only a few fields are required.

    Region and type fields take codes, so the JSON API posts the same names and values as the page.
    """

    name = forms.CharField(label=_("Project name"), max_length=v.PROJECT_NAME_MAX)
    project_type = forms.ModelChoiceField(
        label=_("Project type"), queryset=ProjectType.objects.all(), to_field_name="code"
    )
    builder_name = forms.CharField(label=_("Builder (unit or person)"), max_length=v.UNIT_NAME_MAX)
    builder_credit_code = v.CreditCodeField(label=_("Builder's credit code"), required=False)
    builder_is_individual = forms.BooleanField(label=_("The builder is an individual"), required=False)
    contractor_name = forms.CharField(label=_("Contractor"), max_length=v.UNIT_NAME_MAX, required=False)
    contractor_credit_code = v.CreditCodeField(label=_("Contractor's credit code"), required=False)
    qualification_number = forms.CharField(
        label=_("Qualification certificate number"), max_length=v.PAPER_NUMBER_MAX, required=False
    )
    qualification_expires = _date()
    safety_licence_number = forms.CharField(
        label=_("Safety production licence number"), max_length=v.PAPER_NUMBER_MAX, required=False
    )
    safety_licence_expires = _date()
    designer_name = forms.CharField(label=_("Designer"), max_length=v.UNIT_NAME_MAX, required=False)
    supervisor_name = forms.CharField(
        label=_("Supervisor (监理)"), max_length=v.UNIT_NAME_MAX, required=False
    )
    property_company_name = forms.CharField(
        label=_("Property company"), max_length=v.UNIT_NAME_MAX, required=False
    )
    street = forms.ModelChoiceField(label=_("Street"), queryset=Region.objects.none(), to_field_name="code")
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=Region.objects.none(), to_field_name="code", required=False
    )
    address = forms.CharField(label=_("Address"), max_length=v.ADDRESS_MAX, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal("-90"),
        max_value=Decimal("90"),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal("-180"),
        max_value=Decimal("180"),
    )
    investment = forms.DecimalField(label=_("Investment (yuan)"), required=False, **MONEY)
    floor_area = forms.DecimalField(
        label=_("Floor area (m²)"), required=False, max_digits=12, decimal_places=2, min_value=Decimal("0")
    )
    planned_start = _date()
    planned_end = _date()
    content = forms.CharField(
        label=_("Content of works"),
        required=False,
        max_length=v.CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hazardous_operations = forms.MultipleChoiceField(
        label=_("Hazardous operations"),
        required=False,
        choices=HazardousOperation.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    is_internal = forms.BooleanField(label=_("Works inside a unit"), required=False)
    internal_unit = forms.CharField(label=_("Host unit"), max_length=v.UNIT_NAME_MAX, required=False)
    site_manager_name = forms.CharField(label=_("Site manager"), max_length=v.PERSON_NAME_MAX, required=False)
    site_manager_phone = v.PhoneField(label=_("Site manager's phone"), required=False)
    public_contact_name = forms.CharField(
        label=_("Public contact"),
        max_length=v.PERSON_NAME_MAX,
        required=False,
        help_text=_("Printed in full on the site board and the public page, as site boards do."),
    )
    public_contact_phone = v.PhoneField(label=_("Public contact phone"), required=False)

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        # Only an edit form shows stored numbers (masked); sent back unchanged they keep the stored number.
        cast(v.PhoneField, self.fields["site_manager_phone"]).allow_masked = editing
        self.fields["qualification_expires"].label = _("Qualification valid until")
        self.fields["safety_licence_expires"].label = _("Safety licence valid until")
        self.fields["planned_start"].label = _("Planned start")
        self.fields["planned_end"].label = _("Planned end")
        if user.role == Role.BUILDER:
            # A builder's own enterprise is the builder; it cannot register for someone else.
            for name in ("builder_name", "builder_credit_code", "builder_is_individual"):
                del self.fields[name]
        street_qs = streets()
        if user.role == Role.STREET_OFFICER:
            street_qs = street_qs.filter(pk=user.street_id)
            self.fields["street"].initial = user.street.code if user.street_id else None
        cast(forms.ModelChoiceField, self.fields["street"]).queryset = street_qs
        self.fields["street"].widget.attrs.update(
            {
                "hx-get": reverse("projects:community_options"),
                "hx-target": "#id_community",
                "hx-trigger": "change",
            }
        )
        street_code = self._street_code()
        cast(forms.ModelChoiceField, self.fields["community"]).queryset = community_choices(
            Region.objects.filter(parent__code=street_code, parent__level=Region.Level.STREET)
        )
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update({"step": "0.000001", "inputmode": "decimal"})
        self.fields["investment"].widget.attrs.update({"inputmode": "decimal"})
        self.style()

    def _street_code(self) -> str | None:
        """The street whose communities may be chosen: from the posted data, else the initial value."""
        if self.is_bound:
            return self.data.get(self.add_prefix("street")) or None
        return self.initial.get("street") or self.fields["street"].initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean() returns self.cleaned_data
        message = v.period_error(data.get("planned_start"), data.get("planned_end"))
        if message:
            self.add_error("planned_end", message)
        for prefix in ("qualification", "safety_licence"):
            number, expires = data.get(f"{prefix}_number"), data.get(f"{prefix}_expires")
            if number and not expires and f"{prefix}_expires" not in self.errors:
                self.add_error(f"{prefix}_expires", _("Enter the date it is valid until."))
            if expires and not number:
                self.add_error(f"{prefix}_number", _("Enter the number."))
            if (number or expires) and not data.get("contractor_name"):
                self.add_error("contractor_name", _("Name the contractor that holds this document."))
        if data.get("site_manager_phone") and not data.get("site_manager_name"):
            self.add_error("site_manager_name", _("Enter the site manager's name."))
        if data.get("public_contact_phone") and not data.get("public_contact_name"):
            self.add_error("public_contact_name", _("Enter the name of the public contact."))
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not (
            {"latitude", "longitude"} & set(self.errors)
        ):
            self.add_error("longitude", _("Enter both latitude and longitude, or neither."))
        return data


class WorkerForm(BootstrapMixin, forms.Form):
    """One worker and (optionally) one special-operation certificate; list a worker twice for two."""

    name = forms.CharField(
        label=pgettext_lazy("person", "Name"), max_length=v.PERSON_NAME_MAX, required=False
    )
    id_number = v.IdNumberField(label=_("Identity number"), required=False)
    phone = v.PhoneField(label=_("Phone"), required=False)
    trade = forms.CharField(label=_("Trade"), max_length=v.PERSON_NAME_MAX, required=False)
    certificate_kind = forms.ChoiceField(
        label=_("Certificate"), required=False, choices=[("", "—"), *CertificateKind.choices]
    )
    certificate_number = forms.CharField(
        label=_("Certificate number"), max_length=v.PAPER_NUMBER_MAX, required=False
    )
    certificate_expires = forms.DateField(
        label=_("Certificate valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("id_number", "phone"):
            cast(v.PhoneField, self.fields[name]).allow_masked = editing
        self.style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean() returns self.cleaned_data
        filled = any(v for k, v in data.items() if k != "DELETE")
        if filled and not data.get("name") and "name" not in self.errors:
            self.add_error("name", _("Enter the worker's name."))
        kind, number, expires = (
            data.get(k) for k in ("certificate_kind", "certificate_number", "certificate_expires")
        )
        if (number or expires) and not kind:
            self.add_error("certificate_kind", _("Choose the kind of certificate."))
        if kind and not number:
            self.add_error("certificate_number", _("Enter the certificate number."))
        if kind and not expires and "certificate_expires" not in self.errors:
            self.add_error("certificate_expires", _("Enter the date it is valid until."))
        return data


class BaseWorkerFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        """One identity number belongs to one name."""
        if any(self.errors):
            return
        names: dict[str, str] = {}
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):  # type: ignore[attr-defined]  # private Django API, not in django-stubs
                continue
            number, name = form.cleaned_data.get("id_number"), form.cleaned_data.get("name")
            if number and name and names.setdefault(number.upper(), name) != name:
                form.add_error("id_number", _("This identity number is listed with another name."))

    def rows(self) -> list[dict[str, Any]]:
        """The filled, undeleted rows as plain dicts (for ``set_workers``)."""
        result = []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):  # type: ignore[attr-defined]  # private Django API, not in django-stubs
                continue
            data = {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            if data.get("name"):
                result.append(data)
        return result


# formset_factory() is typed as returning the base class; the class it builds subclasses BaseWorkerFormSet.
WorkerFormSet = cast(
    type[BaseWorkerFormSet],
    forms.formset_factory(
        WorkerForm, formset=BaseWorkerFormSet, extra=2, can_delete=True, max_num=200, validate_max=True
    ),
)


class AttachmentForm(BootstrapMixin, forms.Form):
    """One upload; the type is checked by content in ``registration.add_attachment``."""

    kind = forms.ChoiceField(label=_("Kind of document"), choices=Attachment.Kind.choices)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
        self.style()
