"""The filter sets of the project ledgers: the shared project filter, with choices narrowed to the user's scope."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .filters import ProjectFilter
from .models import Status


class LedgerFilter(ProjectFilter):
    """ProjectFilter plus a planned-end range (street and community choices narrowed to the user's scope there)."""

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
