"""Render form widgets with Bootstrap classes, keeping any classes the form already set."""

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def bootstrap(field: BoundField) -> SafeString:
    """The widget of ``field`` with form-control / form-select and is-invalid when it has errors."""
    widget = field.field.widget
    if isinstance(widget, forms.Select | forms.SelectMultiple) and not isinstance(
        widget, forms.CheckboxSelectMultiple | forms.RadioSelect
    ):
        base = "form-select"
    elif isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
        base = ""
    else:
        base = "form-control"
    classes = [c for c in (widget.attrs.get("class", "") + " " + base).split() if c]
    if field.errors:
        classes.append("is-invalid")
    return field.as_widget(attrs={"class": " ".join(dict.fromkeys(classes))})
