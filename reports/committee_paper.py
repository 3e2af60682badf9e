"""The steering committee's paper: the list of cases brought before it, as XLSX and PDF, sent to
its members at least 03 working days before a meeting (domain primer §12). No official template
exists; the columns are what the committee needs per case."""

import io
import re
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from thads import formatting, sheets

from . import pdf
from .committee import PaperRow, papers_due
from .xlsx_style import BORDER, FONT, HEADING_FILL, block, text

# (heading, width in the spreadsheet, share of the PDF's width)
COLUMNS = (
    (_("No."), 4, 0.03), (_("Case"), 16, 0.1), (_("Unit, officer"), 14, 0.08), (_("Parties"), 18, 0.1),
    (_("Obligation"), 18, 0.09), (_("Value and remaining"), 17, 0.1), (_("State of enforcement"), 13, 0.07),
    (_("Category"), 13, 0.07), (_("Obstacle"), 22, 0.1), (_("Agencies whose help is needed"), 16, 0.07),
    (_("Proposal"), 20, 0.09), (_("Committee's last conclusion"), 24, 0.1),
)
LINE_POINTS = 12  # a wrapped line of 9-point text


def _conclusion(row: PaperRow) -> str:
    conclusion = row.last_conclusion
    if conclusion is None:
        return _("Not yet discussed")
    state = (_("done on %(date)s") % {"date": formatting.date(conclusion.done_on)} if conclusion.done_on
             else _("not yet done"))
    return _("Meeting of %(meeting)s: %(content)s Lead: %(lead)s; deadline %(deadline)s; %(state)s.") % {
        "meeting": formatting.date(conclusion.meeting.held_on), "content": conclusion.content,
        "lead": conclusion.lead_agency, "deadline": formatting.date(conclusion.deadline), "state": state}


def _cells(number, row: PaperRow) -> list[str]:
    item = row.item
    planned = _("planned %(date)s") % {"date": formatting.date(item.planned_on)} if item.planned_on else ""
    proposal = f"{item.proposal} ({planned})" if planned else item.proposal
    return [str(number), row.reference, f"{row.unit}; {row.officer}", row.parties, row.obligation, row.value,
            row.state, str(item.get_category_display()), item.obstacle, item.help_needed, proposal, _conclusion(row)]


AGENCY_WORDS = re.compile(r"^(?:Cục\s+)?Thi hành án dân sự\s+", re.IGNORECASE)


def province_words(committee) -> str:
    """"tỉnh Tuyên Quang", "thành phố Hà Nội": the province as the agency's own name says it."""
    return AGENCY_WORDS.sub("", committee.name).strip() or committee.name


def _titles(committee, meeting_day) -> list[str]:
    lines = [_("List of the cases proposed to the steering committee for civil judgment enforcement of %(place)s")
             % {"place": province_words(committee)}]
    if meeting_day is not None:
        lines.append(_("Papers for the meeting of %(day)s; to reach the members by %(due)s (03 working days before).")
                     % {"day": formatting.date(meeting_day), "due": formatting.date(papers_due(meeting_day))})
    return lines


def xlsx(rows, *, committee, meeting_day, dated, signers) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = _("Committee list")[:31]
    last = len(COLUMNS)
    bold = Font(name=FONT, bold=True, size=11)
    block(ws, 1, 1, 4, committee.name.upper(), bold)
    block(ws, 1, last - 5, last, _("SOCIALIST REPUBLIC OF VIETNAM"), bold)
    block(ws, 2, last - 5, last, _("Independence - Freedom - Happiness"), bold)
    block(ws, 3, last - 5, last, dated, Font(name=FONT, italic=True, size=10))
    for index, line in enumerate(_titles(committee, meeting_day)):
        block(ws, 4 + index, 1, last, line.upper() if index == 0 else line,
              Font(name=FONT, bold=index == 0, size=13 if index == 0 else 10))
    top = 7
    for column, (heading, width, _share) in enumerate(COLUMNS, start=1):
        cell = ws.cell(top, column, str(heading))
        cell.font, cell.fill, cell.border = Font(name=FONT, bold=True, size=9), HEADING_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(column)].width = width
    for number, row in enumerate(rows, start=1):
        r = top + number
        values = _cells(number, row)
        for column, value in enumerate(values, start=1):
            cell = ws.cell(r, column, text(value))
            cell.font, cell.border = Font(name=FONT, size=9), BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        # Spreadsheets do not grow a row to its wrapped text when they open a file: say how tall it is.
        lines = max(-(-len(value) // max(1, int(width * 1.25)))
                    for value, (_h, width, _s) in zip(values, COLUMNS, strict=True))
        ws.row_dimensions[r].height = LINE_POINTS * max(1, lines) + 4
    ws.row_dimensions[top].height = LINE_POINTS * 3
    if not rows:
        block(ws, top + 1, 1, last, _("No case is before the committee."), Font(name=FONT, italic=True))
    r = top + max(1, len(rows)) + 2
    block(ws, r, last - 5, last, signers["head_title"].upper(), bold)
    block(ws, r + 1, last - 5, last, _("(signature, full name, seal)"), Font(name=FONT, italic=True, size=9))
    block(ws, r + 5, last - 5, last, signers["head_name"], bold)
    ws.print_title_rows = f"{top}:{top}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.freeze_panes = ws.cell(top + 1, 3)
    ws.oddFooter.center.text = _("Page &P of &N")
    sheets.xlsx_text_only(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_file(rows, *, committee, meeting_day, dated, signers) -> bytes:
    pdf._register_fonts()
    styles = pdf._styles()
    out = io.BytesIO()
    size = landscape(A4)
    width = size[0] - 20 * mm
    doc = SimpleDocTemplate(out, pagesize=size, leftMargin=10 * mm, rightMargin=10 * mm, topMargin=10 * mm,
                            bottomMargin=12 * mm, title=_("Steering committee list"), author="THADS",
                            subject=committee.name, initialFontName=pdf.FONT)
    titles = _titles(committee, meeting_day)
    story = [Table([[Paragraph(escape(committee.name.upper()), styles["agency"]),
                     [Paragraph(escape(_("SOCIALIST REPUBLIC OF VIETNAM")), styles["motto"]),
                      Paragraph(escape(_("Independence - Freedom - Happiness")), styles["motto"]),
                      Paragraph(escape(dated), styles["dated"])]]], colWidths=[width / 2, width / 2]),
             Spacer(1, 3 * mm), Paragraph(escape(titles[0].upper()), styles["title"])]
    story += [Paragraph(escape(line), styles["subtitle"]) for line in titles[1:]]
    story.append(Spacer(1, 3 * mm))
    header = [Paragraph(escape(str(heading)), styles["heading_cell"]) for heading, _w, _s in COLUMNS]
    body = [[Paragraph(escape(value), styles["cell"]) for value in _cells(n, row)] for n, row in enumerate(rows, 1)]
    if not body:
        body = [[Paragraph(escape(_("No case is before the committee.")), styles["cell"])] + [""] * (len(COLUMNS) - 1)]
    table = Table([header, *body], colWidths=[width * share for _h, _w, share in COLUMNS], repeatRows=1)
    style = pdf._table_style()
    style.add("VALIGN", (0, 1), (-1, -1), "TOP")
    style.add("ALIGN", (0, 1), (-1, -1), "LEFT")
    table.setStyle(style)
    story.append(table)
    story += [Spacer(1, 6 * mm), Table([["", [
        Paragraph(escape(signers["head_title"].upper()), styles["agency"]),
        Paragraph(escape(_("(signature, full name, seal)")), styles["hint"]), Spacer(1, 16 * mm),
        Paragraph(escape(signers["head_name"]), styles["agency"])]]], colWidths=[width * 0.6, width * 0.4])]
    doc.build(story)
    return out.getvalue()
