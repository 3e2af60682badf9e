"""Numbers the way Vietnamese reports write them (1.234.567; 83,88 %; 75.683.482.000 đ).

The separators follow the active language, so English shows 1,234,567 and 83.88 %.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format


def integer(value) -> str:
    if value is None:
        return ""
    return number_format(int(value), 0, force_grouping=True)


def money(value) -> str:
    """Whole đồng with the unit: 75.683.482.000 đ."""
    if value is None:
        return ""
    return f"{integer(value)}\u00a0đ"


def percent(value, places: int = 2) -> str:
    """A rate already in percent (83.8758…) rounded half-up: 83,88 %."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{number_format(rounded, places, force_grouping=True)}\u00a0%"


def date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
