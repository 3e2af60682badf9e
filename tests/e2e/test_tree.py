"""An administrator keeps the tree in Chromium: loads a file of units, adds an officer, records a
merger with its preview, and sees the tree afterwards (screenshots under artifacts/)."""

from datetime import date as D

import pytest

from cases.models import Agency, Case, User
from tests import factories
from tests.casework.test_tree_pages import FORMER_AND_NEW, csv_file

from .test_login import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_units_from_a_file_then_a_merger_with_its_preview(page, live_server, tree, make_user, screenshot, tmp_path):
    make_user(tree.province, User.Role.ADMINISTRATOR, username="quantri1")
    log_in(page, live_server, "quantri1")
    page.wait_for_selector("h1")
    page.click("nav.mainnav >> text=Đơn vị")
    page.click("text=Nạp từ tệp")
    units = tmp_path / "don-vi.csv"
    units.write_bytes(csv_file(*FORMER_AND_NEW[:2]))  # the two former Chi cục, still without their successor
    page.set_input_files("#id_file", str(units))
    page.click("form button.primary")
    page.wait_for_selector("table.tree")
    assert "Đã tạo 2 đơn vị" in page.inner_text(".messages")
    former = Agency.objects.get(code="P1-CC1")
    factories.case(former, decision_date=D(2025, 3, 1))  # open when the Chi cục ended

    page.click("text=Thêm đơn vị")
    page.select_option("#id_parent", label=[o for o in page.locator("#id_parent option").all_inner_texts()
                                            if "(P1," in o][0])
    page.fill("#id_code", "P1-KV1")
    page.fill("#id_name", "Phòng Thi hành án dân sự khu vực 1")
    page.fill("#id_short_name", "Khu vực 1")
    page.fill("#id_valid_from", "01/07/2025")
    page.click("form button.primary")
    page.wait_for_selector("text=Tên và thời gian hoạt động")

    page.goto(f"{live_server.url}/tree/restructure/")
    page.fill("#id_effective_date", "01/07/2025")
    for code in ("(P1-CC1,", "(P1-CC2,"):
        page.locator("#id_predecessors label", has_text=code).locator("input").check()
    page.locator("#id_successors label", has_text="(P1-KV1,").locator("input").check()
    page.click("button[value=preview]")
    page.wait_for_selector("#preview")
    screenshot("e2e-restructure-preview")
    preview = page.inner_text("#preview")
    assert "Hợp nhất" in preview and "Chưa thể áp dụng" not in preview
    assert "tiếp nhận công việc của Chi cục THADS huyện Một" in preview  # ended by the file: linked now
    page.click("button[value=apply]")
    page.wait_for_selector("table.tree")
    screenshot("e2e-tree-after-merger")
    assert "bàn giao 1 việc đang thi hành" in page.inner_text(".messages")
    assert Case.objects.get().agency.code == "P1-KV1"
    assert "P1-CC1\nP1-CC2" in page.inner_text("table.tree")  # one code a line
