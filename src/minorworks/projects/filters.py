"""The one filter set for project lists: UI pages, ledgers, Excel export and the API all use it."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minorworks.core.filtersets import LightFilterSet, ValuesModelChoiceFilter
from minorworks.core.jurisdiction import district_bound
from minorworks.core.roles import Role
from minorworks.orgs.models import Region
from minorworks.scoperules.models import ProjectType

from .models import OVERDUE_STATUSES, Project, Status
from .search import keyword_filter


def community_choices(regions: Any) -> Any:
    """The current communities among ``regions``, in their official order (retired ones are not offered)."""
    return regions.current().filter(level=Region.Level.COMMUNITY).order_by("sort", "code")


def _user(request: Any) -> Any:
    # Pages carry the signed-in user; API requests carry the bearer token's user in ``auth``.
    return getattr(request, "auth", None) or getattr(request, "user", None)


def _narrowest(request: Any) -> tuple[str, int | None]:
    """The smallest area a filter offers to the user behind ``request``: ("all" | "none" | "community" |
    "street" | "district", its id)."""
    if request is None:
        return "all", None  # bound outside a request (a job, a shell): every current region
    user = _user(request)
    if user is None or not user.is_authenticated:
        return "none", None
    if user.role == Role.GRID_WORKER and user.community_id:
        return "community", user.community_id
    if user.role in (Role.STREET_OFFICER, Role.GRID_WORKER) and user.street_id:
        return "street", user.street_id
    if user.district_id:
        return "district", user.district_id
    return "all", None  # a company's user: their projects may lie anywhere


def scope_streets(request: Any) -> Any:
    """The streets a filter offers: the user's own, else their district's (a city holds ~340), else all."""
    streets = Region.objects.current().filter(level=Region.Level.STREET).order_by("sort", "code")
    area, area_id = _narrowest(request)
    if area == "none":
        return streets.none()
    if area in ("community", "street"):
        # A grid worker's community lies in their street, which is theirs too.
        return streets.filter(pk=_user(request).street_id)
    return streets.filter(parent_id=area_id) if area == "district" else streets


def scope_communities(request: Any) -> Any:
    """The communities a filter offers, narrowed like :func:`scope_streets` (a grid worker: their own)."""
    communities = (
        Region.objects.current().filter(level=Region.Level.COMMUNITY).order_by("parent__sort", "sort", "code")
    )
    area, area_id = _narrowest(request)
    lookup = {"community": "pk", "street": "parent_id", "district": "parent__parent_id"}.get(area)
    if area == "none":
        return communities.none()
    return communities.filter(**{lookup: area_id}) if lookup else communities


class ProjectFilter(LightFilterSet):
    """Street, community, status, type, date range and keyword, plus sorting.

    Regions and types are chosen by code, the identifier every API answer carries (never a database id).
    """

    # Choices narrowed to the user's scope (bind with ``request=``): a district's page offered the whole city's.
    street = ValuesModelChoiceFilter(
        label=_("Street"), queryset=scope_streets, field_name="street", to_field_name="code"
    )
    community = ValuesModelChoiceFilter(
        label=_("Community"), queryset=scope_communities, field_name="community", to_field_name="code"
    )
    # Checkboxes, not a <select multiple>: a phone cannot Ctrl-click (the page shows them as a drop-down).
    # distinct=False: status is a column of the project itself, so no join can repeat a row; django-filter's
    # default DISTINCT turned the page count into COUNT(SELECT DISTINCT …) over every column (10× slower).
    status = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Status"), choices=Status.choices, widget=forms.CheckboxSelectMultiple
    )
    project_type = ValuesModelChoiceFilter(
        label=_("Project type"), queryset=ProjectType.objects.all(), to_field_name="code"
    )
    start_from = django_filters.DateFilter(
        label=_("Planned start from"), field_name="planned_start", lookup_expr="gte"
    )
    start_to = django_filters.DateFilter(
        label=_("Planned start to"), field_name="planned_start", lookup_expr="lte"
    )
    # The lists behind the bulletin's figures (projects/indicators.py): registered in a period, before work.
    registered_since = django_filters.DateFilter(
        label=_("Registered from"), field_name="submitted_at", lookup_expr="date__gte"
    )
    registered_until = django_filters.DateFilter(
        label=_("Registered to"), field_name="submitted_at", lookup_expr="date__lte"
    )
    before_start = django_filters.BooleanFilter(label=_("Registered before work started"), method="early")
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="past_planned_end")
    inspected_since = django_filters.DateFilter(label=_("Inspected from"), method="inspected")
    inspected_until = django_filters.DateFilter(label=_("Inspected to"), method="inspected")
    q = django_filters.CharFilter(label=_("Keyword"), method="keyword")
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Default order"),
        fields=(
            ("number", "number"),
            ("name", "name"),
            ("planned_start", "planned_start"),
            ("planned_end", "planned_end"),
            ("investment", "investment"),
            ("created_at", "created_at"),
        ),
        # Both directions named in words (django-filter's default appends "(descending)", which reads
        # badly in Chinese): the menu says 按登记时间（新→旧）.
        field_labels={
            "number": _("Number, ascending"),
            "-number": _("Number, descending"),
            "name": _("Name, in character order"),
            "-name": _("Name, reverse order"),
            "planned_start": _("Planned start, earliest first"),
            "-planned_start": _("Planned start, latest first"),
            "planned_end": _("Planned end, earliest first"),
            "-planned_end": _("Planned end, latest first"),
            "investment": _("Investment, lowest first"),
            "-investment": _("Investment, highest first"),
            "created_at": _("Registration date, oldest first"),
            "-created_at": _("Registration date, newest first"),
        },
    )

    class Meta:
        model = Project
        fields = ["street", "community", "status", "project_type"]

    def early(self, queryset, name, value):
        """Registered on or before the day work started (or work not started yet), or the opposite."""
        early = Q(actual_start__isnull=True) | Q(submitted_at__date__lte=F("actual_start"))
        return queryset.filter(early) if value else queryset.exclude(early)

    def past_planned_end(self, queryset, name, value):
        """Still active past the planned end (the dashboard's "overdue"), or not."""
        late = Q(status__in=OVERDUE_STATUSES, planned_end__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)

    def inspected(self, queryset, name, value):
        """Projects with an inspection inside the one range both bounds make (applied once, by the first)."""
        data = self.form.cleaned_data
        since, until = data.get("inspected_since"), data.get("inspected_until")
        if name == "inspected_until" and since:
            return queryset  # the range was applied with inspected_since
        inspections = queryset.model._meta.get_field("inspections").related_model.objects.all()
        if since:
            inspections = inspections.filter(inspected_at__date__gte=since)
        if until:
            inspections = inspections.filter(inspected_at__date__lte=until)
        return queryset.filter(pk__in=inspections.values("project_id"))

    def keyword(self, queryset, name, value):
        """Match the number, name, address, builder or contractor (through the full-text index, see search)."""
        user = getattr(self.request, "user", None)
        return keyword_filter(queryset, value, district_id=district_bound(user))
