"""The look of the report's sheets: the official font, number formats, borders and fills, and
the lines of a form's heading and signatures."""

from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

FONT = "Times New Roman"  # the font of official documents (Nghị định 30/2020/NĐ-CP)

COUNT_FORMAT = "#,##0"
MONEY_FORMAT = "#,##0,"  # the trailing comma shows đồng as nghìn đồng
RATE_FORMAT = "0.00"
# Changes with a plus and a true minus sign (U+2212, quoted: Excel shows only a few bare symbols).
POINTS_FORMAT = '+0.00;"−"0.00;0.00'
CHANGE_FORMAT = '+#,##0;"−"#,##0;0'
MONEY_CHANGE_FORMAT = '+#,##0,;"−"#,##0,;0'

thin = Side(style="thin", color="808080")
BORDER = Border(left=thin, right=thin, top=thin, bottom=thin)
HEADING_FILL = PatternFill("solid", fgColor="E8EEF4")
TOTAL_FILL = PatternFill("solid", fgColor="FFF4D6")


def text(value: str) -> str:
    """Names come from other systems: drop the control characters a spreadsheet cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def block(ws, row, first, last, value, font, horizontal="center"):
    """A line of the form's heading or signatures across columns `first`–`last`."""
    ws.cell(row, first, text(value)).font = font
    ws.cell(row, first).alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)




def figures_row(ws, r: int, last_col: int, *, is_total: bool):
    """A row of the table as a form prints it: borders, the total row bold on its fill, the number
    centred and the name wrapped."""
    for cell in ws[r][:last_col]:
        cell.border = BORDER
        cell.font = Font(name=FONT, bold=is_total, size=10)
        if is_total:
            cell.fill = TOTAL_FILL
    ws.cell(r, 1).alignment = Alignment(horizontal="center")
    ws.cell(r, 2).alignment = Alignment(wrap_text=True, vertical="center")


def notes(ws, r: int, lines, last_col: int) -> int:
    """The notes under the table, one a line across it; returns the row after them."""
    for line in lines:
        ws.cell(r, 1, line).font = Font(name=FONT, italic=True, size=9)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last_col)
        r += 1
    return r


def print_as_form(ws, first_row: int, numbers_row: int):
    """Printed as a form: A4 landscape as wide as the table, its headings on every page, the
    names and numbers frozen on screen, the page number below."""
    ws.freeze_panes = ws.cell(numbers_row + 1, 3)
    ws.print_title_rows = f"{first_row}:{numbers_row}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = _("Page &P of &N")
    ws.oddFooter.center.size = 9
