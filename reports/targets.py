"""Yearly targets (chỉ tiêu): set by leadership or an administrator for their agency or below."""

import csv
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.imports import NUL_IN_ROW
from cases.models import Agency, User

from .models import Target

CSV_HEADERS = ("Mã cơ quan", "Năm", "Chỉ tiêu về việc (%)", "Chỉ tiêu về tiền (%)")


def can_set_target(user, agency) -> bool:
    """Leadership and administrators set targets for their own agency and the agencies below it."""
    return (user.is_authenticated and user.is_active and user.agency_id is not None
            and user.role in (User.Role.LEADERSHIP, User.Role.ADMINISTRATOR)
            and agency.path.startswith(user.agency.path))


def parse_rate(text) -> Decimal:
    """A rate as people type it: "83,25", "83.25" or "83,25 %"."""
    cleaned = str(text).strip().removesuffix("%").strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(_("“%(value)s” is not a percentage.") % {"value": text}) from None
    if not value.is_finite():  # "NaN" and "Infinity" are Decimals, and NaN cannot even be compared
        raise ValidationError(_("“%(value)s” is not a percentage.") % {"value": text})
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(_("A rate lies between 0 and 100 %."))
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("A rate has at most two decimals."))
    return value


@transaction.atomic
def target_set(*, agency, year, cases_rate, money_rate, user) -> Target:
    if not can_set_target(user, agency):
        raise PermissionDenied(_("You cannot set targets for %(agency)s.") % {"agency": agency.name})
    target = Target.objects.select_for_update().filter(agency=agency, year=year).first() or Target(
        agency=agency, year=year)
    target.cases_rate, target.money_rate, target.set_by = cases_rate, money_rate, user
    target.full_clean(validate_unique=False)
    target.save()
    return target


def import_targets_csv(content: str, *, user) -> tuple[int, list]:
    """All or nothing: returns (number saved, []) or (0, [(row, column, reason), ...])."""
    reader = csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=_sniff_delimiter(content))
    rows = list(reader)
    errors, parsed = [], []
    for number, row in enumerate(rows, start=1):
        if any("\x00" in cell for cell in row):
            return 0, [(number, "", NUL_IN_ROW % {"row": number})]
    if not rows or tuple(h.strip() for h in rows[0][:4]) != CSV_HEADERS:
        return 0, [(1, "", _("The first row must be the headers: %(headers)s.") % {"headers": "; ".join(CSV_HEADERS)})]
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[r[0].strip() for r in rows[1:] if r])}
    seen = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 4:
            errors.append((number, "", _("The row needs four columns.")))
            continue
        code, year_text, cases_text, money_text = (cell.strip() for cell in row[:4])
        agency = agencies.get(code)
        if agency is None:
            errors.append((number, CSV_HEADERS[0], _("No agency has the code “%(code)s”.") % {"code": code}))
            continue
        if not can_set_target(user, agency):
            errors.append((number, CSV_HEADERS[0], _("You cannot set targets for %(agency)s.") % {"agency": agency.name}))
            continue
        if not year_text.isdigit() or not 2000 <= int(year_text) <= 2100:
            errors.append((number, CSV_HEADERS[1], _("“%(value)s” is not a year.") % {"value": year_text}))
            continue
        if (code, int(year_text)) in seen:
            errors.append((number, CSV_HEADERS[0], _("This agency and year appear twice in the file.")))
            continue
        seen.add((code, int(year_text)))
        rates = []
        for header, text in ((CSV_HEADERS[2], cases_text), (CSV_HEADERS[3], money_text)):
            try:
                rates.append(parse_rate(text))
            except ValidationError as exc:
                errors.append((number, header, exc.messages[0]))
        if len(rates) == 2:
            parsed.append((agency, int(year_text), *rates))
    if errors:
        return 0, errors
    with transaction.atomic():
        for agency, year, cases_rate, money_rate in parsed:
            target_set(agency=agency, year=year, cases_rate=cases_rate, money_rate=money_rate, user=user)
    return len(parsed), []


def _sniff_delimiter(content: str) -> str:
    first_line = content.lstrip("\ufeff").splitlines()[0] if content.strip() else ""
    return ";" if first_line.count(";") > first_line.count(",") else ","
