"""The dashboard charts' numbers as table rows, for the tables beside them (read by screen readers,
printed, or opened by anyone who prefers numbers to a picture). They take the very data the charts
script draws (`charts` of reports/dashboard.py), so the table and the picture cannot differ."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from thads import formatting

register = template.Library()


def _at(values, index):
    return values[index] if index < len(values) else None


@register.simple_tag
def month_rows(charts):
    """One row a month of the cumulative rate: this year's and last year's, by cases and by money
    (this year's stop at the period's last month, as the chart's lines do)."""
    series = charts["series"]
    return [{"month": month, **{f"{unit}_{year}": _at(series[unit][year], index)
                                for unit in ("cases", "money") for year in ("current", "previous")}}
            for index, month in enumerate(charts["months"])]


@register.simple_tag
def composition_rows(charts):
    """One row a part of what is to be enforced: its number of cases and its amount."""
    cases, money = charts["composition"]["cases"], charts["composition"]["money"]
    return [{"label": part["label"], "url": part["url"], "cases": part["value"], "money": amount["value"]}
            for part, amount in zip(cases, money, strict=True)]


@register.simple_tag
def unit_rows(units):
    """The rate chart's bars as rows, written in one pass: a national dashboard has 34 of them,
    and their 400 values through the template language took a fifth of its rendering."""
    rows = []
    for bar in units:
        label = escape(str(bar["label"]))
        name = f'<a href="{escape(bar["url"])}">{label}</a>' if bar.get("url") else label
        cells = []
        for unit in ("cases", "money"):
            figures = bar[unit]
            status = figures.get("status")
            css = " bad" if status == "bad" else " good" if status == "good" else ""
            cells.append(f'<td class="num">{escape(formatting.percent(figures.get("rate")) or "—")}</td>'
                         f'<td class="num">{escape(formatting.percent(figures.get("target")) or "—")}</td>'
                         f'<td class="num{css}">{escape(formatting.signed_points(figures.get("gap")) or "—")}</td>')
        rows.append(f'<tr><th scope="row">{name}</th>\n          {cells[0]}\n          {cells[1]}</tr>')
    return mark_safe("\n".join(rows))
