"""Background jobs end within their time limits, cleanly: a real worker (prefork, as deployed)
given a one-second limit stops a large import, rolls it back, and the job says why."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Case, ImportJob, User
from casework import import_jobs
from casework.tasks import run_import
from tests.casework.test_import import csv_bytes, row

from .conftest import needs_redis_and_postgresql, start_worker, stop_worker, wait_for

pytestmark = [pytest.mark.real_worker, needs_redis_and_postgresql]


@pytest.fixture
def hurried_worker(transactional_db):
    from thads.celery import app

    app.control.purge()
    process = start_worker(pool="prefork", THADS_IMPORT_TIME_LIMIT="1")
    yield process
    stop_worker(process)


def test_an_import_past_its_time_limit_ends_with_nothing_written(client, tree, make_user, hurried_worker,
                                                                 monkeypatch):
    monkeypatch.setattr(import_jobs, "INLINE_ROWS", 10)
    # The limits travel with the task's message, set by the sender (here this process) from the
    # same settings as the worker's.
    monkeypatch.setattr(run_import, "soft_time_limit", 1)
    monkeypatch.setattr(run_import, "time_limit", 61)
    monkeypatch.setattr(run_import, "_exec_options", None)  # Celery keeps them from the task's first sending
    client.force_login(make_user(tree.province, User.Role.CLERK))
    data = csv_bytes([row(tree.unit1 if i % 2 else tree.unit2, f"{i}/QĐ-LAU") for i in range(8000)])
    response = client.post(reverse("case_import"), {"what": "cases", "file": SimpleUploadedFile("viec.csv", data)})
    assert response.status_code == 302
    job = wait_for(ImportJob.objects.get(), hurried_worker, seconds=120)
    assert job.status == ImportJob.Status.FAILED, (job.status, job.message, job.errors[:2])
    assert "quá 1 phút" in job.message
    assert Case.objects.count() == 0 and job.data is None
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert job.message in page
