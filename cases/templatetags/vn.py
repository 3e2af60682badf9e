"""Template filters for numbers written the Vietnamese way (see cases.formatting)."""

from django import template

from .. import formatting

register = template.Library()

register.filter("integer", formatting.integer)
register.filter("money", formatting.money)
register.filter("percent", formatting.percent)
