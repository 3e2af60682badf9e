"""A provincial leader, in Chromium, goes from the dashboard to the period report and downloads
both files (built in-process here; the real worker is in tests/integration)."""

import io

import pytest
from openpyxl import load_workbook

from demo.province import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_from_the_dashboard_to_the_downloaded_report(page, live_server, screenshot, tmp_path):
    load_demo(cases=300)
    page.goto(f"{live_server.url}/?year=2026&months=9")
    page.fill("#id_username", "lanhdao")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_selector("#export-link")
    page.click("#export-link")
    page.wait_for_selector("#export-form")
    assert page.input_value("#id_year") == "2026" and page.input_value("#id_months") == "9"
    screenshot("e2e-export-form")
    page.click("#export-form button.primary")
    page.wait_for_selector("ul.downloads")
    screenshot("e2e-export-ready")
    assert "Đã xong" in page.inner_text("main")

    with page.expect_download() as pdf:
        page.click("ul.downloads a[href$='file.pdf']")
    assert pdf.value.suggested_filename == "ket-qua-thads-thads-tuyenquang-2026-09-thang.pdf"
    assert open(pdf.value.path(), "rb").read(5) == b"%PDF-"
    with page.expect_download() as sheet:
        page.click("ul.downloads a[href$='file.xlsx']")
    book = load_workbook(io.BytesIO(open(sheet.value.path(), "rb").read()))
    assert book.sheetnames == ["Kết quả THADS tính bằng việc", "Kết quả THADS tính bằng tiền", "Theo dõi THAHC"]

    page.click("text=‹ Báo cáo định kỳ")
    assert page.locator("#report-jobs tbody tr").count() == 1
