"""The period report as a spreadsheet in the official layout (domain primer §6).

Two sheets, "Kết quả THADS tính bằng việc" and "… tính bằng tiền": numbered columns under grouped
Vietnamese headings, the total row then one row per unit (or officer), the target and the same
period of last year beside each row, and the print setup of a form (A4 landscape, headings repeated
on every page). Cells hold the engine's exact numbers; money is shown in nghìn đồng by the number
format only, so nothing is rounded away from the figures.
"""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from thads import formatting, sheets

from . import thahc_xlsx
from .figures import agreed_postponement_counts_as_able, held_by, label, relations
from .period_report import PeriodReport, dated
from .xlsx_style import (
    BORDER,
    CHANGE_FORMAT,
    COUNT_FORMAT,
    FONT,
    HEADING_FILL,
    MONEY_CHANGE_FORMAT,
    MONEY_FORMAT,
    POINTS_FORMAT,
    RATE_FORMAT,
    figures_row,
    notes,
    print_as_form,
)
from .xlsx_style import block as _block
from .xlsx_style import text as _text

HEADER_ROWS = 3  # grouped headings: up to three levels
FIRST_TABLE_ROW = 6


@dataclass(frozen=True)
class Column:
    source: str     # a figure key, or target / target_delta / previous.<key> / change.<key>
    heading: tuple  # one to three levels; equal leading levels of neighbours are merged
    kind: str       # count, rate, points or change
    width: float = 12


def columns(unit: str) -> list[Column]:
    """The columns of one sheet, in order. The money sheet has "giảm, miễn" inside "thi hành xong"."""
    able, done, forward = label("with_conditions"), label("completed"), _("Carried forward to the next period")
    accepted, target, previous, change = (label("total_accepted"), _("Target"), _("Same period last year"),
                                          _("Change against the same period"))
    total = _("Total")
    cols = [
        Column("total_accepted", (accepted, total), "count"),
        *(Column(key, (accepted, label(key)), "count") for key in ("carried_over", "new")),
        *(Column(key, (label(key),), "count") for key in ("entrusted_out", "revoked", "to_enforce")),
        Column("with_conditions", (able, total), "count"),
        Column("completed", (able, done, total), "count"),
        Column("completed_actual", (able, done, _("Actually completed")), "count"),
        Column("terminated", (able, done, _("Terminated")), "count"),
    ]
    if unit == "money":
        cols.append(Column("reduced", (able, done, _("Exempted or reduced")), "count"))
    cols += [
        Column("in_progress", (able, label("in_progress")), "count"),
        Column("postponed", (label("postponed"), total), "count"),
        Column("postponed_agreed", (label("postponed"), _("Of which by the parties' agreement")), "count"),
        *(Column(key, (label(key),), "count") for key in ("suspended", "without_conditions")),
        Column("rate", (label("rate"),), "rate", 10),
        Column("carried_forward", (forward, total), "count"),
        Column("carried_forward_with_conditions", (forward, _("Of which able to enforce")), "count"),
        Column("target", (target, _("Target (%)")), "rate", 10),
        Column("target_delta", (target, _("Against the target (points)")), "points", 11),
        Column("previous.completed", (previous, done), "count"),
        Column("previous.rate", (previous, _("Rate (%)")), "rate", 10),
        Column("change.completed", (change, done), "change"),
        Column("change.rate", (change, _("Rate (points)")), "points", 11),
    ]
    if unit == "money":
        cols = [Column(c.source, c.heading, c.kind, c.width + 4 if c.kind in ("count", "change") else c.width)
                for c in cols]
    return cols


# How a column follows from the others, printed under its number: (1) = (2) + (3). The figures'
# own from their one definition (reports.figures.relations); these two are the report's.
REPORT_RELATIONS = {
    "target_delta": ("rate", "−", "target"),
    "change.rate": ("rate", "−", "previous.rate"),
}


def _number_label(cols, index) -> str:
    numbers = {c.source: i + 1 for i, c in enumerate(cols)}
    column = cols[index]
    label = f"({index + 1})"
    relation = {**relations("reduced" in numbers), **REPORT_RELATIONS}.get(column.source, ())
    if relation:
        label += "=" + "".join(f"({numbers[part]})" if part in numbers else part for part in relation)
    return label


def _value(row: dict, unit: str, source: str):
    if source in ("target", "target_delta"):
        target = row.get("target") or {}
        return target.get(unit if source == "target" else f"{unit}_delta")
    if "." in source:
        part, key = source.split(".")
        if part == "previous" and not row["previous"].get("has_data", True):
            return None  # no data for the same period: blank, not a row of zeros
        return row[part][unit].get(key)
    return row[unit].get(source)


def _format(kind: str, unit: str, source: str) -> str:
    if kind == "rate" or source == "rate":
        return RATE_FORMAT
    if kind == "points":
        return POINTS_FORMAT
    if kind == "change":
        return MONEY_CHANGE_FORMAT if unit == "money" else CHANGE_FORMAT
    return MONEY_FORMAT if unit == "money" else COUNT_FORMAT


def _title(unit: str) -> str:
    return _("Civil judgment enforcement results by number of cases") if unit == "cases" else _(
        "Civil judgment enforcement results by money")


def sheet_name(unit: str) -> str:
    return _("THADS results by cases") if unit == "cases" else _("THADS results by money")


def _notes(report: PeriodReport, unit: str, cols) -> list[str]:
    numbers = {c.source: i + 1 for i, c in enumerate(cols)}
    notes = []
    if agreed_postponement_counts_as_able():
        notes.append(_("Column (%(n)s) includes the cases postponed by the parties' agreement, which are also counted "
                       "under “Postponed”.") % {"n": numbers["with_conditions"]})
    notes.append(_("Columns (%(first)s)–(%(last)s): this year's target, and the same cumulative period of last year."
                   ) % {"first": numbers["target"], "last": len(cols)})
    if not report.figures["previous"].get("has_data", True):
        notes.append(_("No data for the same period of %(year)s: its columns are left blank.")
                     % {"year": report.period.year - 1})
    if held := held_by(report.figures):
        notes.insert(0, held)
    if report.rows_live:
        notes.append(_("The period is closed, but it was published without this breakdown: the rows below the total "
                       "are today's figures, the total row is the closed one."))
    closing = report.figures.get("closing") or {}
    if report.frozen and closing.get("live_differs"):
        notes.append(_("Warning: late entries accepted since the closing make today's figures differ from these."))
    check = (report.figures.get("carry_over_check") or {}).get(unit)
    if check and not check["ok"]:
        notes.append(_("Warning: carried over %(actual)s, but last year's carried forward less the separate register "
                       "gives %(expected)s.") % {"actual": formatting.integer(check["actual"]),
                                                 "expected": formatting.integer(check["expected"])})
    return notes


def _write_headings(ws, cols, top: int, by_officer: bool):
    font = Font(name=FONT, bold=True, size=10)
    wrap = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for c, text in ((1, _("No.")), (2, _("Enforcement officer") if by_officer else _("Unit"))):
        ws.cell(top, c, text)
        ws.merge_cells(start_row=top, start_column=c, end_row=top + HEADER_ROWS - 1, end_column=c)
    offset = 3
    for level in range(HEADER_ROWS):
        index = 0
        while index < len(cols):
            heading = cols[index].heading
            if len(heading) <= level:
                index += 1
                continue
            # The run of neighbours sharing this heading and everything above it.
            end = index
            while (end + 1 < len(cols) and len(cols[end + 1].heading) > level
                   and cols[end + 1].heading[:level + 1] == heading[:level + 1]):
                end += 1
            last_row = top + level if len(heading) > level + 1 else top + HEADER_ROWS - 1
            ws.cell(top + level, offset + index, heading[level])
            if end > index or last_row > top + level:
                ws.merge_cells(start_row=top + level, start_column=offset + index, end_row=last_row,
                               end_column=offset + end)
            index = end + 1
    numbers_row = top + HEADER_ROWS
    ws.cell(numbers_row, 1, "A")
    ws.cell(numbers_row, 2, "B")
    for i in range(len(cols)):
        ws.cell(numbers_row, offset + i, _number_label(cols, i))
    for row in ws.iter_rows(min_row=top, max_row=numbers_row, min_col=1, max_col=offset + len(cols) - 1):
        for cell in row:
            cell.font = font if cell.row < numbers_row else Font(name=FONT, italic=True, size=9)
            cell.alignment = wrap
            cell.border = BORDER
            cell.fill = HEADING_FILL
    ws.row_dimensions[top].height = 30
    ws.row_dimensions[top + 1].height = 45
    ws.row_dimensions[top + 2].height = 45
    return numbers_row


def _write_form_heading(ws, report: PeriodReport, unit: str, last_col: int):
    """The parts of a statistics form (domain primer §13): on the left the agency, the report's
    number and the form number; in the middle the title, the period and whose figures these are;
    on the right the reporting and receiving agencies and the unit of measure."""
    bold, plain = Font(name=FONT, bold=True, size=11), Font(name=FONT, size=10)
    blank = "…………………"
    left, middle, right = (1, 4), (5, last_col - 7), (last_col - 6, last_col)
    _block(ws, 1, *left, report.agency.name.upper(), bold)
    _block(ws, 2, *left, _("No.: %(number)s") % {"number": report.number or blank}, plain)
    _block(ws, 3, *left, _("Form No.: %(number)s") % {"number": report.form_number(unit) or blank}, plain)
    _block(ws, 2, *middle, _title(unit).upper(), Font(name=FONT, bold=True, size=14))
    _block(ws, 3, *middle, report.period.name, Font(name=FONT, bold=True, size=12))
    _block(ws, 1, *right, _("Reporting agency: %(agency)s") % {"agency": report.agency.name}, plain, "left")
    _block(ws, 2, *right, _("Receiving agency: %(agency)s") % {"agency": report.receiving_agency}, plain, "left")
    _block(ws, 3, *right, _("Unit of measure: cases") if unit == "cases" else _("Unit of measure: thousand đồng"),
           Font(name=FONT, italic=True, size=10), "left")
    _block(ws, 4, 1, last_col, report.status_line(),
           Font(name=FONT, italic=True, size=10, color="B3261E" if report.frozen else "404040"))
    for row in (1, 2, 3):
        ws.row_dimensions[row].height = 30


def _write_signatures(ws, report: PeriodReport, r: int, last_col: int):
    """Under the notes: the place and date, then who drew the form up, who checked it and the head,
    by name (the agency's signers, kept by its administrator)."""
    bold = Font(name=FONT, bold=True, size=11)
    hint, name = Font(name=FONT, italic=True, size=9), Font(name=FONT, bold=True, size=11)
    _block(ws, r, last_col - 6, last_col, dated(report), Font(name=FONT, italic=True))
    spans = ((1, 4), (5, last_col - 7), (last_col - 6, last_col))
    for (first, last), (title, help_text, person) in zip(spans, report.signatures(), strict=True):
        _block(ws, r + 1, first, last, title, bold)
        _block(ws, r + 2, first, last, help_text, hint)
        _block(ws, r + 6, first, last, person, name)


def _write_sheet(ws, report: PeriodReport, unit: str):
    cols = columns(unit)
    last_col = 2 + len(cols)
    figures = report.figures
    ws.sheet_view.showGridLines = False

    _write_form_heading(ws, report, unit, last_col)
    numbers_row = _write_headings(ws, cols, FIRST_TABLE_ROW, report.by_officer)
    total = {"label": _("Total"), **figures}
    lines = [("", total, True)]
    number = 0
    for row in report.rows:
        if not row.get("own"):
            number += 1
        lines.append(("" if row.get("own") else number, row, False))
    r = numbers_row
    for stt, row, is_total in lines:
        r += 1
        ws.cell(r, 1, stt)
        ws.cell(r, 2, _text(row["label"]) if not is_total else _("Total"))
        for i, column in enumerate(cols):
            cell = ws.cell(r, 3 + i, _value(row, unit, column.source))
            cell.number_format = _format(column.kind, unit, column.source)
        figures_row(ws, r, last_col, is_total=is_total)

    r = notes(ws, r + 2, _notes(report, unit, cols), last_col)
    _write_signatures(ws, report, r + 1, last_col)

    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 34
    for i, column in enumerate(cols):
        ws.column_dimensions[get_column_letter(3 + i)].width = column.width
    print_as_form(ws, FIRST_TABLE_ROW, numbers_row)


def build(report: PeriodReport, progress=None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for unit in ("cases", "money"):
        _write_sheet(workbook.create_sheet(sheet_name(unit)), report, unit)
        if progress:
            progress()
    if report.thahc:  # the inter-agency form of the followed administrative judgments
        thahc_xlsx.write_sheet(workbook.create_sheet(thahc_xlsx.sheet_name()), report)
    workbook.properties.title = f"{_title('cases')} — {report.period.short_name}"
    workbook.properties.creator = "THADS"
    sheets.xlsx_text_only(workbook)  # names typed by people stay text, never formulas
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
