"""The forms of the notification pages: a user's channels, a district's webhook endpoint."""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SECRET_MIN = 16


class ChannelsForm(forms.Form):
    """Which copies the user wants besides the inbox."""

    email = forms.BooleanField(
        label=_("E-mail"), required=False, help_text=_("Sent to the address on your account.")
    )
    webhook = forms.BooleanField(
        label=_("The district's message gateway (WeCom / SMS)"),
        required=False,
        help_text=_("Only where your district has set one up."),
    )


class EndpointForm(forms.Form):
    """A webhook endpoint: where to POST, whether it is on, and (optionally) a new signing secret."""

    name = forms.CharField(label=_("Name"), max_length=100)
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The gateway's address, http:// or https://."),
    )
    active = forms.BooleanField(
        label=pgettext_lazy("webhook endpoint", "Active"), required=False, initial=True
    )
    secret = forms.CharField(
        label=_("Signing secret"),
        required=False,
        min_length=SECRET_MIN,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Leave blank to keep the current secret (a new endpoint gets a generated one)."),
    )
    regenerate = forms.BooleanField(label=_("Generate a new secret"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("secret") and data.get("regenerate"):
            self.add_error("secret", _("Enter a secret or ask for a new one, not both."))
        return data
