"""Pages render a bounded number of templates, whatever the number of rows or filter options; the light widget
templates write exactly the markup of Django's own (one template per select instead of one per option)."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.signals import template_rendered
from django.utils.safestring import mark_safe

from minorworks.core.forms import LightWidgetRenderer
from minorworks.core.ledgers import REGISTRY
from minorworks.orgs.models import Region
from minorworks.projects.models import Status

from .conftest import client_for
from .factories import ProjectFactory

pytestmark = pytest.mark.django_db

# The most templates any list page may render (base, page, pagination, a few widgets and partials).
MAX_TEMPLATES = 20
LIST_PAGES = [
    "/",
    "/projects/",
    "/projects/?status=accepted&street=&q=院",
    "/projects/leads/",
    "/inspections/",
    "/stop-orders/",
    "/notifications/",
    "/ledgers/",
]


def rendered(world, persona: str, url: str) -> list[str]:
    """The names of the templates rendered for one GET (Django's test instrumentation sends the signal)."""
    names: list[str] = []

    def collect(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(collect)
    try:
        response = client_for(world, persona).get(url)
    finally:
        template_rendered.disconnect(collect)
    assert response.status_code == 200, (persona, url, response.status_code)
    return names


def _more_options(world) -> None:
    """Many communities (options of the community select) and many rows."""
    Region.objects.bulk_create(
        Region(
            code=f"{world.street_a.code}9{n:02d}",
            name=f"社区{n}",
            level=Region.Level.COMMUNITY,
            parent=world.street_a,
        )
        for n in range(40)
    )
    ProjectFactory.create_batch(30, street=world.street_a, status=Status.ACCEPTED)


@pytest.mark.parametrize("persona", ["district_admin", "street_a_officer"])
def test_list_and_ledger_pages_render_a_bounded_number_of_templates(world, persona):
    pages = LIST_PAGES + [f"/ledgers/{slug}/" for slug in REGISTRY]
    before = {url: rendered(world, persona, url) for url in pages}
    _more_options(world)
    for url in pages:
        after = rendered(world, persona, url)
        assert len(after) <= MAX_TEMPLATES, (url, len(after), sorted(set(after)))
        assert len(after) == len(before[url]), (url, "the count grew with rows or options")


class Sample(forms.Form):
    pick = forms.ChoiceField(choices=[("", "全部"), ("a", "甲 & <乙>"), ("b", "B")], initial="a")
    grouped = forms.ChoiceField(
        choices=[("东城", [("1", "和平里")]), ("西城", [("2", "德胜"), ("3", "月坛")])]
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], initial=["y"])
    boxes = forms.MultipleChoiceField(
        choices=[("p", "P"), ("q", "Q")], widget=forms.CheckboxSelectMultiple, initial=["p"]
    )
    radio = forms.ChoiceField(choices=[("r", "R"), ("s", "S")], widget=forms.RadioSelect, initial="s")
    text = forms.CharField(
        widget=forms.TextInput(attrs={"class": "form-control", "disabled": True, "data-x": mark_safe("<b>")})
    )
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    flag = forms.BooleanField(required=False)


@pytest.mark.parametrize("bound", [False, True])
def test_the_light_widgets_write_the_same_markup_as_djangos(bound):
    data = {
        "pick": "b",
        "grouped": "3",
        "many": ["x", "y"],
        "boxes": ["q"],
        "radio": "r",
        "text": '文字"<',
        "flag": "on",
    }
    light = Sample(data if bound else None, renderer=LightWidgetRenderer()).as_div()
    stock = Sample(data if bound else None, renderer=DjangoTemplates()).as_div()
    assert light == stock
    assert "selected" in light and "checked" in light and "&lt;乙&gt;" in light
