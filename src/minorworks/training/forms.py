"""Forms of trainings: announce one, register an attendee (staff), the public sign-in with the quiz."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minorworks.core import validators as v
from minorworks.core.forms import BootstrapMixin
from minorworks.orgs.models import Region

from .signin import SignInForm

DT = {"type": "datetime-local"}


class TrainingForm(BootstrapMixin, forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=forms.DateTimeInput(attrs=DT))
    ends_at = forms.DateTimeField(label=_("Ends"), widget=forms.DateTimeInput(attrs=DT))
    place = forms.CharField(label=_("Place"), max_length=v.ADDRESS_MAX)
    trainer = forms.CharField(label=_("Trainer"), max_length=v.PERSON_NAME_MAX)
    audience = forms.CharField(label=_("Audience"), max_length=200, required=False)
    street = forms.ModelChoiceField(
        label=_("Street"),
        queryset=Region.objects.filter(level=Region.Level.STREET).order_by("sort"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()


def quiz_form(training: Any, data: Any = None) -> SignInForm:
    """The sign-in form with one choice per quiz question (q0, q1 …)."""
    form = SignInForm(data)
    for i, question in enumerate(training.quiz or []):
        form.fields[f"q{i}"] = forms.TypedChoiceField(
            label=question["question"],
            choices=[(str(n), option) for n, option in enumerate(question["options"])],
            widget=forms.RadioSelect,
            required=True,
        )
    return form
