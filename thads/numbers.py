"""Reading the whole numbers people type: ids in links, years, amounts of money.

`str.isdigit()` is true of "²", "①", "１２" and "٣", which `int()` refuses or reads as another
number than the one shown; a number here is ASCII digits, nothing else.
"""

import re

_DIGITS = re.compile(r"[0-9]+")
# Groups of three after the first, all split by the same mark: 75.683.482.000 or 75 683 482 000.
_GROUPED = re.compile(r"[0-9]{1,3}(?:(?P<mark>[. \u00a0\u202f])[0-9]{3})?(?:(?P=mark)[0-9]{3})*")


# The largest key or count a database column holds (a signed 64-bit integer).
LARGEST = 2**63 - 1
# Past this many digits a number is none a person means (and Python refuses int() of 4.300 digits).
MOST_DIGITS = 30


def whole(value) -> int | None:
    """`value` as a non-negative int when it is ASCII digits and nothing else (no sign, no space,
    no other script's digits) and fits a database integer, else None: what an id or a year in a
    link may be."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or len(value) > MOST_DIGITS or not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if number <= LARGEST else None


def grouped_whole(text: str) -> int | None:
    """A whole number written with its thousands grouped by dots or spaces, the Vietnamese way
    (75.683.482.000), or not at all (75683482000); None for anything else: "100.5" (a group too
    short), "1,5", "1.000.00", a unit ("1000đ"), another script's digits."""
    text = text.strip()
    if len(text) > 2 * MOST_DIGITS:
        return None
    if _DIGITS.fullmatch(text):
        return int(text)
    if _GROUPED.fullmatch(text):
        return int(re.sub(r"[^0-9]", "", text))
    return None
