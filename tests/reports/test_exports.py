"""Period report jobs: asked for on the exports page, built (in-process here), read back."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from audit.recorder import followed
from cases.models import Agency, User
from demo.province import load_demo
from reports import report_jobs, xlsx
from reports.calendar import Period, period_ending
from reports.engine import compute
from reports.models import ReportFile, ReportJob
from reports.xlsx import FIRST_TABLE_ROW, HEADER_ROWS, columns
from tests.fixtures import built_once
from thads.today import local_today

TOTAL_ROW = FIRST_TABLE_ROW + HEADER_ROWS + 1  # after the headings and the row of column numbers


demo_rows = built_once(lambda: load_demo(cases=400))


@pytest.fixture
def demo(demo_rows, db):
    return Agency.objects.get(code="THADS-TUYENQUANG")


def leader(agency):
    return User.objects.filter(agency=agency, role=User.Role.LEADERSHIP).first()


def ask(client, user, agency, year=2026, months=9, by="child"):
    client.force_login(user)
    return client.post(reverse("report_exports"), {"agency": agency.pk, "year": year, "months": months, "by": by})


def files_of(job):
    return {f.kind: bytes(f.content) for f in ReportFile.objects.filter(job=job)}


def sheet_rows(content, unit):
    book = load_workbook(io.BytesIO(content))
    sheet = book["Kết quả THADS tính bằng việc" if unit == "cases" else "Kết quả THADS tính bằng tiền"]
    return sheet, list(sheet.iter_rows(min_row=TOTAL_ROW, values_only=True))


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_leadership_gets_both_files_with_the_engines_figures(client, demo, vietnamese):
    response = ask(client, leader(demo), demo)
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("report_job", args=[job.pk])
    assert (job.status, job.progress, job.attempts, job.frozen) == ("done", 100, 1, False)
    page = client.get(response.url).content.decode()
    assert "Bảng tính (XLSX)" in page and "Tóm tắt (PDF)" in page

    report = compute(demo, Period(2026, 9))
    content = client.get(reverse("report_file", args=[job.pk, "xlsx"]))
    assert content["Content-Disposition"] == 'attachment; filename="ket-qua-thads-thads-tuyenquang-2026-09-thang.xlsx"'
    for unit in ("cases", "money"):
        sheet, rows = sheet_rows(content.content, unit)
        cols = columns(unit)
        total = dict(zip([c.source for c in cols], rows[0][2:], strict=False))
        assert rows[0][1] == "Tổng cộng"
        for key in ("carried_over", "new", "to_enforce", "with_conditions", "completed", "without_conditions",
                    "carried_forward"):
            assert total[key] == report[unit][key], (unit, key)
        assert total["rate"] == report[unit]["rate"]
        assert total["previous.completed"] == report["previous"][unit]["completed"]
        assert total["change.completed"] == report["change"][unit]["completed"]
        assert total["target"] == report["target"][unit]
        # One row per regional unit, numbered, whose figures add up to the total.
        children = report["breakdowns"]["child"]
        unit_rows = rows[1: 1 + len(children)]
        assert [r[1] for r in unit_rows] == [c["label"] for c in children]
        assert [r[0] for r in unit_rows if r[0]] == list(range(1, 11))
        assert sum(r[2 + [c.source for c in cols].index("completed")] for r in unit_rows) == report[unit]["completed"]
        assert sheet.freeze_panes == f"C{TOTAL_ROW}"
        assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)  # 9 = A4
        assert "(1)=(2)+(3)" in [c.value for c in sheet[TOTAL_ROW - 1]]
        assert "chưa chốt" in sheet.cell(4, 1).value

    text = pdf_text(client.get(reverse("report_file", args=[job.pk, "pdf"])).content)
    completed = f"{report['cases']['completed']:,}".replace(",", ".")
    assert f"thi hành xong {completed} việc" in text.replace("\n", " ")
    assert "BÁO CÁO KẾT QUẢ THI HÀNH ÁN DÂN SỰ" in text
    assert "Khu vực 1" in text  # the ranking and the chart
    assert embedded_fonts(client.get(reverse("report_file", args=[job.pk, "pdf"])).content) == {
        "DejaVuSans", "DejaVuSans-Bold", "DejaVuSansCondensed", "DejaVuSansCondensed-Bold"}


def embedded_fonts(content):
    """The fonts the PDF uses; fails on any that is not embedded (it would print in a stand-in)."""
    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
            names.add(font["/BaseFont"].split("+")[-1])
    return names


def test_a_closed_period_uses_its_published_figures_and_says_so(client, demo, vietnamese):
    # The demo closed the 12 months of 2026; a late figure change would not show in the report.
    closing = compute(demo, Period(2026, 12))
    assert closing["frozen"]
    ask(client, leader(demo), demo, year=2026, months=12)
    job = ReportJob.objects.get()
    assert job.frozen
    sheet, rows = sheet_rows(files_of(job)["xlsx"], "cases")
    assert "Số liệu đã chốt" in sheet.cell(4, 1).value
    assert rows[0][2] == closing["cases"]["total_accepted"]
    assert "Số liệu đã chốt" in pdf_text(files_of(job)["pdf"])


def test_a_regional_unit_reports_by_officer(client, demo):
    unit = Agency.objects.get(code="PTHADS-TUYENQUANG-KV01")
    ask(client, leader(demo), unit, by="child")
    job = ReportJob.objects.get()
    assert (job.status, job.by) == ("done", "officer")
    report = compute(unit, Period(2026, 9), by="officer")
    with translation.override("vi"):
        sheet, rows = sheet_rows(files_of(job)["xlsx"], "cases")
    assert sheet.cell(FIRST_TABLE_ROW, 2).value == "Chấp hành viên"
    names = [r[1] for r in rows[1: 1 + len(report["breakdowns"]["officer"])]]
    assert names == [r["label"] for r in report["breakdowns"]["officer"]]


def test_who_sees_a_job_and_its_files(client, demo, make_user):
    requester = User.objects.get(username="quantri")  # the province's administrator asks
    ask(client, requester, demo)
    job = ReportJob.objects.get()
    file_url = reverse("report_file", args=[job.pk, "pdf"])
    other_province = Agency.objects.filter(level="provincial").exclude(pk=demo.pk).first()
    cases = [
        (requester, 200),
        (leader(demo), 200),  # the leadership of the same agency
        (make_user(demo, User.Role.ADMINISTRATOR), 404),  # another administrator: not theirs
        (make_user(demo, User.Role.OFFICIAL), 404),
        (make_user(Agency.objects.get(code="PTHADS-TUYENQUANG-KV01"), User.Role.LEADERSHIP), 404),  # below
        (make_user(other_province, User.Role.LEADERSHIP), 404),
    ]
    for user, status in cases:
        client.force_login(user)
        assert client.get(reverse("report_job", args=[job.pk])).status_code == status, user
        assert client.get(file_url).status_code == status, user
    client.force_login(requester)  # administrators watch every job of their subtree in the admin
    assert f"/admin/reports/reportjob/{job.pk}/" in client.get("/admin/reports/reportjob/").content.decode()
    client.logout()
    assert client.get(file_url).status_code == 302  # to the login page


def test_leadership_officials_and_administrators_ask_and_only_within_their_scope(client, demo, make_user):
    for role in (User.Role.CLERK, User.Role.OFFICER):
        client.force_login(make_user(demo, role))
        assert client.get(reverse("report_exports")).status_code == 403
        assert client.post(reverse("report_exports"), {"agency": demo.pk, "year": 2026, "months": 9,
                                                       "by": "child"}).status_code == 403
    unit_leader = make_user(Agency.objects.get(code="PTHADS-TUYENQUANG-KV01"), User.Role.LEADERSHIP)
    with translation.override("vi"):
        response = ask(client, unit_leader, demo)
    assert response.status_code == 400
    assert "Lựa chọn này không có trong danh sách" in response.content.decode()  # the province is not in its choices
    assert not ReportJob.objects.exists()
    official = make_user(demo, User.Role.OFFICIAL)  # a chuyên viên compiles the period's report
    assert ask(client, official, demo).status_code == 302
    job = ReportJob.objects.get()
    assert job.requested_by == official and job.status == "done", job.message
    assert client.get(reverse("report_file", args=[job.pk, "xlsx"])).status_code == 200


def test_the_form_refuses_a_period_not_yet_ended(client, demo, settings):
    today = local_today()
    running = period_ending(today)  # the month we are in
    with translation.override("vi"):
        response = ask(client, leader(demo), demo, year=running.year, months=running.months)
    assert response.status_code == 400 and not ReportJob.objects.exists()
    assert f"Kỳ này chưa kết thúc: kết thúc ngày {running.end:%d/%m/%Y}." in response.content.decode()


def test_a_job_whose_worker_died_is_built_again_or_fails_with_its_reason(client, demo, vietnamese):
    now = timezone.now()
    job = ReportJob.objects.create(agency=demo, year=2026, months=9, requested_by=leader(demo), owner_agency=demo,
                                   status="running", attempts=1,
                                   heartbeat_at=now - report_jobs.STALE_AFTER - timedelta(minutes=1))
    result = report_jobs.sweep(now)
    job.refresh_from_db()
    assert result == {"resent": 1, "failed": 0}
    assert (job.status, job.attempts) == ("done", 2) and set(files_of(job)) == {"xlsx", "pdf"}

    dead = ReportJob.objects.create(agency=demo, year=2026, months=6, requested_by=leader(demo), owner_agency=demo,
                                    status="running", attempts=3, heartbeat_at=now - timedelta(minutes=30))
    never = ReportJob.objects.create(agency=demo, year=2026, months=3, requested_by=leader(demo), owner_agency=demo)
    ReportJob.objects.filter(pk=never.pk).update(created_at=now - timedelta(hours=3))
    busy = ReportJob.objects.create(agency=demo, year=2026, months=5, requested_by=leader(demo), owner_agency=demo,
                                    status="running", attempts=1, heartbeat_at=now - timedelta(minutes=2))
    assert report_jobs.sweep(now) == {"resent": 0, "failed": 2}
    for stopped, words in ((dead, "dừng giữa chừng 3 lần"), (never, "Không có máy xử lý nào nhận")):
        stopped.refresh_from_db()
        assert stopped.status == "failed" and words in stopped.message
        client.force_login(leader(demo))
        assert words in client.get(reverse("report_job", args=[stopped.pk])).content.decode()
    busy.refresh_from_db()
    assert busy.status == "running"  # its worker is alive: left alone
    assert report_jobs.job_run(busy.pk) is None  # and a second delivery does not build it twice


def test_an_error_while_building_ends_the_job_failed_with_the_reason(client, demo, vietnamese, monkeypatch):
    def disk_full(report, progress=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsx, "build", disk_full)
    ask(client, leader(demo), demo)
    job = ReportJob.objects.get()
    assert job.status == "failed" and job.finished_at is not None
    # A plain sentence with a reference; the error itself is in the log under it.
    assert job.message.startswith("Không lập được báo cáo do một lỗi của hệ thống") and "mã tham chiếu" in job.message
    assert "OSError" not in job.message and "No space" not in job.message
    assert not ReportFile.objects.filter(job=job).exists()
    page = client.get(reverse("report_job", args=[job.pk])).content.decode()
    assert job.message in page and "Không lập được" in page


def test_names_with_control_characters_still_make_a_spreadsheet(client, demo):
    # Names come from other systems' spreadsheets; a stray control character must not stop the report.
    unit = Agency.objects.get(code="PTHADS-TUYENQUANG-KV01")
    unit.name = "Phòng khu vực 1\x01 - Tuyên Quang"
    unit.save()
    followed(updated=[(unit, {})])  # as the admin's form does after a rename: moves the tree version its names are cached under
    ask(client, leader(demo), demo)
    job = ReportJob.objects.get()
    assert job.status == "done", job.message
    _sheet, rows = sheet_rows(files_of(job)["xlsx"], "cases")
    assert rows[1][1] == "Phòng khu vực 1 - Tuyên Quang"


def test_the_month_end_builds_every_provinces_report_once(demo):
    today = timezone.localdate().replace(year=2026, month=11, day=1)
    jobs = report_jobs.schedule_monthly(today)
    provinces = Agency.objects.filter(level="provincial").valid_on(today)
    assert {j.agency_id for j in jobs} == set(provinces.values_list("pk", flat=True))
    assert all((j.year, j.months, j.scheduled, j.owner_agency_id) == (2027, 1, True, j.agency_id) for j in jobs)
    tuyen_quang = ReportJob.objects.get(agency=demo)
    assert tuyen_quang.status == "done"
    assert "Theo dõi THAHC" in load_workbook(io.BytesIO(files_of(tuyen_quang)["xlsx"])).sheetnames
    assert report_jobs.schedule_monthly(today) == []  # run twice: nothing new
    from django.conf import settings

    from thads.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["monthly-period-reports"]
    assert entry["task"] in app.tasks and entry["schedule"].day_of_month == {1}
    assert settings.CELERY_BEAT_SCHEDULE["watch-report-jobs"]["task"] in app.tasks


def test_both_files_open_as_a_report_document_is_dated(client, demo, vietnamese):
    """The agency and the national heading, then the place and the date (domain primer §13)."""
    ask(client, leader(demo), demo)
    job = ReportJob.objects.get()
    files = files_of(job)
    day = timezone.localtime(job.created_at)
    dated = f"Tuyên Quang, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
    text = " ".join(pdf_text(files["pdf"]).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert dated in text and text.index("THI HÀNH ÁN DÂN SỰ TỈNH") < text.index("BÁO CÁO KẾT QUẢ")
    book = load_workbook(io.BytesIO(files["xlsx"]))
    for sheet in book.worksheets:
        assert dated in [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell], sheet.title


def test_the_forms_parts_number_receiver_unit_and_signers(client, demo, make_user, settings, vietnamese):
    """Domain primer §13: the report's number (given by leadership), the form number where it is
    configured (else a line to write it in), the reporting and receiving agencies, the unit of
    measure, and who drew it up, checked it and heads the agency, by name."""
    settings.THADS_FORM_NUMBER_MONEY = "02/TK-THA"
    client.force_login(leader(demo))
    client.post(reverse("report_exports"), {"agency": demo.pk, "year": 2026, "months": 9, "by": "child",
                                            "number": "125/BC-THADS"})
    job = ReportJob.objects.get()
    assert job.number == "125/BC-THADS"
    files = files_of(job)
    text = " ".join(pdf_text(files["pdf"]).split())
    assert "Số: 125/BC-THADS" in text and "Kính gửi: Cục Quản lý thi hành án dân sự" in text
    assert "Đơn vị tính: việc; tỷ đồng" in text
    assert "NGƯỜI LẬP BIỂU" in text and "NGƯỜI KIỂM TRA" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text
    assert "Lê Thị Kiểm" in text and leader(demo).full_name in text  # the demo province's signers
    book = load_workbook(io.BytesIO(files["xlsx"]))
    for sheet, form_number, unit in ((book.worksheets[0], "…………………", "Đơn vị tính: việc"),
                                     (book.worksheets[1], "02/TK-THA", "Đơn vị tính: nghìn đồng")):
        cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
        assert "Số: 125/BC-THADS" in cells and f"Biểu số: {form_number}" in cells and unit in cells
        assert "Đơn vị báo cáo: Thi hành án dân sự tỉnh Tuyên Quang" in cells
        assert "Đơn vị nhận báo cáo: Cục Quản lý thi hành án dân sự" in cells
        assert {"NGƯỜI LẬP BIỂU", "NGƯỜI KIỂM TRA", "THỦ TRƯỞNG ĐƠN VỊ", "Lê Thị Kiểm"} <= set(cells)

    # Only the leadership numbers a report: a chuyên viên's form has no such field, and a number sent anyway is refused.
    official = make_user(demo, User.Role.OFFICIAL)
    client.force_login(official)
    assert 'name="number"' not in client.get(reverse("report_exports")).content.decode()
    with pytest.raises(PermissionDenied):
        report_jobs.job_request(user=official, agency=demo, period=Period(2026, 9), by="child", number="1/BC")


def test_the_report_carries_the_thahc_form_and_paragraph(client, demo, vietnamese):
    from reports import thahc

    ask(client, leader(demo), demo, months=10)
    job = ReportJob.objects.get()
    files = files_of(job)
    expected = thahc.compute(demo, Period(2026, 10))
    book = load_workbook(io.BytesIO(files["xlsx"]))
    sheet = book["Theo dõi THAHC"]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Biểu số: 03/TKLN-THADS" in texts
    assert "ĐẠI DIỆN TÒA ÁN NHÂN DÂN TỈNH TUYÊN QUANG" in texts  # the court co-signs the inter-agency form
    assert any(t.startswith("THỐNG KÊ VIỆC CHUYỂN GIAO BẢN ÁN, QUYẾT ĐỊNH CỦA TÒA ÁN VỀ VỤ ÁN HÀNH CHÍNH") for t in texts)
    rows = [r for r in sheet.iter_rows(min_row=9, values_only=True) if isinstance(r[2], int)]
    assert rows[0][1] == "Tổng cộng"
    assert list(rows[0][2:11]) == [expected["figures"][key] for key in thahc.KEYS]
    assert expected["figures"]["transferred"] > 0
    for row in rows:  # every row satisfies the relations printed in its headings, on its own numbers
        one, two, three, four, five, six, seven, eight, nine = row[2:11]
        assert one == two + three and two == four + five == six + seven + eight and 0 <= nine <= two, row
    assert len(rows) == 1 + len(expected["children"])
    text = pdf_text(files["pdf"]).replace("\n", " ")
    assert (f"Tòa án đã chuyển giao {expected['figures']['transferred']} bản án, quyết định" in text)
