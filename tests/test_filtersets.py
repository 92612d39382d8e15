"""core.filtersets.LightFilterSet: each bound filter set has its own filters and form fields, whatever the
other filter sets bound before it chose (the declarations are shared, never changed)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from minorworks.projects.filters import ProjectFilter
from minorworks.projects.models import Project

from .conftest import STREET_A, STREET_B

pytestmark = pytest.mark.django_db


def _bound(user, data=None):
    request = RequestFactory().get("/projects/")
    request.user = user
    return ProjectFilter(data, queryset=Project.objects.all(), request=request)


def _street_codes(filterset) -> set[str]:
    return set(filterset.form.fields["street"].queryset.values_list("code", flat=True))


def test_each_filter_set_offers_its_own_users_choices_and_the_declaration_stays_as_declared(world):
    declared = ProjectFilter.base_filters["street"]
    before = dict(declared.extra)
    officer_a, district = _bound(world.street_a_officer), _bound(world.district_admin)
    officer_b = _bound(world.street_b_officer)
    assert _street_codes(officer_a) == {STREET_A} and _street_codes(officer_b) == {STREET_B}
    assert {STREET_A, STREET_B} <= _street_codes(district)
    assert officer_a.filters["street"] is not officer_b.filters["street"]
    assert officer_a.filters["street"].parent is officer_a and officer_b.filters["street"].parent is officer_b
    assert declared.extra == before and not hasattr(declared, "_field") and not hasattr(declared, "parent")
    # A method filter calls the method of its own filter set.
    assert officer_a.filters["q"].filter.f is officer_a.filters["q"]
    assert officer_b.filters["q"].filter.f.parent is officer_b


def test_a_bound_value_is_checked_against_that_users_choices(world):
    assert _bound(world.street_a_officer, {"street": STREET_A}).is_valid()
    refused = _bound(world.street_a_officer, {"street": STREET_B})
    assert not refused.is_valid() and "street" in refused.errors
    assert _bound(world.street_b_officer, {"street": STREET_B}).is_valid()


def test_two_filter_sets_never_share_a_form_field_or_widget(world):
    """The form takes its fields without a deep copy: that is safe only because each filter set built its own."""
    first, second = _bound(world.street_a_officer), _bound(world.street_a_officer)
    assert first.form.fields["street"] is not second.form.fields["street"]
    first.form.fields["street"].widget.attrs["class"] = "changed-by-one-page"
    assert "class" not in second.form.fields["street"].widget.attrs
    assert _bound(world.street_a_officer).form.fields["street"].widget.attrs.get("class") is None


def test_values_choices_render_what_the_model_choice_field_renders(world):
    """Options read as two columns are the options Django writes from model instances (text and order)."""
    from django import forms

    filterset = _bound(world.district_admin, {"community": ""})
    light = filterset.form.fields["community"]
    stock = forms.ModelChoiceField(
        queryset=light.queryset, to_field_name="code", empty_label=light.empty_label
    )
    assert list(light.choices) == [(str(v), label) for v, label in stock.choices]
    assert len(list(light.choices)) > 2
    assert light.widget.render("community", "") == stock.widget.render("community", "")
