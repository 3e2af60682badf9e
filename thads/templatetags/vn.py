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


@register.filter
def get(mapping, key):
    """mapping[key] in a template, None when absent."""
    return mapping.get(key) if hasattr(mapping, "get") else None
