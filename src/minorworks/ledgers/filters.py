"""The ledger filter: the shared project filter, with choices narrowed to the user's scope."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from minorworks.core.roles import Role
from minorworks.orgs.models import Region
from minorworks.projects.filters import ProjectFilter
from minorworks.projects.models import Status


def _streets(request):
    streets = Region.objects.filter(level=Region.Level.STREET).order_by("sort", "code")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return streets.none()
    if user.role in (Role.STREET_OFFICER, Role.GRID_WORKER):
        return streets.filter(pk=user.street_id)
    return streets.filter(parent_id=user.district_id)


def _communities(request):
    communities = Region.objects.filter(level=Region.Level.COMMUNITY).order_by("parent__sort", "sort", "code")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return communities.none()
    if user.role == Role.GRID_WORKER:
        return communities.filter(pk=user.community_id)
    if user.role == Role.STREET_OFFICER:
        return communities.filter(parent_id=user.street_id)
    return communities.filter(parent__parent_id=user.district_id)


class LedgerFilter(ProjectFilter):
    """ProjectFilter plus a planned-end range; street and community choices limited to the user's scope."""

    street = django_filters.ModelChoiceFilter(label=_("Street"), queryset=_streets, field_name="street")
    community = django_filters.ModelChoiceFilter(
        label=_("Community"), queryset=_communities, field_name="community"
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=[(value, label) for value, label in Status.choices if value != Status.DRAFT],
    )
    end_from = django_filters.DateFilter(
        label=_("Planned end from"), field_name="planned_end", lookup_expr="gte"
    )
    end_to = django_filters.DateFilter(label=_("Planned end to"), field_name="planned_end", lookup_expr="lte")

    def __init__(self, *args, with_status: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_status:  # the stopped-sites ledger holds one status only
            del self.filters["status"]

    @property
    def form(self):
        """The filter form with Bootstrap classes and native date pickers."""
        form = super().form
        if not getattr(form, "_styled", False):
            for field in form.fields.values():
                widget = field.widget
                if isinstance(widget, forms.DateInput):
                    widget.input_type = "date"
                    widget.format = "%Y-%m-%d"
                    widget.attrs["class"] = "form-control form-control-sm"
                elif isinstance(widget, forms.Select | forms.SelectMultiple):
                    widget.attrs["class"] = "form-select form-select-sm"
                else:
                    widget.attrs["class"] = "form-control form-control-sm"
            form._styled = True
        return form

    def ordered_qs(self):
        """The filtered rows, with the id as a tie-breaker so pages and exports are stable."""
        qs = self.qs
        order = list(qs.query.order_by) or list(qs.model._meta.ordering)
        if not any(str(term).lstrip("-") in ("id", "pk") for term in order):
            order.append("-id")
        return qs.order_by(*order)

    def description(self) -> list[tuple[str, str]]:
        """(label, value) of each filter in use, for the export's title row."""
        if not self.is_bound or not self.form.is_valid():
            return []
        parts = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", [], ()) or name == "ordering":
                continue
            field = self.form.fields[name]
            if name == "status":
                labels = dict(Status.choices)
                text = "、".join(str(labels.get(v, v)) for v in value)
            elif hasattr(value, "isoformat"):
                text = value.isoformat()
            else:
                text = str(value)
            parts.append((str(field.label), text))
        return parts
