"""A large import through a real Celery worker: Redis as broker and cache, PostgreSQL shared
between the test and the worker process. Runs where REDIS_URL and a PostgreSQL DATABASE_URL are
set (the PostgreSQL and Redis pass of .ci/run); the in-process path is tested everywhere else."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Case, ImportJob, User
from casework import import_jobs
from reports import summaries
from reports.calendar import Period
from reports.engine import compute
from tests.casework.test_import import csv_bytes, row

from .conftest import needs_redis_and_postgresql, wait_for

pytestmark = [pytest.mark.real_worker, needs_redis_and_postgresql]


def test_a_large_upload_is_imported_by_the_worker(client, tree, make_user, worker, monkeypatch):
    monkeypatch.setattr(import_jobs, "INLINE_ROWS", 10)
    for year in (2025, 2026, 2027):
        summaries.fill_year(year)
    clerk = make_user(tree.province, User.Role.CLERK)
    client.force_login(clerk)
    data = csv_bytes([row(tree.unit1 if i % 2 else tree.unit2, f"{i}/QĐ") for i in range(60)])

    response = client.post(reverse("case_import"), {"what": "cases", "file": SimpleUploadedFile("viec.csv", data)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("import_job", args=[job.pk])
    assert client.get(response.url).status_code == 200  # the progress page, whatever the stage

    job = wait_for(job, worker)
    assert (job.status, job.created, job.skipped, job.error_count) == ("done", 60, 0, 0), job.errors[:3]
    assert job.started_at is not None and job.data is None
    # Written by the worker: the cases, their history, and the figures the dashboards read.
    assert Case.objects.filter(created_by=clerk).count() == 60
    assert compute(tree.province, Period(2026, 6))["cases"]["new"] == 60
    # The worker's progress reached this process through Redis.
    assert cache.get(f"import-job:{job.pk}:progress") == (60, 60)
    progress = client.get(reverse("import_job_progress", args=[job.pk])).json()
    assert progress["finished"] and progress["percent"] == 100

    # The same file again: skipped, nothing doubled.
    client.post(reverse("case_import"), {"what": "cases", "file": SimpleUploadedFile("viec.csv", data)})
    again = wait_for(ImportJob.objects.exclude(pk=job.pk).get(), worker)
    assert (again.status, again.created, again.skipped) == ("done", 0, 60)
    assert Case.objects.count() == 60
