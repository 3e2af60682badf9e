"""Large imports as background jobs: the upload queues a job, the job runs the same import, its
page shows the progress and then the outcome, to the person who sent it only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Case, ImportJob, User
from casework import import_jobs
from tests.casework.test_import import HEADERS, csv_bytes, row


@pytest.fixture
def clerk(tree, make_user):
    return make_user(tree.province, User.Role.CLERK)


@pytest.fixture
def small_inline_limit(monkeypatch):
    monkeypatch.setattr(import_jobs, "INLINE_ROWS", 2)


def upload(client, data, name="viec.csv", what="cases"):
    return client.post(reverse("case_import"), {"what": what, "file": SimpleUploadedFile(name, data)})


def test_a_large_file_becomes_a_job_that_imports_it(client, tree, clerk, make_user, small_inline_limit,
                                                    django_capture_on_commit_callbacks, vietnamese):
    client.force_login(clerk)
    data = csv_bytes([row(tree.unit1, f"{i}/QĐ") for i in range(3)])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, data)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("import_job", args=[job.pk])
    assert (job.status, job.rows, job.created, job.skipped, job.data) == ("done", 3, 3, 0, None)
    assert job.user == clerk and job.size == len(data) and Case.objects.count() == 3
    page = client.get(response.url).content.decode()
    assert "Đã nhập 3 việc; 0 việc đã có trong sổ." in page
    progress = client.get(reverse("import_job_progress", args=[job.pk])).json()
    assert progress == {"status": "done", "label": "Đã nhập", "finished": True, "done": 3, "total": 3, "percent": 100}
    # The import page lists it.
    assert reverse("import_job", args=[job.pk]) in client.get(reverse("case_import")).content.decode()

    # Only its sender sees it, even in the same agency.
    client.force_login(make_user(tree.province, User.Role.CLERK))
    assert client.get(response.url).status_code == 404
    assert client.get(reverse("import_job_progress", args=[job.pk])).status_code == 404


def test_a_job_with_bad_rows_imports_nothing_and_lists_them(client, tree, clerk, small_inline_limit,
                                                            django_capture_on_commit_callbacks, vietnamese):
    client.force_login(clerk)
    rows = [row(tree.unit1, "1/QĐ"), row(tree.other_unit, "2/QĐ"), row(tree.unit1, "3/QĐ", **{"Ngày thụ lý": "x"})]
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, csv_bytes(rows))
    job = ImportJob.objects.get()
    assert job.status == "refused" and job.error_count == 2 and job.created == 0
    assert [(r, c) for r, c, _reason in job.errors] == [(3, "Mã cơ quan thụ lý"), (4, "Ngày thụ lý")]
    assert Case.objects.count() == 0
    page = client.get(response.url).content.decode()
    assert "Không nhập dòng nào: 2 lỗi trong 3 dòng" in page and "ngoài phạm vi" in page


def test_a_job_whose_file_is_refused_says_why(client, tree, clerk, small_inline_limit,
                                              django_capture_on_commit_callbacks, vietnamese):
    client.force_login(clerk)
    data = ("\ufeff" + ";".join(HEADERS[1:]) + "\n" + "\n".join(["a;b"] * 5)).encode()  # no agency column
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, data)
    job = ImportJob.objects.get()
    assert job.status == "refused" and "Mã cơ quan thụ lý" in job.message
    assert job.message in client.get(response.url).content.decode()


def test_a_job_is_run_once(tree, clerk, django_capture_on_commit_callbacks):
    data = csv_bytes([row(tree.unit1, f"{i}/QĐ") for i in range(3)])
    with django_capture_on_commit_callbacks(execute=True):
        job = import_jobs.job_start(what="cases", data=data, filename="viec.csv", user=clerk)
    again = import_jobs.job_run(job.pk)  # a message delivered twice
    assert (again.status, again.created) == ("done", 3) and Case.objects.count() == 3


def test_small_files_still_import_during_the_upload(client, tree, clerk):
    client.force_login(clerk)
    response = upload(client, csv_bytes([row(tree.unit1, "1/QĐ")]))
    assert response.status_code == 302 and response.url.startswith(reverse("case_import"))
    assert not ImportJob.objects.exists() and Case.objects.count() == 1


def test_a_job_that_lost_its_worker_ends_with_the_reason(client, tree, clerk, vietnamese):
    """Stopped at its hard time limit or killed by the system, a worker leaves its job running:
    the watch ends it (an import is one transaction: nothing was written) and lets go of the file;
    so does a job no worker took."""
    from datetime import timedelta

    from django.utils import timezone

    from casework import tasks

    client.force_login(clerk)
    now = timezone.now()
    lost = ImportJob.objects.create(what="cases", filename="a.csv", size=3, data=b"abc", user=clerk,
                                    status=ImportJob.Status.RUNNING,
                                    started_at=now - import_jobs.LOST_AFTER - timedelta(seconds=5))
    working = ImportJob.objects.create(what="cases", filename="b.csv", size=3, data=b"abc", user=clerk,
                                       status=ImportJob.Status.RUNNING, started_at=now - timedelta(minutes=1))
    waiting = ImportJob.objects.create(what="cases", filename="c.csv", size=3, data=b"abc", user=clerk)
    ImportJob.objects.filter(pk=waiting.pk).update(created_at=now - import_jobs.WAITING_LIMIT - timedelta(seconds=5))
    # Its page ends it as soon as it is looked at.
    page = client.get(reverse("import_job", args=[lost.pk])).content.decode()
    lost.refresh_from_db()
    assert lost.status == ImportJob.Status.FAILED and lost.data is None and lost.finished_at is not None
    assert "dừng trước khi xong" in lost.message and lost.message in page
    # The watch (beat, every minute) ends the others that cannot finish, and only those.
    assert tasks.sweep_import_jobs() == 1
    working.refresh_from_db()
    waiting.refresh_from_db()
    assert working.status == ImportJob.Status.RUNNING and bytes(working.data) == b"abc"
    assert waiting.status == ImportJob.Status.FAILED and "Không có máy xử lý nào" in waiting.message
