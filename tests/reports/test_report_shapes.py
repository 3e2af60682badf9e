"""A period report builds for any amount of data (no case, one month, one unit, a few cases), and a
job that fails anyway says so plainly with a reference, the detail kept in the log."""

import io
import logging
import traceback
from datetime import date as D

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from cases.models import ImportJob, User
from casework import import_jobs
from reports import pdf, period_report, report_jobs, summaries, tasks, xlsx
from reports.calendar import Period
from reports.models import ReportFile, ReportJob
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = D(2026, 11, 22)


def built(agency, period, by):
    report = period_report.collect(agency, period, by=by, today=TODAY)
    spreadsheet, summary = xlsx.build(report), pdf.build(report)
    # The two tables and the inter-agency form of the followed administrative judgments (zeros too).
    assert len(load_workbook(io.BytesIO(spreadsheet)).worksheets) == 3
    assert len(PdfReader(io.BytesIO(summary)).pages) >= 1
    return report


@pytest.mark.parametrize("months", [1, 2, 3, 12])
@pytest.mark.parametrize("by", ["child", "officer"])
def test_no_case_at_all(tree, months, by):
    for agency in (tree.central, tree.province, tree.unit1):
        report = built(agency, Period(2026, months), by)
        assert report.figures["cases"]["to_enforce"] == 0


@pytest.mark.parametrize("months", [1, 2, 6, 12])
def test_three_cases_in_one_unit(tree, months):
    """The report that failed ("Polyline must have 2 or more points"): three cases, one unit, and a
    year before them with nothing."""
    summaries.fill_year(2026)
    officer = factories.OfficerFactory(agency=tree.unit1)
    for i in range(3):
        factories.case(tree.unit1, officer=officer if i else None, decision_date=D(2025, 10, 6 + i))
    for agency, by in ((tree.province, "child"), (tree.unit1, "officer"), (tree.unit2, "officer")):
        built(agency, Period(2026, months), by)



def traceback_of(record) -> str:
    """The logged exception as the log shows it (a record's exc_text is only set once a handler
    has formatted it, which depends on the handlers present)."""
    return "".join(traceback.format_exception(*record.exc_info)) if record.exc_info else ""

def test_one_unit_with_one_completed_case(tree):
    case = factories.case(tree.unit1, decision_date=D(2025, 10, 6), amount=1_000_000)
    from tests.casework.test_entry import services_pay_in_full

    services_pay_in_full(case)
    report = built(tree.unit1, Period(2026, 3), "officer")
    assert report.figures["cases"]["completed"] == 1


def test_the_page_of_an_empty_agencys_report(client, tree, make_user):
    client.force_login(make_user(tree.province, User.Role.LEADERSHIP))
    client.post(reverse("report_exports"), {"agency": tree.province.pk, "year": 2026, "months": 1, "by": "child"})
    assert ReportJob.objects.get().status == ReportJob.Status.DONE


def test_a_failed_job_says_so_plainly_and_the_log_keeps_the_detail(client, tree, make_user, monkeypatch, caplog,
                                                                   vietnamese):
    def broken(report, progress=None):
        raise RuntimeError("chi tiết nội bộ /srv/thads/reports/pdf.py")

    monkeypatch.setattr(pdf, "build", broken)
    client.force_login(make_user(tree.province, User.Role.LEADERSHIP))
    with caplog.at_level(logging.ERROR, logger="reports.report_jobs"):
        client.post(reverse("report_exports"), {"agency": tree.province.pk, "year": 2026, "months": 9, "by": "child"})
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.FAILED
    page = client.get(reverse("report_job", args=[job.pk])).content.decode()
    reference = job.message.rsplit(": ", 1)[1].rstrip(".")
    assert "Không lập được báo cáo" in page and reference in page
    assert "RuntimeError" not in page and "chi tiết nội bộ" not in page and "Traceback" not in page
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert logged and "chi tiết nội bộ" in traceback_of(logged[0])


def test_a_report_past_its_time_ends_with_the_reason(client, tree, make_user, monkeypatch, vietnamese):
    assert tasks.build_report.soft_time_limit == settings.THADS_REPORT_TIME_LIMIT
    assert tasks.build_report.time_limit > tasks.build_report.soft_time_limit

    def slow(report, progress=None):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(xlsx, "build", slow)
    client.force_login(make_user(tree.province, User.Role.LEADERSHIP))
    client.post(reverse("report_exports"), {"agency": tree.province.pk, "year": 2026, "months": 9, "by": "child"})
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.FAILED and "quá 10 phút" in job.message
    assert not ReportFile.objects.filter(job=job).exists()
    assert report_jobs.job_progress(job)["finished"]


def test_an_import_job_that_fails_says_so_plainly(client, tree, make_user, monkeypatch, caplog, vietnamese):
    from tests.casework.test_import import csv_bytes, row

    monkeypatch.setattr(import_jobs, "INLINE_ROWS", 0)
    client.force_login(make_user(tree.province, User.Role.CLERK))

    def broken(*args, **kwargs):
        raise RuntimeError("chi tiết nội bộ")

    monkeypatch.setitem(import_jobs.IMPORTERS, ImportJob.What.CASES, broken)
    with caplog.at_level(logging.ERROR, logger="casework.import_jobs"):
        response = client.post(reverse("case_import"), {"what": "cases", "file": SimpleUploadedFile(
            "viec.csv", csv_bytes([row(tree.unit1, "1/QĐ")]))})
    job = ImportJob.objects.get()
    page = client.get(response.url).content.decode()
    assert job.status == ImportJob.Status.FAILED and "mã tham chiếu" in job.message and job.message in page
    assert "chi tiết nội bộ" not in page
    assert any("chi tiết nội bộ" in traceback_of(r) for r in caplog.records)

    def slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setitem(import_jobs.IMPORTERS, ImportJob.What.CASES, slow)
    client.post(reverse("case_import"), {"what": "cases", "file": SimpleUploadedFile(
        "viec.csv", csv_bytes([row(tree.unit1, "1/QĐ")]))})
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.FAILED and "quá 30 phút" in job.message
