"""The public report form, the staff intake form, the rating form and the Open311 key form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minorworks.core import validators as v
from minorworks.core.forms import BootstrapMixin
from minorworks.orgs.models import Region

from .models import DESCRIPTION_MAX, PHOTOS_MAX, STAFF_CHANNELS, Category, Channel, Rating


class MultiplePhotos(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to PHOTOS_MAX photos (each is judged by content and re-encoded by core.images)."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("widget", MultiplePhotos(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > PHOTOS_MAX:
            raise forms.ValidationError(_("At most %(n)s photos.") % {"n": PHOTOS_MAX})
        return files


def _streets() -> Any:
    return Region.objects.filter(level=Region.Level.STREET).current().order_by("parent__code", "sort", "code")


class ReportForm(BootstrapMixin, forms.Form):
    """What a resident fills in on a phone (no account)."""

    category = forms.ChoiceField(
        label=_("What is the problem?"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the report is about.")},
    )
    street = forms.ModelChoiceField(
        label=_("Street (if you know it)"), queryset=_streets(), required=False, empty_label=_("I don't know")
    )
    address = forms.CharField(
        label=_("Where? (address or landmark)"), max_length=v.ADDRESS_MAX, required=False
    )
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, max_digits=9, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180, max_digits=9, decimal_places=6
    )
    description = forms.CharField(
        label=_("What did you see?"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe what you saw.")},
    )
    photos = PhotosField(label=_("Photos (at most 5)"), required=False)
    anonymous = forms.BooleanField(label=_("Report anonymously"), required=False, initial=True)
    reporter_name = forms.CharField(label=_("Your name"), max_length=v.PERSON_NAME_MAX, required=False)
    reporter_phone = forms.CharField(
        label=_("Your phone"), max_length=v.PHONE_MAX, required=False, validators=[v.phone_validator]
    )
    website = forms.CharField(required=False, label=_("Leave this empty"))  # the honeypot
    form_uid = forms.UUIDField(widget=forms.HiddenInput)
    project = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_place = data.get("address") or (
            data.get("latitude") is not None and data.get("longitude") is not None
        )
        if not has_place and not data.get("project"):
            self.add_error("address", _("Say where: an address or landmark, or use “I am here”."))
        if not data.get("anonymous") and not (data.get("reporter_name") or data.get("reporter_phone")):
            self.add_error("reporter_phone", _("Leave a name or phone, or report anonymously."))
        return data


class IntakeForm(BootstrapMixin, forms.Form):
    """A report received by phone, letter, visit or inspection, entered by staff."""

    channel = forms.ChoiceField(
        label=_("Channel"), choices=[(c.value, c.label) for c in Channel if c in STAFF_CHANNELS]
    )
    external_number = forms.CharField(label=_("External ticket number"), max_length=64, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    street = forms.ModelChoiceField(
        label=_("Street"), queryset=_streets(), required=False, empty_label=_("District desk decides")
    )
    address = forms.CharField(label=_("Place"), max_length=v.ADDRESS_MAX, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    reporter_name = forms.CharField(label=_("Reporter's name"), max_length=v.PERSON_NAME_MAX, required=False)
    reporter_phone = forms.CharField(
        label=_("Reporter's phone"), max_length=v.PHONE_MAX, required=False, validators=[v.phone_validator]
    )
    form_uid = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()


class RatingForm(BootstrapMixin, forms.Form):
    rating = forms.ChoiceField(
        label=_("How satisfied are you with the handling?"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how satisfied you are.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=v.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()


class KeyForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Client"), max_length=v.SHORT_TEXT_MAX)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()
