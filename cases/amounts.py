"""Amounts of money: whole đồng, from zero to a ceiling a real judgment can reach.

The largest damages ever judged (the Vạn Thịnh Phát case, about 677.000 tỷ đồng) stay under
10^15 đ. A ceiling there keeps every amount, and every sum of them the figures store, far from
the 64-bit integers of the database (9,2 × 10^18): without it one mistyped case broke every
dashboard of its province. Forms, imports, the services and a database CHECK all hold it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thads import formatting
from thads.numbers import grouped_whole

MAX_AMOUNT = 10**15  # 1.000.000 tỷ đồng

NOT_AN_AMOUNT = gettext_lazy("Write the amount in whole đồng with digits only, the thousands grouped by dots, for "
                             "example 75.683.482.000 (no unit, no decimals).")


def amount_problem(value) -> str | None:
    """Why `value` (an int) cannot be an amount, or None."""
    if value < 0:
        return _("An amount cannot be negative.")
    if value > MAX_AMOUNT:
        return _("An amount cannot exceed %(max)s đ (one million billion đồng): check the number of digits.") % {
            "max": formatting.integer(MAX_AMOUNT)}
    return None


def validate_amount(value):
    """The model fields' validator."""
    if value is not None and (problem := amount_problem(value)):
        raise ValidationError(problem, code="amount")


def parse_amount(value) -> int:
    """An amount as typed in a form or a spreadsheet cell: `grouped_whole`'s text, or a whole
    number from a spreadsheet. Raises ValueError with the message for the user."""
    if isinstance(value, bool):
        raise ValueError(str(NOT_AN_AMOUNT))
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(str(NOT_AN_AMOUNT))
        value = int(value)
    amount = value if isinstance(value, int) else grouped_whole(str(value))
    if amount is None:
        raise ValueError(str(NOT_AN_AMOUNT))
    if problem := amount_problem(amount):
        raise ValueError(problem)
    return amount
