"""Filter sets of the inspection and hazard ledgers: street and community by code (choices in the user's
scope, as on the project ledgers), period, kind or level and status, keyword, sorting."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minorworks.core.filtersets import LightFilterSet, ValuesModelChoiceFilter
from minorworks.core.periods import LocalDateFilter
from minorworks.projects.filters import scope_communities, scope_streets

from .models import Hazard, HazardStatus, Inspection, Kind, Level
from .queries import overdue_q


class _Area(LightFilterSet):
    street = ValuesModelChoiceFilter(
        label=_("Street"), queryset=scope_streets, field_name="street", to_field_name="code"
    )
    community = ValuesModelChoiceFilter(
        label=_("Community"), queryset=scope_communities, field_name="community", to_field_name="code"
    )
    q = django_filters.CharFilter(label=_("Keyword"), method="keyword")

    def keyword(self, queryset, name, value):
        """Match the record's number, the project's number or name."""
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(project__number__icontains=value)
            | Q(project__name__icontains=value)
        )


class InspectionLedgerFilter(_Area):
    """Inspections by street, community, kind, period (inspection date) and keyword."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices)
    inspected_from = LocalDateFilter(label=_("Inspected from"), field_name="inspected_at", lookup_expr="gte")
    inspected_to = LocalDateFilter(label=_("Inspected to"), field_name="inspected_at", lookup_expr="lte")
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Default order"),
        fields=(("inspected_at", "inspected_at"), ("number", "number")),
        field_labels={
            "inspected_at": _("Inspection time, earliest first"),
            "-inspected_at": _("Inspection time, latest first"),
            "number": _("Number, ascending"),
            "-number": _("Number, descending"),
        },
    )

    class Meta:
        model = Inspection
        fields = ["street", "community", "kind"]


class HazardLedgerFilter(_Area):
    """Hazards by street, community, level, status, overdue, escalation, period (date found) and keyword."""

    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices)
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=HazardStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    overdue = django_filters.BooleanFilter(label=pgettext_lazy("hazard", "Overdue"), method="filter_overdue")
    escalated = django_filters.BooleanFilter(
        label=_("Escalated to the district"), field_name="escalated_at", lookup_expr="isnull", exclude=True
    )
    found_from = LocalDateFilter(label=_("Found from"), field_name="found_at", lookup_expr="gte")
    found_to = LocalDateFilter(label=_("Found to"), field_name="found_at", lookup_expr="lte")
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Default order"),
        fields=(("found_at", "found_at"), ("deadline", "deadline"), ("number", "number")),
        field_labels={
            "found_at": _("Date found, earliest first"),
            "-found_at": _("Date found, latest first"),
            "deadline": _("Deadline, earliest first"),
            "-deadline": _("Deadline, latest first"),
            "number": _("Number, ascending"),
            "-number": _("Number, descending"),
        },
    )

    class Meta:
        model = Hazard
        fields = ["street", "community", "level"]

    def filter_overdue(self, queryset, name, value):
        """Past the deadline and not closed (True), or not (False)."""
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())
