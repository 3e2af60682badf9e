"""Form widgets shared by the apps."""

from collections import OrderedDict
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Options drawn once per process under a key their reader gives (plain_choices): the thousand
# agencies of a national user, redrawn for every page, cost more than the rest of a cached dashboard.
DRAWN = OrderedDict()
DRAWN_KEYS = 32


def _draw(choices) -> str:
    # html.escape, not format_html: a thousand calls through Django's lazy-text checks cost more
    # than the query that read the options.
    return "".join(f'<option value="{escape(str(getattr(key, "value", key)))}">{escape(str(label))}</option>'
                   for key, label in choices)


class PlainSelect(forms.Select):
    """A select rendered in one pass. Django renders each option through its own template, which
    costs a tenth of a second for the thousand agencies or officers a national user picks from."""

    rows = None  # set by plain_choices: the options as they were read (pk, label), without the empty one
    empty = None
    key = None

    def use_required_attribute(self, initial):
        # Django's check reads the first option, normalizing every one of them to get it.
        return self.is_required and super().use_required_attribute(initial)

    def render(self, name, value, attrs=None, renderer=None):
        if self.rows is None:
            options = _draw(self.choices)
        else:
            options = self._drawn_rows()
            if self.empty is not None:
                options = _draw([("", self.empty)]) + options
        opening = f'<option value="{escape("" if value is None else str(value))}">'
        options = options.replace(opening, opening[:-1] + " selected>", 1)
        attributes = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(attributes), mark_safe(options))

    def _drawn_rows(self) -> str:
        if self.key is None:
            return _draw(self.rows())
        drawn = DRAWN.get(self.key)
        if drawn is None:
            drawn = DRAWN[self.key] = _draw(self.rows())
            while len(DRAWN) > DRAWN_KEYS:
                DRAWN.popitem(last=False)
        else:
            DRAWN.move_to_end(self.key)
        return drawn


def plain_choices(field, label: str, key=None, note=None):
    """Give a model choice field's select its options as two columns read when it is rendered,
    not as model instances: a national user's agencies and officers run into thousands.

    `key`, when given, names these options for the whole process: it must change whenever they may
    (for agencies, the tree version and the reader's scope); they are then read and drawn once.
    `note` ((column, function)): a third column read with them, and what to add to the label for it."""
    queryset, empty = field.queryset, field.empty_label
    read = []

    def rows():  # asked for more than once while rendering: read once
        if not read:
            if note is None:
                read.append(list(queryset.values_list("pk", label)))
            else:
                column, added = note
                read.append([(pk, f"{text}{added(value)}") for pk, text, value in
                             queryset.values_list("pk", label, column)])
        return read[0]

    def choices():
        return rows() if empty is None else [("", empty), *rows()]

    field.widget.choices = choices
    widget = field.widget
    widget.rows, widget.empty, widget.key = rows, empty, key


class PlainInput:
    """An <input> written in one pass, exactly as Django's input.html and attrs.html write it
    (mixed into Django's own input widgets by plain_selects)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
        return SafeString(f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(name)}"'
                          f"{shown}{attributes(widget['attrs'])}>\n")


def attributes(attrs) -> str:
    """Django's attrs.html: ` name="value"`, a bare name for True, nothing for False."""
    return "".join(f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
                   for name, value in attrs.items() if value is not False)


PLAIN_INPUTS = {widget: type(f"Plain{widget.__name__}", (PlainInput, widget), {})
                for widget in (forms.TextInput, forms.NumberInput, forms.DateInput, forms.HiddenInput)}


def plain_selects(form):
    """Draw every single select of `form` with PlainSelect, and its text, number, date and hidden
    inputs with PlainInput: a filter row holds a dozen, and each through Django's widget templates
    costs a few tenths of a millisecond."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            plain = PlainSelect(attrs=widget.attrs, choices=widget.choices)
            plain.is_required = widget.is_required
            field.widget = plain
        elif type(widget) in PLAIN_INPUTS:
            widget.__class__ = PLAIN_INPUTS[type(widget)]  # the form's own copy of the widget
