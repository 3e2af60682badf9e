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

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from audit.recorder import followed
from cases.models import Agency
from thads import formatting, tables

from . import summaries
from .calendar import Period
from .closing import close_refusal, closed_with, closing_record
from .engine import compute, own_label, published_snapshot, resolve_scope
from .figures import LABELS, Figures, Table, keys_of, relations
from .models import PeriodClosing
from .xlsx import HEADER_ROWS, columns, sheet_name

LIMITS = tables.Limits(max_bytes=5 * 1024 * 1024, max_rows=5000, max_unpacked=50 * 1024 * 1024)
UNITS = ("cases", "money")


class PublishedRefused(Exception):
    """The file cannot be taken: every problem found, each naming its sheet, row and column."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


@transaction.atomic
def import_published(data: bytes, filename: str, *, agency: Agency, period: Period, user, today) -> PeriodClosing:
    """The period's closing made of the published figures in the file, with the closings of the
    units a closing covers (closing.closed_with) that the file has rows for, at or below them.
    Refused (PermissionDenied, ValidationError) as a closing is; PublishedRefused with every problem."""
    if problem := close_refusal(agency=agency, period=period, user=user, today=today):
        raise problem
    scope = resolve_scope(agency, period)
    units = _units(agency, scope)
    problems, read = [], {}
    try:
        if tables.kind_of(data, filename, LIMITS) == "csv":
            read = _read_csv(data, filename, agency, period, units, problems)
        else:
            for index, unit in enumerate(UNITS):
                read[unit] = _read_sheet(data, filename, index, unit, agency, period, units, problems)
    except tables.TableRefused as exc:
        problems.append(str(exc))
    if not problems:
        _check_rows_add_up(read, problems)
    if problems:
        raise PublishedRefused(problems)

    total = Figures.from_published({unit: read[unit]["total"] for unit in UNITS})
    by_code = {match[0]: match for match in units.values()}
    rows = [(code, by_code[code][1], Figures.from_published({unit: read[unit]["rows"].get(code, {}) for unit in UNITS}),
             by_code[code][2], by_code[code][3])
            for code in dict.fromkeys([*read["cases"]["rows"], *read["money"]["rows"]])]
    summaries.fill_missing({period.year, period.year - 1}, today=today)
    snapshot = published_snapshot(agency, period, total, [(c, lb, f, o) for c, lb, f, o, _id in rows],
                                  scope.stand_ins, live=compute(agency, period, live=True, dimensions=False))
    paths = dict(Agency.objects.filter(pk__in=[row[4] for row in rows]).values_list("pk", "path"))
    try:
        with transaction.atomic():
            closing = closing_record(agency, period, user, snapshot, imported_from=filename)
            parts = []
            for unit in closed_with(agency, period):
                # The unit's figures: the rows of the file at or below it (a former Cục: its Chi cục and its own).
                under = [figures for _c, _l, figures, _o, row_id in rows if paths[row_id].startswith(unit.path)]
                if not under:
                    continue  # the file has nothing as fine as this unit
                figures = sum(under, Figures())
                live = compute(unit, period, live=True, dimensions=False)
                parts.append(closing_record(unit, period, user, published_snapshot(unit, period, figures, live=live),
                                            part_of=closing, imported_from=filename))
    except IntegrityError:
        raise PublishedRefused([_("%(period)s is already closed.") % {"period": period.short_name}]) from None
    followed(created=[closing, *parts])
    return closing


def _units(agency, scope) -> dict:
    """The rows a report of `agency` for the period has, by their label in every language the
    reports are written in: (code, label, own, id)."""
    units = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for child in scope.children:
                label = own_label(child["name"]) if child.get("own") else child["name"]
                units[label] = (child["code"], label, bool(child.get("own")), child["id"])
            own = own_label(agency.name)
            units[own] = (agency.code, own, True, agency.pk)
    return units


def _in_every_language(text) -> set:
    found = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found.add(str(text()))
    return found


def _read_sheet(data, filename, index, unit, agency, period, units, problems) -> dict:
    """The total and the units' rows of one sheet: {"total": {key: value}, "rows": {code: {key: value}}}."""
    cols = columns(unit)
    name = sheet_name(unit)
    positions = {c.source: 2 + i for i, c in enumerate(cols) if c.source in LABELS}
    numbers = {c.source: i + 1 for i, c in enumerate(cols)}
    lines = list(tables.rows(data, filename, LIMITS, sheet=index))
    heading = {tables.cell_text(cell) for row in lines[:4] for cell in row if cell is not None}
    if agency.name.upper() not in heading:
        problems.append(_("Sheet “%(sheet)s”: this is not the report of %(agency)s (its heading: %(found)s).")
                        % {"sheet": name, "agency": agency.name,
                           "found": tables.cell_text(lines[0][0]) if lines and lines[0] else "—"})
    if not heading & _in_every_language(lambda: period.name):
        problems.append(_("Sheet “%(sheet)s”: this is not the report of %(period)s.") % {"sheet": name,
                                                                                          "period": period.name})
    first = next((n for n, row in enumerate(lines) if len(row) > 2 and tables.cell_text(row[2]).startswith("(1)")),
                 None)
    if first is None:
        problems.append(_("Sheet “%(sheet)s”: the row of column numbers (1), (2), … is missing: import the period "
                          "report as the system wrote it.") % {"sheet": name})
        return {"total": {}, "rows": {}}
    # A report by officer (a regional office's): its total is the agency's, its rows are people.
    by_officer = first >= HEADER_ROWS and tables.cell_text(
        (lines[first - HEADER_ROWS] + [None, None])[1]) in _in_every_language(lambda: _("Enforcement officer"))
    found = {"total": None, "rows": {}}
    for n in range(first + 1, len(lines)):
        row, line = lines[n], n + 1
        label = tables.cell_text(row[1]) if len(row) > 1 else ""
        if not label or (by_officer and found["total"] is not None):
            break

        def place(key, line=line):
            return _("Sheet “%(sheet)s”, row %(row)s, column (%(n)s) “%(label)s”") % {
                "sheet": name, "row": line, "n": numbers[key], "label": LABELS[key]}

        row_place = _("Sheet “%(sheet)s”, row %(row)s") % {"sheet": name, "row": line}
        match = None if found["total"] is None else units.get(label)
        if found["total"] is not None and match is None:
            problems.append(_("%(place)s: “%(unit)s” is not a unit of %(agency)s at the end of %(period)s.") % {
                "place": row_place, "unit": label, "agency": agency.name, "period": period.short_name})
            continue
        values = _checked(row, positions, unit, place, row_place, problems)
        if found["total"] is None:
            found["total"] = values
        else:
            found["rows"][match[0]] = values
    if found["total"] is None:
        problems.append(_("Sheet “%(sheet)s”: there is no total row under the column numbers.") % {"sheet": name})
        found["total"] = {}
    return found


def _read_csv(data, filename, agency, period, units, problems) -> dict:
    """A CSV of the keys per agency, as the report command writes one (thads_report --format csv --by
    child): a column "code", one column per figure ("cases.completed", "money.completed", …) and
    optionally "scope" ("total" for the agency's total row). Without a total row, the units' rows
    are summed."""
    lines = list(tables.rows(data, filename, LIMITS))
    header = [tables.cell_text(cell) for cell in lines[0]] if lines else []
    columns_at = {name: i for i, name in enumerate(header)}
    wanted = [f"{unit}.{key}" for unit in UNITS for key in keys_of(unit)]
    missing = [name for name in ["code", *wanted] if name not in columns_at]
    if missing:
        problems.append(_("The CSV needs the columns “code” and one per figure (%(names)s); missing: %(missing)s.") % {
            "names": ", ".join(wanted[:3]) + ", …", "missing": ", ".join(missing[:8]) + (", …" if len(missing) > 8 else "")})
        return {unit: {"total": {}, "rows": {}} for unit in UNITS}
    by_code = {match[0]: match for match in units.values()}
    read = {unit: {"total": None, "rows": {}} for unit in UNITS}
    for n, row in enumerate(lines[1:], start=2):
        cells = [tables.cell_text(cell) for cell in row]
        if not any(cells):
            continue
        code = cells[columns_at["code"]] if len(cells) > columns_at["code"] else ""
        scope = cells[columns_at["scope"]] if "scope" in columns_at and len(cells) > columns_at["scope"] else ""
        is_total = scope == "total" or (not scope and code == agency.code)
        row_place = _("Row %(row)s") % {"row": n}
        if is_total and code != agency.code:
            problems.append(_("%(place)s: the total row is of “%(code)s”, not of %(agency)s (%(own)s).") % {
                "place": row_place, "code": code, "agency": agency.name, "own": agency.code})
            continue
        if (is_total and read["cases"]["total"] is not None) or (not is_total and code in read["cases"]["rows"]):
            problems.append(_("%(place)s: “%(code)s” has a row already.") % {"place": row_place, "code": code})
            continue
        if not is_total and code not in by_code:
            problems.append(_("%(place)s: “%(unit)s” is not a unit of %(agency)s at the end of %(period)s.") % {
                "place": row_place, "unit": code, "agency": agency.name, "period": period.short_name})
            continue
        for unit in UNITS:
            positions = {key: columns_at[f"{unit}.{key}"] for key in keys_of(unit)}

            def place(key, n=n, unit=unit):
                return _("Row %(row)s, column “%(column)s” (%(label)s)") % {
                    "row": n, "column": f"{unit}.{key}", "label": LABELS[key]}

            values = _checked(row, positions, unit, place, row_place, problems)
            if is_total:
                read[unit]["total"] = values
            else:
                read[unit]["rows"][code] = values
    for unit in UNITS:
        if read[unit]["total"] is None:  # the agency's total is its units' sum
            rows = list(read[unit]["rows"].values())
            total = {key: sum(row.get(key, 0) for row in rows) for key in keys_of(unit) if key != "rate"}
            read[unit]["total"] = {**total, "rate": Table.from_published(total, unit == "money").values()["rate"]}
    return read


def _checked(row, positions, unit, place, row_place, problems) -> dict:
    """The row's figures ({key: value}), each a whole number of 0 or more (the rate a number),
    checked against the relations when all of them could be read."""
    values, readable = {}, True
    for key, i in positions.items():
        cell = row[i] if len(row) > i else None
        try:
            value = None if cell in (None, "") else Decimal(str(cell).strip().replace(",", "."))
        except InvalidOperation:
            value = Decimal(-1)
        if value is not None and not value.is_finite():  # NaN, Infinity: never a figure
            value = Decimal(-1)
        if key == "rate":
            values[key] = value
            continue
        if value is None or value < 0 or value != value.to_integral_value():
            problems.append(_("%(place)s: “%(value)s” is not a whole number of 0 or more.") % {
                "place": place(key), "value": "" if cell is None else cell})
            readable, value = False, Decimal(0)
        values[key] = int(value)
    if readable:  # else its relations would only repeat the unreadable cell
        _check_relations(values, unit, place, row_place, problems)
    return values


def _check_relations(values, unit, place, row_place, problems):
    """Every figure as its relation gives it from the row's own numbers (reports.figures.relations,
    the definition printed under the column numbers), and the rate to its printed two decimals."""
    if any(key not in values for key in ("completed", "with_conditions")):
        return
    expected = Table.from_published(values, unit == "money").values()
    for key in relations(unit == "money"):
        if key not in values:
            continue
        want, have = expected[key], values[key]
        if key == "rate":
            want = None if want is None else want.quantize(Decimal("0.01"))
            have = None if have is None else Decimal(have).quantize(Decimal("0.01"))
        if want != have:
            problems.append(_("%(place)s: the file says %(have)s, but the row's own figures give %(want)s.") % {
                "place": place(key), "have": _shown(have, key, unit), "want": _shown(want, key, unit)})
    if values.get("postponed_agreed", 0) > values.get("postponed", 0):
        problems.append(_("%(place)s: more postponed by agreement than postponed.") % {"place": row_place})


def _shown(value, key, unit) -> str:
    """A figure as a message writes it: 1.234 việc, 65.601.589.668 đồng (the cells hold đồng), 81,67 %."""
    if value is None:
        return "—"
    if key == "rate":
        return formatting.percent(value)
    return f"{formatting.integer(value)} đồng" if unit == "money" else formatting.integer(value)


def _check_rows_add_up(read, problems):
    """The units' rows add up to the total row, figure by figure (the total is their sum)."""
    for unit in UNITS:
        rows = list(read[unit]["rows"].values())
        if not rows:
            continue
        total = read[unit]["total"]
        for key in (k for k in keys_of(unit) if k != "rate"):
            added = sum(row.get(key, 0) for row in rows)
            if added != total.get(key, 0):
                problems.append(_("%(place)s: the units' rows add up to %(sum)s, the total row says %(total)s.") % {
                    "place": f"“{sheet_name(unit)}”, “{LABELS[key]}”", "sum": _shown(added, key, unit),
                    "total": _shown(total.get(key, 0), key, unit)})
