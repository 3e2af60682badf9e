"""The look of the report's sheets: the official font, number formats, borders and fills, and
the lines of a form's heading and signatures."""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, PatternFill, Side

FONT = "Times New Roman"  # the font of official documents (Nghị định 30/2020/NĐ-CP)

COUNT_FORMAT = "#,##0"
MONEY_FORMAT = "#,##0,"  # the trailing comma shows đồng as nghìn đồng
RATE_FORMAT = "0.00"
POINTS_FORMAT = "+0.00;-0.00;0.00"
CHANGE_FORMAT = "+#,##0;-#,##0;0"
MONEY_CHANGE_FORMAT = "+#,##0,;-#,##0,;0"

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


