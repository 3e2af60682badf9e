"""The inter-agency sheet of the period report: Biểu mẫu số 03/TKLN-THADS (TTLT 12/2021), the
administrative judgments the courts transferred and the result of following them, co-signed by the
court of the same level (domain primer §11, §13).

Numbered columns (1)–(9) as reports.thahc defines them, the completion rate, and the same period
of last year; the total row then one row per unit (or officer); every row satisfies
(1) = (2) + (3), (2) = (4) + (5) = (6) + (7) + (8) on its own numbers.
"""

import re

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import thahc
from .period_report import PeriodReport, dated
from .xlsx_style import BORDER, COUNT_FORMAT, FONT, HEADING_FILL, RATE_FORMAT, figures_row, notes, print_as_form
from .xlsx_style import block as _block
from .xlsx_style import text as _text

FORM_NUMBER = "03/TKLN-THADS"
FIRST_TABLE_ROW = 6
# (key, group heading or None, column heading, relation printed under the number)
COLUMNS = (
    ("transferred", None, "transferred", "=(2)+(3)"),
    ("followed", "split", "followed", "=(4)+(5)"),
    ("counted", "split", "counted", ""),
    ("carried_over", "of_followed", "carried_over", ""),
    ("new", "of_followed", "new", ""),
    ("completed", "result", "completed", ""),
    ("ended", "result", "ended", ""),
    ("still_followed", "result", "still_followed", "=(2)−(6)−(7)"),
    ("compelled", None, "compelled", ""),  # a part of (2), not a result
    ("rate", None, "rate", "=(6):(2)"),
    ("previous.followed", "previous", "followed", ""),
    ("previous.completed", "previous", "completed", ""),
)
AGENCY_WORDS = re.compile(r"^(?:Phòng |Chi cục |Cục )?Thi hành án dân sự", re.IGNORECASE)


def sheet_name() -> str:
    return _("THAHC followed")


def court_of(agency) -> str:
    """The court of the same level, which co-signs: "Thi hành án dân sự tỉnh X" → "Tòa án nhân dân tỉnh X"."""
    if agency.level == agency.Level.CENTRAL:
        return "Tòa án nhân dân tối cao"
    name = AGENCY_WORDS.sub("Tòa án nhân dân", agency.name, count=1)
    return name if name != agency.name else f"Tòa án nhân dân {agency.place()}"


def _groups() -> dict:
    return {"split": _("Of which"), "of_followed": _("With content to follow, of which"),
            "result": _("Result of the follow-up"), "previous": _("Same period last year")}


def _heading(key) -> str:
    if key == "rate":
        return _("Completion rate (%)")
    return str(thahc.LABELS[key])


def _value(figures, previous, key):
    if key == "rate":
        return figures.completion_rate
    if key.startswith("previous."):
        return None if previous is None else previous[key.split(".")[1]]
    return figures[key]


def write_sheet(ws, report: PeriodReport):
    data = report.thahc
    last_col = 2 + len(COLUMNS)
    ws.sheet_view.showGridLines = False
    bold, plain = Font(name=FONT, bold=True, size=11), Font(name=FONT, size=10)
    blank = "…………………"
    left, middle, right = (1, 3), (4, last_col - 4), (last_col - 3, last_col)
    _block(ws, 1, *left, report.agency.name.upper(), bold)
    _block(ws, 2, *left, _("No.: %(number)s") % {"number": report.number or blank}, plain)
    _block(ws, 3, *left, _("Form No.: %(number)s") % {"number": FORM_NUMBER}, plain)
    title = ws.cell(1, middle[0], _("Statistics of the judgments and decisions of the courts on administrative "
                                     "cases transferred, and of the result of following administrative judgment "
                                     "enforcement").upper())
    title.font = Font(name=FONT, bold=True, size=13)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    _block(ws, 3, *middle, report.period.name, Font(name=FONT, bold=True, size=12))
    _block(ws, 1, *right, _("Reporting agency: %(agency)s") % {"agency": report.agency.name}, plain, "left")
    _block(ws, 2, *right, _("Receiving agency: %(agency)s") % {"agency": report.receiving_agency}, plain, "left")
    _block(ws, 3, *right, _("Unit of measure: judgments, decisions"), Font(name=FONT, italic=True, size=10), "left")
    ws.merge_cells(start_row=1, start_column=middle[0], end_row=2, end_column=middle[1])
    for row in (1, 2, 3):
        ws.row_dimensions[row].height = 30

    top = FIRST_TABLE_ROW
    head, wrap = Font(name=FONT, bold=True, size=10), Alignment(horizontal="center", vertical="center",
                                                                wrap_text=True)
    for c, text in ((1, _("No.")), (2, _("Enforcement officer") if report.by_officer else _("Unit"))):
        ws.cell(top, c, text)
        ws.merge_cells(start_row=top, start_column=c, end_row=top + 1, end_column=c)
    groups, index = _groups(), 0
    while index < len(COLUMNS):
        _key, group, heading, _relation = COLUMNS[index]
        column = 3 + index
        if group is None:
            ws.cell(top, column, _heading(heading))
            ws.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
            index += 1
            continue
        end = index
        while end + 1 < len(COLUMNS) and COLUMNS[end + 1][1] == group:
            end += 1
        ws.cell(top, column, groups[group])
        ws.merge_cells(start_row=top, start_column=column, end_row=top, end_column=3 + end)
        for i in range(index, end + 1):
            ws.cell(top + 1, 3 + i, _heading(COLUMNS[i][2]))
        index = end + 1
    numbers_row = top + 2
    ws.cell(numbers_row, 1, "A")
    ws.cell(numbers_row, 2, "B")
    for i, (_key, _group, _heading_key, relation) in enumerate(COLUMNS):
        ws.cell(numbers_row, 3 + i, f"({i + 1}){relation}")
    for row in ws.iter_rows(min_row=top, max_row=numbers_row, min_col=1, max_col=last_col):
        for cell in row:
            cell.font = head if cell.row < numbers_row else Font(name=FONT, italic=True, size=9)
            cell.alignment = wrap
            cell.border = BORDER
            cell.fill = HEADING_FILL
    ws.row_dimensions[top].height = 30
    ws.row_dimensions[top + 1].height = 75

    rows = data["officers"] if report.by_officer else data["children"]
    lines = [("", _("Total"), data["figures"], data["previous"], True)]
    number = 0
    for row in rows:
        if not row.get("own"):
            number += 1
        lines.append(("" if row.get("own") else number, row["label"], row["figures"], row["previous"], False))
    r = numbers_row
    for stt, name, figures, previous, is_total in lines:
        r += 1
        ws.cell(r, 1, stt)
        ws.cell(r, 2, _text(str(name)))
        for i, (key, *_rest) in enumerate(COLUMNS):
            cell = ws.cell(r, 3 + i, _value(figures, previous, key))
            cell.number_format = RATE_FORMAT if key == "rate" else COUNT_FORMAT
        figures_row(ws, r, last_col, is_total=is_total)

    lines = [_("(1) = (2) + (3); (2) = (4) + (5) = (6) + (7) + (8); (9) is a part of (2); (10) = (6) / (2)."),
             _("Columns (11)–(12): the same cumulative period of last year."),
             _("A judgment counts for the agency following it now.")]
    if report.by_officer:
        lines.append(_("By officer: the officer following the judgment now."))
    for problem in data["figures"].problems():
        lines.append(_("Warning: %(problem)s") % {"problem": problem})
    r = notes(ws, r + 2, lines, last_col)
    _signatures(ws, report, r + 1, last_col)

    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 44
    for i in range(len(COLUMNS)):
        ws.column_dimensions[get_column_letter(3 + i)].width = 12
    print_as_form(ws, FIRST_TABLE_ROW, numbers_row)


def _signatures(ws, report: PeriodReport, r: int, last_col: int):
    """Who drew it up, who checked it, the court of the same level, which co-signs (an inter-agency
    form), and the head of the agency."""
    bold = Font(name=FONT, bold=True, size=11)
    hint, name = Font(name=FONT, italic=True, size=9), Font(name=FONT, bold=True, size=11)
    _block(ws, r, last_col - 3, last_col, dated(report), Font(name=FONT, italic=True))
    prepared, checked, head = report.signatures()
    court = (_("FOR %(court)s") % {"court": court_of(report.agency).upper()}, _("(signature, full name, seal)"), "")
    spans = ((1, 3), (4, 6), (7, last_col - 4), (last_col - 3, last_col))
    for (first, last), (title, help_text, person) in zip(spans, (prepared, checked, court, head), strict=True):
        _block(ws, r + 1, first, last, title, bold)
        _block(ws, r + 2, first, last, help_text, hint)
        _block(ws, r + 6, first, last, person, name)
