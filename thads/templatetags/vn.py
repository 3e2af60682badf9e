"""Template filters for numbers written the Vietnamese way (see thads.formatting)."""

from django import template

from thads import formatting

register = template.Library()

register.filter("integer", formatting.integer)
register.filter("money", formatting.money)
register.filter("percent", formatting.percent)
register.filter("billions", formatting.billions)
register.filter("thousands", formatting.thousands)
register.filter("signed", formatting.signed)
register.filter("signed_points", formatting.signed_points)
register.filter("signed_points_unit", formatting.signed_points_unit)
register.filter("moment", formatting.moment)
register.filter("signed_billions", formatting.signed_billions)


# The problems an import's file lists at most (a page never holds more than a job keeps).
MOST_PROBLEMS_IN_A_FILE = 20_000


@register.filter
def problems_csv(errors) -> str:
    """An import's problems (row, column, reason) as a CSV file to download, in a data: link: the
    clerk corrects the spreadsheet beside it without copying the page."""
    import base64
    import io

    from django.utils.translation import gettext as _

    from thads import sheets

    buffer = io.StringIO()
    writer = sheets.csv_writer(buffer, delimiter=";")
    writer.writerow([_("Row"), _("Column"), _("Problem")])
    writer.writerows([row, column, reason] for row, column, reason in list(errors)[:MOST_PROBLEMS_IN_A_FILE])
    encoded = base64.b64encode(("\ufeff" + buffer.getvalue()).encode("utf-8")).decode("ascii")
    return f"data:text/csv;charset=utf-8;base64,{encoded}"


@register.filter
def get(mapping, key):
    """mapping[key] in a template, None when absent."""
    return mapping.get(key) if hasattr(mapping, "get") else None
