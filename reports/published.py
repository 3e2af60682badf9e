"""Published figures of a past period, imported as its closed snapshot.

An office that starts using the system has no case-level history of earlier years, so every "cùng
kỳ" would be empty for a year. Its leadership imports the period report it published then (the
system's own XLSX layout, read back: both sheets, the total row and one row per unit) as that
period's closing. Every figure is checked against the relations printed under the column numbers,
the units' rows against the total, and each unit against the agencies of the period's end; the file
is refused with every problem listed, or taken whole. Comparisons and the carry-over check then use
it (reports.engine reads the same period last year from a closing first).
"""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.recorder import followed
from cases.models import Agency
from thads import tables

from .calendar import Period
from .closing import close_refusal
from .engine import published_snapshot, resolve_scope
from .figures import BASE, LABELS, Figures, relations
from .models import PeriodClosing
from .xlsx import columns, sheet_name

LIMITS = tables.Limits(max_bytes=5 * 1024 * 1024, max_rows=5000, max_unpacked=50 * 1024 * 1024)
UNITS = ("cases", "money")


class PublishedRefused(Exception):
    """The file cannot be taken: every problem found, each naming its sheet, row and column."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


def import_published(data: bytes, filename: str, *, agency: Agency, period: Period, user, today) -> PeriodClosing:
    """The period's closing made of the published figures in the file, with the units' closings.
    Refused (PermissionDenied, ValidationError) as a closing is; PublishedRefused with every problem."""
    if problem := close_refusal(agency=agency, period=period, user=user, today=today):
        raise problem
    if not filename.lower().endswith(".xlsx"):
        raise PublishedRefused([_("Import the period report as the system wrote it (.xlsx).")])
    scope = resolve_scope(agency, period)
    units = _units(agency, scope)
    problems, read = [], {}
    for index, unit in enumerate(UNITS):
        try:
            read[unit] = _read_sheet(data, filename, index, unit, agency, period, units, problems)
        except tables.TableRefused as exc:
            problems.append(str(exc))
    if not problems:
        _check_rows_add_up(read, problems)
    if problems:
        raise PublishedRefused(problems)

    total = Figures.from_published({unit: read[unit]["total"] for unit in UNITS})
    codes = [code for code in units.values() if code[0] in read["cases"]["rows"] or code[0] in read["money"]["rows"]]
    rows = []
    for code, label, own, agency_id in codes:
        figures = Figures.from_published({unit: read[unit]["rows"].get(code, {}) for unit in UNITS})
        rows.append((code, label, figures, own, agency_id))
    snapshot = published_snapshot(agency, period, total, [(c, lb, f, o) for c, lb, f, o, _id in rows],
                                  scope.stand_ins)
    try:
        with transaction.atomic():
            closing = _closing(agency, period, user, snapshot, filename)
            already = set(PeriodClosing.objects.published().filter(year=period.year, months=period.months)
                          .values_list("agency_id", flat=True))
            parts = [_closing(Agency.objects.get(pk=agency_id), period, user,
                              published_snapshot(Agency.objects.get(pk=agency_id), period, figures), filename,
                              part_of=closing)
                     for code, label, figures, own, agency_id in rows if not own and agency_id not in already]
    except IntegrityError:
        raise PublishedRefused([_("%(period)s is already closed.") % {"period": period.short_name}]) from None
    followed(created=[closing, *parts])
    return closing


def _closing(agency, period, user, snapshot, filename, part_of=None) -> PeriodClosing:
    version = 1 + PeriodClosing.objects.filter(agency=agency, year=period.year, months=period.months).count()
    return PeriodClosing.objects.create(agency=agency, year=period.year, months=period.months, period_end=period.end,
                                        version=version, part_of=part_of, closed_by=user, snapshot=snapshot,
                                        imported_from=filename[:200])


def _units(agency, scope) -> dict:
    """The rows a report of `agency` for the period has, by their label: (code, label, own, id)."""
    units = {}
    for child in scope.children:
        label = _("%(agency)s (own cases)") % {"agency": child["name"]} if child.get("own") else child["name"]
        units[label] = (child["code"], label, bool(child.get("own")), child["id"])
    own = _("%(agency)s (own cases)") % {"agency": agency.name}
    units[own] = (agency.code, own, True, agency.pk)
    return units


def _read_sheet(data, filename, index, unit, agency, period, units, problems) -> dict:
    """The total and the units' rows of one sheet: {"total": {key: value}, "rows": {code: {key: value}}}."""
    cols = columns(unit)
    name = sheet_name(unit)
    keys = {i: c.source for i, c in enumerate(cols) if c.source in LABELS}
    lines = list(tables.rows(data, filename, LIMITS, sheet=index))
    heading = [tables.cell_text(cell) for row in lines[:4] for cell in row if cell is not None]
    if heading and agency.name.upper() not in heading:
        problems.append(_("Sheet “%(sheet)s”: this is not the report of %(agency)s (its heading: %(found)s).")
                        % {"sheet": name, "agency": agency.name, "found": heading[0]})
    if heading and period.name not in heading:
        problems.append(_("Sheet “%(sheet)s”: this is not the report of %(period)s.") % {"sheet": name,
                                                                                          "period": period.name})
    numbers = next((n for n, row in enumerate(lines) if len(row) > 2 and tables.cell_text(row[2]).startswith("(1)")),
                   None)
    if numbers is None:
        problems.append(_("Sheet “%(sheet)s”: the row of column numbers (1), (2), … is missing: import the period "
                          "report as the system wrote it.") % {"sheet": name})
        return {"total": {}, "rows": {}}
    found = {"total": None, "rows": {}}
    for n in range(numbers + 1, len(lines)):
        row = lines[n]
        label = tables.cell_text(row[1]) if len(row) > 1 else ""
        if not label:
            break
        values = _values(row, keys, cols, name, n + 1, problems)
        if found["total"] is None:
            found["total"] = values
            _check_relations(values, unit, cols, name, n + 1, problems)
            continue
        match = units.get(label)
        if match is None:
            problems.append(_("Sheet “%(sheet)s”, row %(row)s: “%(unit)s” is not a unit of %(agency)s at the end of "
                              "%(period)s.") % {"sheet": name, "row": n + 1, "unit": label, "agency": agency.name,
                                                "period": period.short_name})
            continue
        _check_relations(values, unit, cols, name, n + 1, problems)
        found["rows"][match[0]] = values
    if found["total"] is None:
        problems.append(_("Sheet “%(sheet)s”: there is no total row under the column numbers.") % {"sheet": name})
        found["total"] = {}
    return found


def _values(row, keys, cols, sheet, number, problems) -> dict:
    values = {}
    for i, key in keys.items():
        cell = row[2 + i] if len(row) > 2 + i else None
        try:
            value = None if cell in (None, "") else Decimal(str(cell).strip().replace(",", "."))
        except InvalidOperation:
            value = Decimal(-1)
        if key == "rate":
            values[key] = value
            continue
        if value is None or value < 0 or value != value.to_integral_value():
            problems.append(_("Sheet “%(sheet)s”, row %(row)s, column (%(n)s) “%(label)s”: “%(value)s” is not a whole "
                              "number of 0 or more.") % {"sheet": sheet, "row": number, "n": i + 1,
                                                         "label": LABELS[key], "value": "" if cell is None else cell})
            value = Decimal(0)
        values[key] = int(value)
    return values


def _check_relations(values, unit, cols, sheet, number, problems):
    """Every figure as its relation gives it from the row's own numbers (reports.figures.relations,
    the definition printed under the column numbers), and the rate to its printed two decimals."""
    if any(key not in values for key in ("completed", "with_conditions")):
        return
    table = getattr(Figures.from_published({"cases": values, "money": values}), unit)
    expected = table.values()
    numbers = {c.source: i + 1 for i, c in enumerate(cols)}
    for key in relations(unit == "money"):
        if key not in values:
            continue
        want, have = expected[key], values[key]
        if key == "rate":
            want = None if want is None else want.quantize(Decimal("0.01"))
            have = None if have is None else Decimal(have).quantize(Decimal("0.01"))
        if want != have:
            problems.append(_("Sheet “%(sheet)s”, row %(row)s, column (%(n)s) “%(label)s”: the file says %(have)s, "
                              "but the row's own figures give %(want)s.") % {
                "sheet": sheet, "row": number, "n": numbers[key], "label": LABELS[key],
                "have": "" if have is None else have, "want": "" if want is None else want})
    if values.get("postponed_agreed", 0) > values.get("postponed", 0):
        problems.append(_("Sheet “%(sheet)s”, row %(row)s: more postponed by agreement than postponed.")
                        % {"sheet": sheet, "row": number})


def _check_rows_add_up(read, problems):
    """The units' rows add up to the total row, column by column (the total is their sum)."""
    for unit in UNITS:
        rows = list(read[unit]["rows"].values())
        if not rows:
            continue
        total = read[unit]["total"]
        cols = {c.source: i + 1 for i, c in enumerate(columns(unit))}
        for key in (k for k in cols if k in LABELS and k != "rate" and (k in BASE or k in total)):
            added = sum(row.get(key, 0) for row in rows)
            if added != total.get(key, 0):
                problems.append(_("Sheet “%(sheet)s”, column (%(n)s) “%(label)s”: the units' rows add up to %(sum)s, "
                                  "the total row says %(total)s.") % {
                    "sheet": sheet_name(unit), "n": cols[key], "label": LABELS[key], "sum": added,
                    "total": total.get(key, 0)})
