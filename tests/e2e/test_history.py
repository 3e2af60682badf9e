"""A past year in its own shape, in Chromium: the merged province's 2021 is the two Cục THADS and
their Chi cục of that time, and the 2021 report of a former Cục is made from the page, in its name."""

import io

import pytest
from openpyxl import load_workbook

from cases.models import Agency
from demo.province import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_2021_dashboard_and_report_of_a_merged_province(page, live_server, screenshot):
    load_demo(cases=300)
    former = Agency.objects.get(code="CTHADS-HAGIANG")
    page.goto(f"{live_server.url}/?year=2021&months=12")
    page.fill("#id_username", "lanhdao")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_selector(".ranking-table")
    screenshot("e2e-history-2021")

    ranked = page.locator(".ranking-table[data-panel=cases] tbody tr").all_inner_texts()
    names = "\n".join(ranked)
    assert "Cục Thi hành án dân sự tỉnh Tuyên Quang" in names and "Cục Thi hành án dân sự tỉnh Hà Giang" in names
    assert "Chi cục" in names and "Khu vực" not in names
    assert sum("Chi cục" in row for row in ranked) == Agency.objects.filter(
        level=Agency.Level.LOCAL, valid_to__isnull=False, name__startswith="Chi cục").count()
    assert "Cục Thi hành án dân sự tỉnh Hà Giang" in page.inner_text(".held-by")

    # The former Cục, chosen in the report form for 2021: its report, in its own name.
    page.goto(f"{live_server.url}/figures/exports/")
    page.wait_for_selector("#export-form")
    page.select_option("#id_agency", str(former.pk))
    page.fill("#id_year", "2021")
    page.select_option("#id_months", "12")
    page.select_option("#id_by", "child")
    page.click("#export-form button.primary")
    page.wait_for_selector("ul.downloads")
    assert former.name in page.inner_text("h1")
    with page.expect_download() as sheet:
        page.click("ul.downloads a[href$='file.xlsx']")
    cases_sheet = load_workbook(io.BytesIO(open(sheet.value.path(), "rb").read())).worksheets[0]
    assert cases_sheet["A1"].value == former.name.upper()
    units = [cases_sheet.cell(r, 2).value or "" for r in range(1, cases_sheet.max_row + 1)]
    assert any(u.startswith("Chi cục") for u in units) and not any("Khu vực" in u for u in units)

    # The same Cục is not a choice for a period after it ceased.
    page.goto(f"{live_server.url}/figures/exports/")
    page.select_option("#id_agency", str(former.pk))
    page.fill("#id_year", "2026")
    page.select_option("#id_months", "9")
    page.click("#export-form button.primary")
    assert "30/06/2025" in page.inner_text("#export-form")
