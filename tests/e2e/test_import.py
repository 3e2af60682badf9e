"""A clerk imports spreadsheets in Chromium: a bad file lists its rows, a large file becomes a job
whose page ends on the outcome, and the case list shows the imported cases."""

import pytest

from cases.models import Case, User
from casework import import_jobs
from tests.casework.test_import import csv_bytes, row

from .test_login import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_import_a_bad_file_then_a_large_one(page, live_server, tree, make_user, screenshot, tmp_path, monkeypatch):
    monkeypatch.setattr(import_jobs, "INLINE_ROWS", 3)
    make_user(tree.province, User.Role.CLERK, username="thuky1")
    log_in(page, live_server, "thuky1")
    page.wait_for_selector("h1")

    bad = tmp_path / "viec-sai.csv"
    bad.write_bytes(csv_bytes([row(tree.unit1, "1/QĐ"), row(tree.other_unit, "2/QĐ"),
                               row(tree.unit1, "3/QĐ", **{"Số tiền phải thi hành (đồng)": "12,5 triệu"})]))
    page.goto(f"{live_server.url}/cases/import/")
    page.set_input_files("#id_file", str(bad))
    page.click("#import-form button.primary")
    page.wait_for_selector("#import-errors")
    screenshot("e2e-import-errors")
    errors = page.inner_text("#import-errors")
    assert "Không nhập dòng nào: 2 lỗi trong 3 dòng" in errors
    assert "ngoài phạm vi" in errors and "Số tiền phải thi hành (đồng)" in errors
    assert Case.objects.count() == 0

    good = tmp_path / "viec.csv"
    good.write_bytes(csv_bytes([row(tree.unit1 if i % 2 else tree.unit2, f"{i}/QĐ") for i in range(8)]))
    page.set_input_files("#id_file", str(good))
    page.click("#import-form button.primary")
    page.wait_for_url("**/cases/import/jobs/*/")
    screenshot("e2e-import-job-done")
    assert "Đã nhập 8 việc; 0 việc đã có trong sổ." in page.inner_text("main")
    assert Case.objects.count() == 8

    page.click("text=Nhập từ bảng tính")
    assert "viec.csv" in page.inner_text("main")  # under the recent imports
    page.goto(f"{live_server.url}/cases/")
    assert page.inner_text("#case-count").startswith("8 ")
