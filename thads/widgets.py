"""Form widgets shared by the apps."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class PlainSelect(forms.Select):
    """A select rendered in one pass. Django renders each option through its own template, which
    costs a tenth of a second for the thousand agencies or officers a national user picks from."""

    read_choices = None  # set by plain_choices: the options as they were read, not normalized again

    def use_required_attribute(self, initial):
        # Django's check reads the first option, normalizing every one of them to get it.
        return self.is_required and super().use_required_attribute(initial)

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        options = []
        for key, label in (self.read_choices() if self.read_choices else self.choices):
            key = str(getattr(key, "value", key))
            mark = " selected" if key == selected else ""
            # html.escape, not format_html: a thousand calls through Django's lazy-text checks
            # cost more than the query that read the options.
            options.append(f'<option value="{escape(key)}"{mark}>{escape(str(label))}</option>')
        attributes = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(attributes), mark_safe("".join(options)))


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
    field.widget.read_choices = choices


def plain_selects(form):
    """Draw every single select of `form` with PlainSelect: a filter row holds a dozen, and each
    through Django's widget templates costs a few milliseconds."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            plain = PlainSelect(attrs=widget.attrs, choices=widget.choices)
            plain.is_required = widget.is_required
            field.widget = plain
