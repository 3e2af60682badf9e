"""Form widgets shared by the apps."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class PlainSelect(forms.Select):
    """A select rendered in one pass. Django renders each option through its own template, which
    costs a tenth of a second for the thousand agencies or officers a national user picks from."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        choices = ((str(getattr(key, "value", key)), label) for key, label in self.choices)
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((key, mark_safe(" selected") if key == selected else "", label) for key, label in choices))
        attributes = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(attributes), options)


def plain_choices(field, label: str):
    """Give a model choice field's select its options as two columns read when it is rendered,
    not as model instances: a national user's agencies and officers run into thousands."""
    queryset, empty = field.queryset, field.empty_label
    read = []

    def choices():  # asked for more than once while rendering: read once
        if not read:
            read.append(list(queryset.values_list("pk", label)))
        return read[0] if empty is None else [("", empty), *read[0]]

    field.widget.choices = choices
