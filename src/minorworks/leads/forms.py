"""The form of a lead seen on patrol (place, point, photo, note)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from minorworks.core.forms import BootstrapMixin
from minorworks.core.roles import Role
from minorworks.orgs.models import Region
from minorworks.projects.filters import community_choices

from .models import Lead


class LeadForm(BootstrapMixin, forms.ModelForm):
    """An unregistered site seen on patrol: place, photo, note."""

    photo = forms.FileField(label=_("Photo"), required=False)

    class Meta:
        model = Lead
        fields = ["street", "community", "address", "latitude", "longitude", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        street_qs = Region.objects.current().filter(level=Region.Level.STREET, pk=user.street_id)
        community_qs = community_choices(Region.objects.filter(parent_id=user.street_id))
        if user.role == Role.GRID_WORKER:
            community_qs = community_qs.filter(pk=user.community_id)
            self.fields["community"].required = True
        street_field = cast(forms.ModelChoiceField, self.fields["street"])
        street_field.queryset = street_qs
        street_field.initial = user.street_id
        street_field.empty_label = None
        cast(forms.ModelChoiceField, self.fields["community"]).queryset = community_qs
        self.fields["community"].initial = user.community_id
        self.fields["address"].required = True
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png"
        self.fields["photo"].widget.attrs["capture"] = "environment"
        self.style()
