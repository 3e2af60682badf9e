"""The ranking table's figure cells, written in one pass: a national ranking has a thousand of them,
and through the template language they took most of the dashboard's rendering time."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from cases import formatting

register = template.Library()


@register.simple_tag
def figure_cells(row, unit, ranking_keys):
    figures, links = row[unit], row["links"]
    number = formatting.thousands if unit == "money" else formatting.integer

    def cell(key):
        value = figures.get(key)
        if key == "rate":
            text = formatting.percent(value) or "—"
        elif links.get(key):
            text = format_html('<a href="{}">{}</a>', links[key], number(value))
        else:
            text = number(value)
        return ("num key-rate" if key == "rate" else "num", "" if value is None else str(value), text)

    return format_html_join("", '<td class="{}" data-value="{}">{}</td>', (cell(key) for key, _label in ranking_keys)) \
        or mark_safe("")
