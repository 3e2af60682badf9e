"""Template filters for numbers written the Vietnamese way (see thads.formatting), and the form
fields of a page written in one pass."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

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


@register.simple_tag
def form_fields(form, only=None, leave_out=None):
    """The visible fields of `form` (those named in `only`, or all but those in `leave_out`), each
    as includes/field.html writes it, in one pass: a list's dozen filters through the include cost
    a third of its template's time."""
    written = []
    for field in form:
        if field.is_hidden or (only is not None and field.name not in only) or (
                leave_out is not None and field.name in leave_out):
            continue
        errors = field.errors
        help_text = f'<small class="muted help">{conditional_escape(field.help_text)}</small>' if field.help_text else ""
        written.append(
            f'<div class="field{" invalid" if errors else ""}"><label for="{conditional_escape(field.id_for_label)}">'
            f"{conditional_escape(field.label)}</label>{field}\n  {help_text}\n  "
            + "".join(f'<span class="error">{conditional_escape(error)}</span>' for error in errors) + "</div>")
    return mark_safe("\n".join(written))
