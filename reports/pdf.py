"""The period report as a PDF summary for leadership (A4, fonts embedded): the narrative, the key
figures against last year and the target, the dashboard's charts, the ranking and the focus lists.

Drawn with ReportLab; DejaVu Sans (vendored) carries every Vietnamese letter, and only the glyphs
used are embedded.
"""

import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing, Line, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from thads import formatting

from .calendar import month_labels
from .figures import COMPOSITION, LABELS, held_by, label
from .narrative import paragraphs
from .period_report import PeriodReport, dated

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "dejavu-fonts-2.37"
FONT, BOLD, NARROW, NARROW_BOLD = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSansCondensed", "DejaVuSansCondensed-Bold"
PAGE_WIDTH = A4[0] - 30 * mm
RANKING_SHOWN = 40  # longer rankings show the best and worst halves; the spreadsheet has every row

CASES_COLOR, MONEY_COLOR, TARGET_COLOR = colors.HexColor("#0b5cad"), colors.HexColor("#c26a00"), colors.HexColor("#b3261e")
PREVIOUS_CASES, PREVIOUS_MONEY = colors.HexColor("#8fb3da"), colors.HexColor("#e3b47a")
PART_COLORS = [colors.HexColor(c) for c in ("#1e7b34", "#0b5cad", "#d9a400", "#a86400", "#b3261e")]
GRID = colors.HexColor("#9aa5b1")
HEADING_BACKGROUND = colors.HexColor("#e8eef4")


def _register_fonts():
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf"), (NARROW, "DejaVuSansCondensed.ttf"),
                       (NARROW_BOLD, "DejaVuSansCondensed-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    # Charts start from Helvetica, which would be referenced without being embedded; every text
    # sets its own font, so the default only has to be one of ours.
    STATE_DEFAULTS["fontName"] = NARROW


def _styles() -> dict:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13.5, alignment=TA_JUSTIFY, spaceAfter=5)
    return {
        "body": base,
        "agency": ParagraphStyle("agency", parent=base, fontName=BOLD, fontSize=10, alignment=TA_CENTER),
        "motto": ParagraphStyle("motto", parent=base, fontName=BOLD, fontSize=10, alignment=TA_CENTER, spaceAfter=6),
        "dated": ParagraphStyle("dated", parent=base, fontSize=9.5, alignment=TA_CENTER),
        "hint": ParagraphStyle("hint", parent=base, fontSize=8.5, alignment=TA_CENTER),
        "unit": ParagraphStyle("unit", parent=base, fontSize=8.5, alignment=TA_RIGHT, spaceAfter=2),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER,
                                spaceBefore=6),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10.5, alignment=TA_CENTER),
        "status": ParagraphStyle("status", parent=base, fontSize=8.5, alignment=TA_CENTER,
                                 textColor=colors.HexColor("#b3261e")),
        "as_of": ParagraphStyle("as_of", parent=base, fontSize=8.5, alignment=TA_CENTER,
                                textColor=colors.HexColor("#505a66")),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4,
                             alignment=0),
        "cell": ParagraphStyle("cell", parent=base, fontName=NARROW, fontSize=8, leading=10, alignment=0, spaceAfter=0),
        "heading_cell": ParagraphStyle("heading_cell", parent=base, fontName=NARROW_BOLD, fontSize=7.5, leading=9,
                                       alignment=TA_CENTER, spaceAfter=0),
        "note": ParagraphStyle("note", parent=base, fontSize=7.5, leading=10, textColor=colors.HexColor("#404040")),
    }


def _table_style(header_rows=1, total_row=None) -> TableStyle:
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), NARROW), ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("FONTNAME", (0, 0), (-1, header_rows - 1), NARROW_BOLD),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADING_BACKGROUND),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, header_rows), (-1, -1), "RIGHT"), ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if total_row is not None:
        commands += [("FONTNAME", (0, total_row), (-1, total_row), NARROW_BOLD),
                     ("BACKGROUND", (0, total_row), (-1, total_row), colors.HexColor("#fff4d6"))]
    return TableStyle(commands)


def _kpi_table(report: PeriodReport) -> Table:
    figures = report.figures
    target = figures.get("target") or {}
    change = pgettext("same-period comparison", "Change")
    header = [[_("Figure"), _("By cases"), "", "", _("By money (billion đồng)"), "", ""],
              ["", _("This period"), _("Same period"), change, _("This period"), _("Same period"), change]]
    rows = []
    known = figures["previous"].get("has_data", True)
    # The parts of "to enforce" in the table's order, so that the rows add up as the official table's
    # do (the agreed postponements a row of their own, inside "postponed").
    keys = ("to_enforce", "completed", "in_progress", "postponed", "postponed_agreed", "suspended",
            "without_conditions", "with_conditions", "rate", "carried_forward")
    for key in keys:
        line = [str(LABELS[key])]
        for unit in ("cases", "money"):
            now, then, change = figures[unit][key], figures["previous"][unit][key], figures["change"][unit][key]
            if not known:
                line += [formatting.percent(now) if key == "rate" else formatting.integer(now) if unit == "cases"
                         else formatting.billions(now, unit=False), "—", ""]  # the paragraph above says why
            elif key == "rate":
                line += [formatting.percent(now), formatting.percent(then), formatting.signed_points(change)]
            elif unit == "cases":
                line += [formatting.integer(now), formatting.integer(then), formatting.signed(change)]
            else:
                line += [formatting.billions(now, unit=False), formatting.billions(then, unit=False),
                         formatting.signed_billions(change, unit=False)]
        rows.append(line)
    if target:
        line = [_("Target (%)")]
        for unit in ("cases", "money"):
            line += [formatting.percent(target[unit]), "", ""]
        rows.append(line)
        line = [_("Against the target (points)")]
        for unit in ("cases", "money"):
            line += [formatting.signed_points(target[f"{unit}_delta"]), "", ""]
        rows.append(line)
    table = Table(header + rows, colWidths=[68 * mm] + [18.5 * mm] * 6, repeatRows=2)  # room for the agreed row's label
    style = _table_style(header_rows=2)
    style.add("SPAN", (1, 0), (3, 0))
    style.add("SPAN", (4, 0), (6, 0))
    style.add("SPAN", (0, 0), (0, 1))
    style.add("FONTNAME", (0, 2), (0, -1), NARROW)
    rate_row = 2 + keys.index("rate")
    style.add("FONTNAME", (0, rate_row), (-1, rate_row), NARROW_BOLD)
    table.setStyle(style)
    return table


def _axis_fonts(chart):
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = NARROW
        axis.labels.fontSize = 7


def _legend(items, x, y, columns=2) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = NARROW, 7.5
    legend.alignment = "right"
    legend.columnMaximum = max(1, (len(items) + columns - 1) // columns)
    legend.dx = legend.dy = 7
    legend.deltax = 150
    legend.colorNamePairs = items
    return legend


def _units_chart(report: PeriodReport) -> Drawing | None:
    """Rate by cases and by money of each unit (or officer), with each one's target as a red tick."""
    rows = [r for r in report.rows if not r.get("own")]
    if not rows or len(rows) > RANKING_SHOWN:
        return None
    bar_height = 15
    height = len(rows) * bar_height + 60
    drawing = Drawing(PAGE_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 40
    chart.width, chart.height = PAGE_WIDTH - 170, len(rows) * bar_height
    ordered = list(reversed(rows))  # the first unit on top
    chart.data = [[r["cases"]["rate"] or 0 for r in ordered], [r["money"]["rate"] or 0 for r in ordered]]
    chart.categoryAxis.categoryNames = [_short(_label(r), 34) for r in ordered]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 10
    chart.valueAxis.labelTextFormat = "%d %%"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dde3e9")
    chart.bars[0].fillColor, chart.bars[1].fillColor = CASES_COLOR, MONEY_COLOR
    chart.bars.strokeColor = None
    chart.barSpacing, chart.groupSpacing = 0.5, 3
    _axis_fonts(chart)
    drawing.add(chart)
    step = chart.height / len(ordered)
    has_target = False
    for i, row in enumerate(ordered):
        target = (row.get("target") or {}).get("cases")
        if target is None:
            continue
        has_target = True
        x = chart.x + chart.width * float(target) / 100
        drawing.add(Line(x, chart.y + i * step + 1, x, chart.y + (i + 1) * step - 1, strokeColor=TARGET_COLOR,
                         strokeWidth=2))
    items = [(CASES_COLOR, _("Rate by cases (%)")), (MONEY_COLOR, _("Rate by money (%)"))]
    if has_target:
        items.append((TARGET_COLOR, _("Target by cases")))
    drawing.add(_legend(items, chart.x, 14, columns=3))
    return drawing


def _months_chart(report: PeriodReport) -> Drawing:
    """The cumulative rates month by month, this statistical year against the previous one."""
    drawing = Drawing(PAGE_WIDTH, 200)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 35, 50, PAGE_WIDTH - 50, 135
    shown = report.period.months
    series = report.series

    def line(label, unit, limit=12):
        return [(m[label][unit]["rate"] if i < limit else None) for i, m in enumerate(series)]

    chart.data = [line("current", "cases", shown), line("previous", "cases"), line("current", "money", shown),
                  line("previous", "money")]
    year = report.period.year
    chart.categoryAxis.categoryNames = month_labels(year, short=True)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labelTextFormat = "%d %%"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dde3e9")
    for i, (color, width, dash) in enumerate(((CASES_COLOR, 2, None), (PREVIOUS_CASES, 1.2, (3, 2)),
                                              (MONEY_COLOR, 2, None), (PREVIOUS_MONEY, 1.2, (3, 2)))):
        chart.lines[i].strokeColor, chart.lines[i].strokeWidth = color, width
        if dash:
            chart.lines[i].strokeDashArray = dash
        # A line needs two months with a rate (a first month, or a year without cases, has one or
        # none: reportlab refuses a line of one point); each month's rate is also a dot.
        points = sum(value is not None for value in chart.data[i])
        chart.lines[i].lineStyle = "joinedLine" if points >= 2 else "line"
        chart.lines[i].symbol = makeMarker("FilledCircle", size=3 if points >= 2 else 4)
    chart.joinedLines = False
    _axis_fonts(chart)
    drawing.add(chart)
    target = report.figures.get("target") or {}
    for unit, color in (("cases", CASES_COLOR), ("money", MONEY_COLOR)):
        if target.get(unit) is not None:
            y = chart.y + chart.height * float(target[unit]) / 100
            drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=color, strokeWidth=0.8,
                             strokeDashArray=(1, 2)))
    items = [(CASES_COLOR, _("Rate by cases, year %(year)s") % {"year": year}),
             (PREVIOUS_CASES, _("Rate by cases, year %(year)s") % {"year": year - 1}),
             (MONEY_COLOR, _("Rate by money, year %(year)s") % {"year": year}),
             (PREVIOUS_MONEY, _("Rate by money, year %(year)s") % {"year": year - 1})]
    drawing.add(_legend(items, chart.x, 22, columns=2))
    if target:
        drawing.add(String(chart.x + chart.width, chart.y + chart.height + 4, _("Dotted lines: this year's targets."),
                           fontName=NARROW, fontSize=7, fillColor=colors.HexColor("#404040"), textAnchor="end"))
    return drawing


def _composition_chart(report: PeriodReport) -> Drawing:
    """What became of the cases (and the money) to enforce: shares of the whole, as on the dashboard."""
    parts = [(key, label(key)) for key in COMPOSITION]
    drawing = Drawing(PAGE_WIDTH, 122)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 70, 57, PAGE_WIDTH - 90, 56
    shares = []
    for unit in ("money", "cases"):  # cases on top
        values = [report.figures[unit][key] for key, _label in parts]
        whole = sum(values) or 1
        shares.append([100 * v / whole for v in values])
    chart.data = [[shares[0][i], shares[1][i]] for i in range(len(parts))]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [_("By money"), _("By cases")]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labelTextFormat = "%d %%"
    for i, color in enumerate(PART_COLORS):
        chart.bars[i].fillColor = color
    chart.bars.strokeWidth = 0.3
    chart.bars.strokeColor = colors.white
    chart.barLabelFormat = lambda v: formatting.percent(v, 1) if v >= 6 else ""
    chart.barLabels.fontName, chart.barLabels.fontSize, chart.barLabels.fillColor = NARROW, 7, colors.white
    chart.barLabels.boxTarget = "mid"
    _axis_fonts(chart)
    drawing.add(chart)
    drawing.add(_legend([(PART_COLORS[i], label) for i, (_key, label) in enumerate(parts)], chart.x, 30, columns=3))
    return drawing


def _label(row) -> str:
    return row.get("short_label") or row["label"]


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ranking_table(report: PeriodReport, styles) -> list:
    ranked = report.ranking
    if not ranked:
        return []
    header = [[Paragraph(escape(text), styles["heading_cell"]) for text in (
        "#", _("Enforcement officer") if report.by_officer else _("Unit"), label("with_conditions"), label("completed"),
        _("Rate by cases"), _("Against the target (points)"), _("Against the same period (points)"), _("Rate by money"),
        _("Against the target (points)"))]]
    shown = list(enumerate(ranked, start=1))
    hidden = 0
    if len(shown) > RANKING_SHOWN:
        hidden = len(shown) - RANKING_SHOWN
        shown = shown[: RANKING_SHOWN // 2] + [None] + shown[-RANKING_SHOWN // 2:]
    rows = []
    for item in shown:
        if item is None:
            rows.append(["", _("… %(n)s more rows in the spreadsheet") % {"n": formatting.integer(hidden)}] + [""] * 7)
            continue
        place, row = item
        target = row.get("target") or {}
        rows.append([str(place), Paragraph(escape(_label(row)), styles["cell"]),
                     formatting.integer(row["cases"]["with_conditions"]), formatting.integer(row["cases"]["completed"]),
                     formatting.percent(row["cases"]["rate"]), formatting.signed_points(target.get("cases_delta")),
                     formatting.signed_points(row["change"]["cases"]["rate"]), formatting.percent(row["money"]["rate"]),
                     formatting.signed_points(target.get("money_delta"))])
    table = Table(header + rows, colWidths=[8 * mm, 52 * mm, 19 * mm, 17 * mm, 17 * mm, 17 * mm, 17 * mm, 17 * mm,
                                            16 * mm], repeatRows=1)
    style = _table_style()
    style.add("ALIGN", (0, 1), (0, -1), "CENTER")
    for i, row in enumerate(rows, start=1):
        for column in (5, 6, 8):  # what fell short, in red
            if str(row[column]).startswith("\u2212"):
                style.add("TEXTCOLOR", (column, i), (column, i), TARGET_COLOR)
    table.setStyle(style)
    return [table]


def _focus_table(report: PeriodReport) -> Table:
    rows = [[item["label"], formatting.integer(item["count"])] for item in report.focus]
    table = Table([[_("List"), _("Cases")]] + rows, colWidths=[120 * mm, 25 * mm])
    table.setStyle(_table_style())
    return table


def _footer(report: PeriodReport):
    text = f"THADS · {report.agency.short_name} · {report.period.short_name}"

    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont(NARROW, 7.5)
        canvas.setFillColor(colors.HexColor("#606060"))
        canvas.drawString(15 * mm, 9 * mm, text)
        canvas.drawRightString(A4[0] - 15 * mm, 9 * mm, _("Page %(page)s") % {"page": doc.page})
        canvas.restoreState()

    return draw


def _national_heading(report: PeriodReport, styles) -> Table:
    """A report document's opening (domain primer §13): the agency on the left; the national heading
    (Quốc hiệu, Tiêu ngữ) and the place and date on the right."""
    left = [Paragraph(escape(report.agency.name.upper()), styles["agency"]),
            Paragraph(escape(_("No.: %(number)s") % {"number": report.number or "…………………"}), styles["dated"])]
    right = [Paragraph(escape(_("SOCIALIST REPUBLIC OF VIETNAM")), styles["agency"]),
             Paragraph(escape(_("Independence - Freedom - Happiness")), styles["motto"]),
             Paragraph(escape(dated(report)), styles["dated"])]
    table = Table([[left, right]], colWidths=[75 * mm, 105 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("FONTNAME", (0, 0), (-1, -1), FONT)]))  # else Helvetica, never embedded
    return table


def _signatures(report: PeriodReport, styles) -> KeepTogether:
    """Who drew the report up, who checked it and the head, by name (the agency's signers)."""
    cells = [[Paragraph(escape(title), styles["agency"]), Paragraph(escape(hint), styles["hint"]), Spacer(1, 18 * mm),
              Paragraph(escape(person), styles["agency"])] for title, hint, person in report.signatures()]
    table = Table([cells], colWidths=[60 * mm] * 3)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT)]))
    return KeepTogether([Spacer(1, 6 * mm), table])


def build(report: PeriodReport, progress=None) -> bytes:
    _register_fonts()
    styles = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, initialFontName=FONT, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=14 * mm,
                            bottomMargin=16 * mm, title=_("Civil judgment enforcement report") + " — "
                            + report.period.short_name, author="THADS", subject=report.agency.name)

    def step():
        if progress:
            progress()

    story = [
        _national_heading(report, styles),
        Spacer(1, 5 * mm),
        Paragraph(escape(_("Civil judgment enforcement report").upper()), styles["title"]),
        Paragraph(escape(report.period.name), styles["subtitle"]),
        Paragraph(escape(_("To: %(agency)s") % {"agency": report.receiving_agency}), styles["subtitle"]),
        Paragraph(escape(report.status_line()), styles["status" if report.frozen else "as_of"]),
        *([Paragraph(escape(held), styles["as_of"])] if (held := held_by(report.figures)) else []),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("The period in brief")), styles["h2"]),
    ]
    story += [Paragraph(escape(text), styles["body"]) for text in paragraphs(report)]
    story += [KeepTogether([Paragraph(escape(_("Key figures")), styles["h2"]),
                            Paragraph(escape(_("Unit of measure: cases; billion đồng; a rate's change in percentage points")),
                                      styles["unit"]),
                            _kpi_table(report)])]
    if report.rows_live:
        story.append(Paragraph(escape(_("The period is closed, but it was published without this breakdown: the "
                                        "rows by unit are today's figures.")), styles["note"]))
    step()
    story.append(KeepTogether([Paragraph(escape(_("Cumulative rate month by month")), styles["h2"]),
                               _months_chart(report)]))
    story.append(KeepTogether([Paragraph(escape(_("Where the cases and the money stand")), styles["h2"]),
                               _composition_chart(report)]))
    units = _units_chart(report)
    if units is not None:
        title = _("Rate by enforcement officer") if report.by_officer else _("Rate by unit")
        story.append(KeepTogether([Paragraph(escape(title), styles["h2"]), units]))
    step()
    ranking = _ranking_table(report, styles)
    if ranking:
        story.append(Paragraph(escape(_("Ranking by rate of completion by cases")), styles["h2"]))
        story += ranking
    story.append(KeepTogether([
        Paragraph(escape(_("Lists to watch, when the report was made (%(date)s)") % {
            "date": formatting.date(report.today)}), styles["h2"]),
        _focus_table(report)]))
    story.append(_signatures(report, styles))
    doc.build(story, onFirstPage=_footer(report), onLaterPages=_footer(report))
    step()
    return out.getvalue()
