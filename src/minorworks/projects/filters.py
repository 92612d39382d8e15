"""The one filter set for project lists: UI pages, ledgers, Excel export and the API all use it."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minorworks.orgs.models import Region

from .models import Project, ProjectType, Status


class ProjectFilter(django_filters.FilterSet):
    """Street, community, status, type, date range and keyword, plus sorting."""

    street = django_filters.ModelChoiceFilter(
        label=_("Street"),
        queryset=Region.objects.current().filter(level=Region.Level.STREET),
        field_name="street",
    )
    community = django_filters.ModelChoiceFilter(
        label=_("Community"),
        queryset=Region.objects.current().filter(level=Region.Level.COMMUNITY),
        field_name="community",
    )
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=Status.choices)
    project_type = django_filters.ModelChoiceFilter(
        label=_("Project type"), queryset=ProjectType.objects.all(), to_field_name="code"
    )
    start_from = django_filters.DateFilter(
        label=_("Planned start from"), field_name="planned_start", lookup_expr="gte"
    )
    start_to = django_filters.DateFilter(
        label=_("Planned start to"), field_name="planned_start", lookup_expr="lte"
    )
    q = django_filters.CharFilter(label=_("Keyword"), method="keyword")
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("number", "number"),
            ("name", "name"),
            ("planned_start", "planned_start"),
            ("planned_end", "planned_end"),
            ("investment", "investment"),
            ("created_at", "created_at"),
        ),
        field_labels={
            "number": _("Number"),
            "name": _("Name"),
            "planned_start": _("Planned start"),
            "planned_end": _("Planned end"),
            "investment": _("Investment"),
            "created_at": _("Registered"),
        },
    )

    class Meta:
        model = Project
        fields = ["street", "community", "status", "project_type"]

    def keyword(self, queryset, name, value):
        """Match the number, name, address, builder or contractor."""
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(name__icontains=value)
            | Q(address__icontains=value)
            | Q(builder__name__icontains=value)
            | Q(contractor__name__icontains=value)
        )
