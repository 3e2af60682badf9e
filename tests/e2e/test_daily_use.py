"""Daily use in Chromium (issue 26): every problem of a form at once, a history people read, an
officer's own workspace, remembered and saved filters with their money, import help, signs and
friendly messages; at desktop and phone widths."""

import base64
import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest

from cases.models import Case, Condition, EventKind, User
from casework import services
from casework.imports import CASE_COLUMNS, EXAMPLE_ROW
from reports.calendar import statistical_year
from tests import factories
from thads.today import local_today

from .test_login import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_a_clerk_sees_every_problem_at_once_then_a_readable_history(page, live_server, tree, make_user, screenshot):
    clerk = make_user(tree.unit1, User.Role.CLERK, username="thuky1", full_name="Phạm Thị Thư")
    log_in(page, live_server, clerk.username)
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/cases/new/")
    for field, value in (("decision_number", "46/QĐ-CCTHADS"), ("decision_date", "02/03/2026"),
                         ("accepted_on", "01/03/2026"), ("court", "Tòa án nhân dân khu vực 1"),
                         ("judgment_number", "12/2025/DS-ST"), ("judgment_date", "10/04/2026"),
                         ("debtor_name", "Nguyễn Văn Nợ"), ("amount", "2tr500")):
        page.fill(f"#id_{field}", value)
    page.click("form button.primary")
    page.wait_for_selector(".field.invalid")
    screenshot("e2e-daily-case-form-all-problems")
    invalid = page.eval_on_selector_all(".field.invalid", "boxes => boxes.map(b => b.querySelector('input').name)")
    assert sorted(invalid) == ["accepted_on", "amount", "judgment_date"]
    assert "chữ số" in page.inner_text(".field.invalid:has(#id_amount) .error")
    assert Case.objects.count() == 0
    page.fill("#id_amount", "2.500.000")
    page.fill("#id_accepted_on", "03/03/2026")
    page.fill("#id_judgment_date", "10/01/2026")
    page.click("form button.primary")
    page.wait_for_selector(".messages")
    case = Case.objects.get(decision_number="46/QĐ-CCTHADS")
    page.click("text=Ghi nhận thu tiền")
    page.fill("#id_amount", "2.500.000")
    page.click("#event-form button.primary")
    page.wait_for_selector(".messages")
    history = page.inner_text("#history")
    assert "Phạm Thị Thư" in history and "Còn phải thi hành (đồng): 2.500.000 → 0" in history
    assert "#" not in history and "Phiên bản" not in history
    screenshot("e2e-daily-case-history")
    # Completed: the page offers only what can still happen to it.
    services.event_record(case=case, kind=EventKind.COMPLETE, effective_date=local_today(), today=local_today())
    page.reload()
    assert page.locator(".entry-actions a.button").all_inner_texts() == ["Tiếp nhận khiếu nại, tố cáo"]


def test_an_officer_opens_on_their_own_work_and_keeps_their_filters(page, live_server, tree, make_user, screenshot):
    today = local_today()
    officer_user = make_user(tree.unit1, User.Role.OFFICER, username="chv1")
    officer = factories.OfficerFactory(agency=tree.unit1, user=officer_user, full_name="Lý Mạnh Sơn")
    for number in range(3):
        case = factories.case(tree.unit1, officer=officer, decision_number=f"{number + 1}/QĐ-CCTHADS",
                              decision_date=today - timedelta(days=60), amount=10_000_000 * (number + 1), today=today)
        services.event_record(case=case, kind=EventKind.VERIFY, effective_date=today - timedelta(days=50), today=today)
        services.event_record(case=case, kind=EventKind.CLASSIFY, effective_date=today - timedelta(days=50),
                              condition=Condition.ABLE, today=today)
    factories.case(tree.unit1, decision_number="9/QĐ-CCTHADS", today=today)  # nobody's: not in the workspace
    log_in(page, live_server, "chv1")
    page.wait_for_selector("h1")
    assert page.url.endswith("/my/") and page.inner_text("h1") == "Việc của tôi"
    able = page.locator("#work-able_remaining")
    assert able.locator("tbody tr").count() == 3 and "9/QĐ-CCTHADS" not in page.inner_text("#work-lists")
    screenshot("e2e-daily-workspace")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot("e2e-daily-workspace-phone")
    page.set_viewport_size({"width": 1440, "height": 900})
    # The case list: its money beside the count; filters remembered; a list saved under a name.
    page.goto(f"{live_server.url}/cases/")
    page.select_option("#id_officer", str(officer.pk))
    page.click("#case-filters button.primary")
    page.wait_for_selector("#case-totals")
    assert "phải thi hành 60.000.000\xa0đ" in page.inner_text("#case-totals")
    page.fill("#id_list_name", "Việc của tôi có tiền")
    page.click("form.save-list button")
    page.wait_for_selector(".saved-list")
    page.goto(f"{live_server.url}/cases/")
    assert f"officer={officer.pk}" in page.url and page.locator("#remembered").count() == 1
    assert page.locator(".saved-list a", has_text="Việc của tôi có tiền").count() == 1
    page.click("#remembered a")
    assert "officer=" not in page.url


def test_import_help_signs_and_friendly_messages(page, live_server, tree, make_user, screenshot, tmp_path):
    make_user(tree.unit1, User.Role.CLERK, username="thuky1")
    log_in(page, live_server, "thuky1")
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/cases/import/")
    with page.expect_download() as download:
        page.click("a[href$='cases-template.xlsx']")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert "Danh mục" in book.sheetnames and book["Mẫu"].data_validations.dataValidation
    headers = [c.header for c in CASE_COLUMNS]
    good = dict(zip(headers, EXAMPLE_ROW, strict=True)) | {"Mã cơ quan thụ lý": tree.unit1.code}
    bad = good | {"Số quyết định": "2/QĐ-CCTHADS", "Số tiền phải thi hành (đồng)": "2tr500", "Ngày thụ lý": "01/03/2026"}
    path = tmp_path / "viec.csv"
    path.write_text(";".join(headers) + "\n" + ";".join(bad[h] for h in headers), encoding="utf-8-sig")
    page.set_input_files("#id_file", str(path))
    page.click("#import-form button.primary")
    page.wait_for_selector("#import-errors")
    screenshot("e2e-daily-import-problems")
    href = page.get_attribute("#problems-file", "href")
    rows = list(csv.reader(base64.b64decode(href.split(",", 1)[1]).decode("utf-8-sig").splitlines(), delimiter=";"))
    assert sorted(row[1] for row in rows[1:]) == ["Ngày thụ lý", "Số tiền phải thi hành (đồng)"]
    path.write_text(";".join(headers) + "\n" + ";".join(good[h] for h in headers), encoding="utf-8-sig")
    page.set_input_files("#id_file", str(path))
    page.click("#import-form button.primary")
    page.click("#imported-link a")
    page.wait_for_selector("#case-count")
    assert page.inner_text("#case-count").startswith("1 việc") and "46/QĐ-CCTHADS" in page.inner_text("table.data")
    # Signs: a change is written with a true minus or a plus, never a hyphen.
    year = statistical_year(local_today())
    factories.case(tree.unit1, decision_number="5/QĐ-CCTHADS", decision_date=date(year - 2, 10, 5),
                   accepted_on=date(year - 2, 10, 6))  # one newly accepted in the same month of last year
    page.goto(f"{live_server.url}/figures/?year={year}&months=1")
    new = page.locator("tr.key-new td").all_inner_texts()
    assert new[3] == "\u22121"  # this October's newly accepted against last October's
    assert not any(text.startswith("-") for text in page.locator("table.official td").all_inner_texts())
    # A bad link gets words of the domain, and only where it is wrong.
    page.goto(f"{live_server.url}/?year=abc")
    assert "Ghi năm thống kê bằng bốn chữ số" in page.inner_text("form.picker")
    assert page.locator(".field.invalid").count() == 1
