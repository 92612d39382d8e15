"""The filter sets of the project ledgers: the shared project filter, with choices narrowed to the user's scope."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from minorworks.core.roles import Role
from minorworks.orgs.models import Region

from .filters import ProjectFilter
from .models import Status


def _user(request: Any) -> Any:
    # Pages carry the signed-in user; API requests carry the bearer token's user in ``auth``.
    return getattr(request, "auth", None) or getattr(request, "user", None)


def _streets(request):
    streets = Region.objects.filter(level=Region.Level.STREET).order_by("sort", "code")
    user = _user(request)
    if user is None or not user.is_authenticated:
        return streets.none()
    if user.role in (Role.STREET_OFFICER, Role.GRID_WORKER):
        return streets.filter(pk=user.street_id)
    return streets.filter(parent_id=user.district_id)


def _communities(request):
    communities = Region.objects.filter(level=Region.Level.COMMUNITY).order_by("parent__sort", "sort", "code")
    user = _user(request)
    if user is None or not user.is_authenticated:
        return communities.none()
    if user.role == Role.GRID_WORKER:
        return communities.filter(pk=user.community_id)
    if user.role == Role.STREET_OFFICER:
        return communities.filter(parent_id=user.street_id)
    return communities.filter(parent__parent_id=user.district_id)


class LedgerFilter(ProjectFilter):
    """ProjectFilter plus a planned-end range; street and community choices limited to the user's scope."""

    street = django_filters.ModelChoiceFilter(
        label=_("Street"), queryset=_streets, field_name="street", to_field_name="code"
    )
    community = django_filters.ModelChoiceFilter(
        label=_("Community"), queryset=_communities, field_name="community", to_field_name="code"
    )
    # distinct=False: status is a column of the project itself, so no join can repeat a row; django-filter's
    # default DISTINCT turned the page count into COUNT(SELECT DISTINCT …) over every column (10× slower).
    status = django_filters.MultipleChoiceFilter(
        distinct=False,
        label=_("Status"),
        choices=[(value, label) for value, label in Status.choices if value != Status.DRAFT],
    )
    end_from = django_filters.DateFilter(
        label=_("Planned end from"), field_name="planned_end", lookup_expr="gte"
    )
    end_to = django_filters.DateFilter(label=_("Planned end to"), field_name="planned_end", lookup_expr="lte")


class StoppedLedgerFilter(LedgerFilter):
    """The stopped-sites ledger holds one status only: no status filter."""

    status = None  # type: ignore[assignment]

    class Meta(LedgerFilter.Meta):
        fields = ["street", "community", "project_type"]
