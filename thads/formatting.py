"""Numbers the way Vietnamese reports write them (1.234.567; 83,88 %; 75.683.482.000 đ).

The separators follow the active language, so English shows 1,234,567 and 83.88 %.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.signals import setting_changed
from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The separators of each language, looked up once: a national dashboard writes some 1.200 numbers,
# and Django's get_format, twice a number, cost 2 to 3 ms of it. Forgotten when a setting changes
# (as Django's own format cache is, in tests).
_SEPARATORS = {}


def _separators() -> tuple[str, dict]:
    """(thousands separator, str.translate table from Python's "1,234.5" to the language's)."""
    language = get_language()
    found = _SEPARATORS.get(language)
    if found is None:
        thousands_, decimal_ = get_format("THOUSAND_SEPARATOR"), get_format("DECIMAL_SEPARATOR")
        found = _SEPARATORS[language] = (thousands_, {ord(","): thousands_, ord("."): decimal_})
    return found


def _forget_separators(**kwargs):
    _SEPARATORS.clear()


setting_changed.connect(_forget_separators, dispatch_uid="thads_formatting_separators")


def integer(value, separator: str | None = None) -> str:
    """`separator`: the language's thousands separator, when the caller has looked it up already
    (a national ranking writes a thousand numbers)."""
    if value is None:
        return ""
    # Python's grouping with the language's separator: number_format's own lookups cost a
    # fifth of a national ranking's rendering, a thousand numbers long.
    return f"{int(value):,}".replace(",", separator or _separators()[0])


def money(value) -> str:
    """Whole đồng with the unit: 75.683.482.000 đ."""
    if value is None:
        return ""
    return f"{integer(value)}\u00a0đ"


def decimal(value: Decimal, places: int) -> str:
    """A number already rounded, grouped by thousands with the language's separators (1.234,57):
    what number_format(value, places, force_grouping=True) writes, without its lookups per call."""
    return f"{value:,.{places}f}".translate(_separators()[1])


def percent(value, places: int = 2) -> str:
    """A rate already in percent (83.8758…) rounded half-up: 83,88 %."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{decimal(rounded, places)}\u00a0%"


def date(value) -> str:
    """31/10/2026. Not strftime, four times slower: imports name every case and event they
    record in the change history with one."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}" if value else ""


def moment(value) -> str:
    """A time of day and its date in the Vietnamese order: 15:25 ngày 06/12/2026 (local time)."""
    if not value:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return _("%(time)s on %(date)s") % {"time": local.strftime("%H:%M"), "date": local.strftime("%d/%m/%Y")}


def billions(value, places: int = 2, unit: bool = True) -> str:
    """An amount of đồng in tỷ đồng, as dashboards speak of money: 212,27 tỷ đồng (without the
    unit where a table's heading says it)."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    amount = (Decimal(int(value)) / Decimal(1_000_000_000)).quantize(quantum, rounding=ROUND_HALF_UP)
    number = decimal(amount, places)
    if not unit:
        return number
    billion = _("billion đồng")  # outside the f-string, where makemessages reads it
    return f"{number}\u00a0{billion}"


def thousands(value, separator: str | None = None) -> str:
    """Đồng in nghìn đồng, rounded half up (a half away from zero), as report tables are often written."""
    if value is None:
        return ""
    whole, rest = divmod(abs(int(value)), 1000)
    whole += rest >= 500
    return integer(whole if value >= 0 else -whole, separator)


def _with_sign(value, text) -> str:
    """+text, −text (a true minus sign) or text, as `value` is above, below or at zero."""
    return f"+{text}" if value > 0 else (f"\u2212{text}" if value < 0 else text)


def signed(value) -> str:
    """A change: +57, −12, 0."""
    return "" if value is None else _with_sign(value, integer(abs(value)))


def _hundredths(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def points(value) -> str:
    """A difference of rates in percentage points, without its sign (the words say it): 1,15."""
    return "" if value is None else decimal(abs(_hundredths(value)), 2)


def signed_points(value, unit: bool = False) -> str:
    """A change of rate in percentage points: +0,35; −1,20 (with the unit: +0,35 điểm %)."""
    if value is None:
        return ""
    rounded = _hundredths(value)
    text = _with_sign(rounded, decimal(abs(rounded), 2))
    return _("%(points)s percentage points") % {"points": text} if unit else text


def signed_points_unit(value) -> str:
    return signed_points(value, unit=True)


def signed_billions(value, unit: bool = True) -> str:
    """A change of money in tỷ đồng: +10,28 tỷ đồng."""
    return "" if value is None else _with_sign(value, billions(abs(value), unit=unit))
