"""Forms of joint meetings: call a meeting, issue the minutes with action items."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minorworks.core import validators as v
from minorworks.core.forms import BootstrapMixin

from .models import Member

DT = {"type": "datetime-local"}


class MeetingForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=forms.DateTimeInput(attrs=DT))
    ends_at = forms.DateTimeField(label=_("Ends"), widget=forms.DateTimeInput(attrs=DT))
    place = forms.CharField(label=_("Place"), max_length=v.ADDRESS_MAX)
    agenda = forms.CharField(
        label=_("Agenda"), max_length=v.CONTENT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()


class MinutesForm(BootstrapMixin, forms.Form):
    """The minutes and up to five action items (task, owner unit, due date)."""

    ROWS = 5
    minutes = forms.CharField(label=_("Minutes"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, district_id: int | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        members = Member.objects.filter(district_id=district_id, active=True)
        for n in range(self.ROWS):
            self.fields[f"task_{n}"] = forms.CharField(
                label=_("Task %(n)s") % {"n": n + 1}, max_length=v.NOTE_MAX, required=False
            )
            self.fields[f"owner_{n}"] = forms.ModelChoiceField(
                label=_("Owner unit"), queryset=members, required=False
            )
            self.fields[f"due_{n}"] = forms.DateField(
                label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
            )
        self.style()

    def items(self) -> list[dict[str, Any]]:
        """The filled action-item rows."""
        found = []
        for n in range(self.ROWS):
            task = self.cleaned_data.get(f"task_{n}")
            if task:
                owner = self.cleaned_data.get(f"owner_{n}")
                found.append(
                    {
                        "task": task,
                        "owner": owner.pk if owner else None,
                        "due": self.cleaned_data.get(f"due_{n}"),
                    }
                )
        return found
