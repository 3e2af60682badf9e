"""The ranking table's figure cells, written in one pass: a national ranking has a thousand of them,
and through the template language they took most of the dashboard's rendering time."""

from html import escape

from django import template
from django.utils.formats import get_format
from django.utils.safestring import mark_safe

from cases import formatting

register = template.Library()


@register.simple_tag
def figure_cells(row, unit, ranking_keys):
    figures, links = row[unit], row["links"]
    number = formatting.thousands if unit == "money" else formatting.integer
    separator = get_format("THOUSAND_SEPARATOR")  # once for the row, not per number

    def cell(key):
        # html.escape and f-strings: format_html's lazy-text checks, a thousand times, cost more.
        # Numbers (digits and separators) need no escaping.
        value = figures.get(key)
        if key == "rate":
            text = escape(formatting.percent(value) or "—")
        elif links.get(key):
            text = f'<a href="{escape(links[key])}">{number(value, separator)}</a>'
        else:
            text = number(value, separator)
        css = "num key-rate" if key == "rate" else "num"
        return f'<td class="{css}" data-value="{"" if value is None else value}">{text}</td>'

    return mark_safe("".join(cell(key) for key, _label in ranking_keys))
