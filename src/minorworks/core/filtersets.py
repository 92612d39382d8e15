"""A django-filter FilterSet that copies its filters shallowly on every instance, and a light model choice filter.

django-filter deep-copies every declared filter (their choices, querysets and lazy labels) for each filter
set it binds: for the project filter that is ~600 copied objects and ~0.7 ms on every list page and API call
(the API list serves ~300 requests/s on two workers, so this is a tenth of its time). The state binding
changes on a filter is its ``model``, its ``parent``, its lazily built form field, the keyword arguments in
``extra`` (``ModelChoiceFilter`` writes the request's queryset there) and a ``method=`` filter's bound
``FilterMethod``: those are per instance here too; the rest (choices, labels, callables) is read-only and
shared. ``__init__`` is django-filter's own (``BaseFilterSet.__init__``, django-filter 26) with that one copy
changed."""

from __future__ import annotations

import copy
from typing import Any

import django_filters
from django.http import QueryDict
from django_filters.fields import ModelChoiceField, ModelChoiceIterator


def _bindable(declared: Any) -> Any:
    instance = copy.copy(declared)
    instance.extra = dict(declared.extra)
    instance.__dict__.pop("_field", None)
    if declared.method is not None:
        instance.method = declared.method  # its FilterMethod must call this copy (and so this filter set)
    return instance


class LightFilterSet(django_filters.FilterSet):
    """FilterSet whose instances share their filters' read-only declarations instead of deep copies."""

    def __init__(self, data: Any = None, queryset: Any = None, *, request: Any = None, prefix: Any = None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        model = queryset.model
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: _bindable(declared) for name, declared in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = model
            filter_.parent = self

    def get_form_class(self) -> Any:
        """django-filter's form class, whose fields the form takes as they are instead of deep-copying them."""
        form_class = super().get_form_class()
        form_class.base_fields = _FieldsOfOneForm(form_class.base_fields)
        return form_class


class _FieldsOfOneForm(dict):
    """The fields of a form class django-filter builds for one filter set, and so for one form.

    ``Form.__init__`` deep-copies its class's fields so that forms of a class do not share them; these fields
    were built for this filter set alone (its filters' fields are per instance, see ``_bindable``), so the
    copy (a third of the filter form's cost, ModelChoiceField copying its queryset) protects nothing.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return dict(self)


class _ValuesChoiceIterator(ModelChoiceIterator):
    """The choices as (key, label) read with ``values_list``: no model instance per option."""

    def __iter__(self) -> Any:
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        if field.null_label is not None:
            yield (field.null_value, field.null_label)
        yield from self.queryset.values_list(field.to_field_name or "pk", field.label_field)


class ValuesModelChoiceField(ModelChoiceField):
    """django-filter's ModelChoiceField whose options come from two columns (validation is unchanged)."""

    iterator = _ValuesChoiceIterator

    def __init__(self, *args: Any, label_field: str = "name", **kwargs: Any) -> None:
        self.label_field = label_field
        super().__init__(*args, **kwargs)


class ValuesModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A model choice filter for models whose ``str()`` is one column (``label_field``, ``name`` by default).

    A district's community filter built 163 Region objects to print their names: 1.2 ms of ORM work against
    0.3 ms for the two columns. The option labels are the same text: ``str()`` of these models is that column.
    """

    field_class = ValuesModelChoiceField
