"""Yearly targets (chỉ tiêu): set by leadership or an administrator for their agency or below."""

import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.recorder import followed_save, values_of
from cases.models import Agency
from cases.permissions import can_set_target
from thads import tables
from thads.numbers import whole

from .calendar import is_valid_year
from .models import Target

CSV_HEADERS = ("Mã cơ quan", "Năm", "Chỉ tiêu về việc (%)", "Chỉ tiêu về tiền (%)")


def parse_rate(text) -> Decimal:
    """A rate as people type it: "83,25", "83.25" or "83,25 %"."""
    cleaned = str(text).strip().removesuffix("%").strip().replace(",", ".")
    # ASCII digits only: Decimal also reads "NaN", "1e2" and other scripts' digits ("٨٣").
    if not re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]+)?", cleaned):
        raise ValidationError(_("“%(value)s” is not a percentage.") % {"value": text})
    value = Decimal(cleaned)
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(_("A rate lies between 0 and 100 %."))
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("A rate has at most two decimals."))
    return value


@transaction.atomic
def target_set(*, agency, year, cases_rate, money_rate, user) -> Target:
    if not can_set_target(user, agency):
        raise PermissionDenied(_("You cannot set targets for %(agency)s.") % {"agency": agency.name})
    stored = Target.objects.select_for_update().filter(agency=agency, year=year).first()
    target = stored or Target(agency=agency, year=year)
    recorded_before = values_of(target) if stored else None
    target.cases_rate, target.money_rate, target.set_by = cases_rate, money_rate, user
    target.full_clean(validate_unique=False)
    target.save()
    followed_save(target, recorded_before)
    return target


# A file of targets: a row per agency and year.
LIMITS = tables.Limits(max_bytes=1024 * 1024, max_rows=20_000, max_unpacked=20 * 1024 * 1024)


def import_targets_csv(data: bytes, *, user, filename="chi-tieu.csv") -> tuple[int, list]:
    """All or nothing: returns (number saved, []) or (0, [(row, column, reason), ...])."""
    try:
        rows = [[tables.cell_text(cell) for cell in row] for row in tables.rows(data, filename, LIMITS)]
    except tables.TableRefused as refused:
        return 0, [(refused.row or "", "", str(refused))]
    errors, parsed = [], []
    if not rows or tuple(rows[0][:4]) != CSV_HEADERS:
        return 0, [(1, "", _("The first row must be the headers: %(headers)s.") % {"headers": "; ".join(CSV_HEADERS)})]
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[r[0] for r in rows[1:] if r])}
    seen = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        if len(row) < 4:
            errors.append((number, "", _("The row needs four columns.")))
            continue
        code, year_text, cases_text, money_text = row[:4]
        agency = agencies.get(code)
        if agency is None:
            errors.append((number, CSV_HEADERS[0], _("No agency has the code “%(code)s”.") % {"code": code}))
            continue
        if not can_set_target(user, agency):
            errors.append((number, CSV_HEADERS[0], _("You cannot set targets for %(agency)s.") % {"agency": agency.name}))
            continue
        year = whole(year_text)
        if not is_valid_year(year):
            errors.append((number, CSV_HEADERS[1], _("“%(value)s” is not a year.") % {"value": year_text}))
            continue
        if (code, year) in seen:
            errors.append((number, CSV_HEADERS[0], _("This agency and year appear twice in the file.")))
            continue
        seen.add((code, year))
        rates = []
        for header, text in ((CSV_HEADERS[2], cases_text), (CSV_HEADERS[3], money_text)):
            try:
                rates.append(parse_rate(text))
            except ValidationError as exc:
                errors.append((number, header, exc.messages[0]))
        if len(rates) == 2:
            parsed.append((agency, year, *rates))
    if errors:
        return 0, errors
    with transaction.atomic():
        for agency, year, cases_rate, money_rate in parsed:
            target_set(agency=agency, year=year, cases_rate=cases_rate, money_rate=money_rate, user=user)
    return len(parsed), []

