"""The ranking table's rows, written in one pass: a national ranking has a thousand figure cells, and
through the template language they took most of the dashboard's rendering time."""

from html import escape

from django import template
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from thads import formatting

register = template.Library()


@register.simple_tag
def ranking_row(row, unit, ranking_keys):
    """One child's (or officer's) row, or the agency's total: its name with its mark, then what a
    reader compares first (the rate, its gap to the target, its change on the same period, the
    target), then every other figure."""
    mark = row["marks"].get(unit)
    label, short = escape(str(row["label"])), escape(str(row["short_label"]))
    link = row["url"]
    name = f'<a href="{escape(link)}">{short}</a>' if link else short
    # Each message outside the f-strings: makemessages does not read inside them.
    if mark == "best":
        best = escape(_("best"))
        name += f' <span class="badge mark-best">{best}</span>'
    elif mark == "worst":
        lowest = escape(_("lowest"))
        name += f' <span class="badge mark-worst">{lowest}</span>'
    total = row.get("total", False)
    css = " ".join(part for part in ("own" if row["own"] else "", "total" if total else "", mark or "") if part)
    target = row["target"] or {}
    goal, delta = target.get(unit), target.get(f"{unit}_delta")
    change = (row["change"] or {}).get(unit) or {}
    rate = row[unit].get("rate")
    delta_css = "" if delta is None else (" good" if delta >= 0 else " bad")
    first = (f'<th scope="row" data-value="{short}">{name}</th>' if total
             else f'<td data-value="{short}" title="{label}">{name}</td>')
    return mark_safe(
        f'<tr class="{css}">{first}'
        f'<td class="num key-rate{delta_css}" data-value="{_plain(rate)}">{escape(formatting.percent(rate) or "—")}</td>'
        f'<td class="num key-gap{delta_css}" data-value="{_plain(delta)}">{formatting.signed_points(delta) or "—"}</td>'
        f'<td class="num key-change" data-value="{_plain(change.get("rate"))}">'
        f'{formatting.signed_points(change.get("rate")) or "—"}</td>'
        f'<td class="num key-target" data-value="{_plain(goal)}">{formatting.percent(goal) or "—"}</td>'
        f"{figure_cells(row, unit, ranking_keys)}</tr>"
    )


def _plain(value) -> str:
    return "" if value is None else str(value)


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
