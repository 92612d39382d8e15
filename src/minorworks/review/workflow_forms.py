"""Input forms of the workflow actions: the UI binds them to POST data, the API to its JSON body."""

from __future__ import annotations

from typing import Any

import filetype
from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minorworks.core import validators as v


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for bound in self.fields.values():
            bound.widget.attrs.setdefault("class", "form-control")


class NoteForm(StyledForm):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=v.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=v.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Give the reason.")},
    )


def check_scan(upload: Any) -> str:
    """The MIME type of a signed scan (PDF, JPEG or PNG, by content, size-limited), else ValidationError."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload is None:
        raise forms.ValidationError(_("Choose a file."), code="required")
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": f"{limit / 1024 / 1024:g}"}, code="too_large"
        )
    upload.seek(0)
    head = upload.read(262)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in SCAN_TYPES:
        raise forms.ValidationError(_("Upload a PDF, JPEG or PNG file."), code="file_type")
    return kind.mime


SCAN_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


class SignedNoticeForm(StyledForm):
    file = forms.FileField(
        label=gettext_lazy("Signed notice (scan)"),
        help_text=gettext_lazy("PDF, JPEG or PNG."),
        error_messages={"required": gettext_lazy("Choose a file.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_scan(upload)
        return upload


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs, format="%Y-%m-%d")


class DatesForm(StyledForm):
    planned_start = forms.DateField(label=gettext_lazy("Planned start"), widget=_DateInput())
    planned_end = forms.DateField(label=gettext_lazy("Planned end"), widget=_DateInput())
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        max_length=v.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Give the reason.")},
    )

    def clean(self):
        data = super().clean()
        message = v.period_error(data.get("planned_start"), data.get("planned_end"))
        if message:
            self.add_error("planned_end", message)
        return data


class PersonnelForm(StyledForm):
    site_manager_name = forms.CharField(label=gettext_lazy("Site manager"), max_length=v.PERSON_NAME_MAX)
    site_manager_phone = v.PhoneField(label=gettext_lazy("Site manager's phone"))
    site_manager_id_number = v.IdNumberField(
        label=gettext_lazy("Site manager's identity number"), required=False
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        max_length=v.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Give the reason.")},
    )


class ImportDecisionForm(StyledForm):
    """The inputs of the Excel import's transition: the decision date from the file and the row's note."""

    decided_on = forms.DateField(label=gettext_lazy("Accepted on"))
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000)


def street_officers():
    """Every active street officer (the assignment checks the project's street; the page narrows the list)."""
    from django.contrib.auth import get_user_model

    from minorworks.core.roles import Role

    return get_user_model().objects.filter(role=Role.STREET_OFFICER, is_active=True).order_by("pk")


class AssignOfficerForm(StyledForm):
    """Who is responsible for the project (责任人): an officer of the project's street."""

    officer = forms.ModelChoiceField(
        label=gettext_lazy("Responsible officer"),
        queryset=street_officers(),
        error_messages={"required": gettext_lazy("Choose the responsible officer.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
