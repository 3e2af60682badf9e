"""Period reports built by a real Celery worker process on the CI machine's Redis: both files for
the demo province, read back and checked against the figures engine."""

import io
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from cases.models import Agency, User
from demo.province import load_demo
from reports import report_jobs
from reports.calendar import Period
from reports.engine import compute
from reports.models import ReportFile, ReportJob
from reports.xlsx import FIRST_TABLE_ROW, HEADER_ROWS, columns

from .conftest import needs_redis_and_postgresql, start_worker, stop_worker, wait_for

pytestmark = [pytest.mark.real_worker, needs_redis_and_postgresql]


@pytest.fixture
def demo(transactional_db):
    load_demo(cases=600)
    return Agency.objects.get(code="THADS-TUYENQUANG")


def test_the_worker_builds_both_files_with_the_engines_figures(client, demo, worker):
    lanhdao = User.objects.get(username="lanhdao")
    client.force_login(lanhdao)
    with translation.override("vi"):
        response = client.post(reverse("report_exports"), {"agency": demo.pk, "year": 2026, "months": 9,
                                                           "by": "child"})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("report_job", args=[job.pk])
    assert client.get(response.url).status_code == 200  # the progress page, whatever the stage
    job = wait_for(job, worker)
    assert (job.status, job.progress, job.attempts) == ("done", 100, 1), job.message
    progress = client.get(reverse("report_job_progress", args=[job.pk])).json()
    assert progress["finished"] and progress["percent"] == 100

    with translation.override("vi"):
        report = compute(demo, Period(2026, 9))
    book = load_workbook(io.BytesIO(client.get(reverse("report_file", args=[job.pk, "xlsx"])).content))
    assert book.sheetnames == ["Kết quả THADS tính bằng việc", "Kết quả THADS tính bằng tiền", "Theo dõi THAHC"]
    for sheet, unit in zip(book.worksheets[:2], ("cases", "money"), strict=True):
        sources = [c.source for c in columns(unit)]
        total = next(sheet.iter_rows(min_row=FIRST_TABLE_ROW + HEADER_ROWS + 1, max_row=FIRST_TABLE_ROW + HEADER_ROWS
                                     + 1, values_only=True))
        values = dict(zip(sources, total[2:], strict=False))
        for key in ("total_accepted", "to_enforce", "with_conditions", "completed", "rate", "carried_forward"):
            assert values[key] == report[unit][key], (unit, key)

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        client.get(reverse("report_file", args=[job.pk, "pdf"])).content)).pages).replace("\n", " ")
    completed = f"{report['cases']['completed']:,}".replace(",", ".")
    rate = f"{report['cases']['rate']:.2f}".replace(".", ",")
    assert f"thi hành xong {completed} việc, đạt tỷ lệ {rate}" in text.replace("\u00a0", " ")


def test_a_job_whose_worker_died_is_sent_again_and_finished(demo, worker):
    # As a killed worker leaves it: running, silent for longer than STALE_AFTER.
    job = ReportJob.objects.create(agency=demo, year=2026, months=12, requested_by=User.objects.get(username="lanhdao"),
                                   owner_agency=demo, status="running", attempts=1,
                                   heartbeat_at=timezone.now() - report_jobs.STALE_AFTER - timedelta(seconds=1))
    assert report_jobs.sweep() == {"resent": 1, "failed": 0}
    job = wait_for(job, worker)
    assert (job.status, job.attempts, job.frozen) == ("done", 2, True)
    assert set(ReportFile.objects.filter(job=job).values_list("kind", flat=True)) == {"xlsx", "pdf"}


def test_a_worker_killed_in_the_middle_of_a_report_leaves_a_job_that_another_finishes(demo, worker):
    """SIGKILL while the worker builds the files: the job is left running and silent; once its
    heartbeat is older than STALE_AFTER (the time is moved, not waited for), the watch sends it
    again and a new worker builds it whole."""
    lanhdao = User.objects.get(username="lanhdao")
    job = report_jobs.job_request(user=lanhdao, agency=demo, period=Period(2026, 12), by="officer")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status != "queued":
            break
        time.sleep(0.01)
    assert job.status == "running", job.status  # caught in the middle (the build takes seconds)
    worker.kill()
    worker.wait(timeout=10)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("running", 1) and not ReportFile.objects.filter(job=job).exists()
    ReportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - report_jobs.STALE_AFTER - timedelta(seconds=1))
    assert report_jobs.sweep() == {"resent": 1, "failed": 0}
    second = start_worker()
    try:
        job = wait_for(job, second)
    finally:
        stop_worker(second)
    assert (job.status, job.attempts) == ("done", 2)
    assert set(ReportFile.objects.filter(job=job).values_list("kind", flat=True)) == {"xlsx", "pdf"}
