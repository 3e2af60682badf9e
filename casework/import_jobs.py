"""Large imports in the background: a job carries the file to a Celery worker, which runs the
same import as for a small file and reports its progress through the cache.

Without Redis (the default set-up) Celery runs the task in-process, so the job has finished when
the upload's response comes back.
"""

import logging
from datetime import timedelta
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.models import ImportJob
from thads import cache, failures, queue

from . import imports

logger = logging.getLogger(__name__)

# Files up to this many rows (a workbook: unpacking to this size, about as many rows) import during
# the upload itself; larger ones go to a worker.
INLINE_ROWS = 2_000
INLINE_XLSX_BYTES = 3 * 1024 * 1024
KEPT_ERRORS = 10_000  # the problems a refused job keeps to show (all are counted)
IMPORTERS = {ImportJob.What.CASES: imports.import_cases, ImportJob.What.EVENTS: imports.import_events}


def runs_inline(data: bytes, filename: str) -> bool:
    """Whether a file is small enough to import during the upload (refuses unreadable files),
    whatever the file says of itself."""
    return imports.small(data, filename, most_rows=INLINE_ROWS, xlsx_bytes=INLINE_XLSX_BYTES)


def job_start(*, what, data: bytes, filename: str, user, address="") -> ImportJob:
    """Keep the file and queue its import. When the queue cannot be reached, nothing is kept and
    QueueUnavailable says so."""
    job = ImportJob.objects.create(what=what, filename=filename[:255], size=len(data), data=data, user=user,
                                   address=address, language=translation.get_language() or "vi")
    try:
        queue.send("cases.run_import", job.pk)
    except queue.QueueUnavailable:
        job.delete()
        raise
    return job


def _progress_key(job_id) -> str:
    return f"import-job:{job_id}:progress"


def _report(job_id, done, total):
    cache.set(_progress_key(job_id), (done, total), 24 * 3600)


def job_run(job_id: int) -> ImportJob:
    """Run one queued job. A job found running again (its worker died; the message came back)
    runs again: an import is one transaction and skips what is already there."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.finished:
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, started_at=timezone.now())
    _report(job.pk, 0, 0)
    outcome = {"status": ImportJob.Status.FAILED}
    try:
        with translation.override(job.language):
            result = IMPORTERS[job.what](bytes(job.data), job.filename, user=job.user, address=job.address,
                                         progress=partial(_report, job.pk))
    except imports.FileRefused as refused:
        outcome = {"status": ImportJob.Status.REFUSED, "message": str(refused)}
    except SoftTimeLimitExceeded:
        logger.warning("Import job %s ran out of time", job.pk)
        outcome["message"] = _("The import took longer than %(minutes)s minutes and was stopped; nothing was "
                               "imported. Split the file and import the parts.") % {
            "minutes": max(1, round(settings.THADS_IMPORT_TIME_LIMIT / 60))}
    except Exception:
        outcome["message"] = _("The import stopped on an error in the system and nothing was imported. Try again; if "
                               "it happens again, give your administrator this reference: %(reference)s.") % {
            "reference": failures.logged(logger, f"Import job {job.pk}")}
    else:
        outcome = {"status": ImportJob.Status.REFUSED if result.errors else ImportJob.Status.DONE,
                   "rows": result.rows, "created": result.created, "skipped": result.skipped,
                   "error_count": len(result.errors), "errors": [list(e) for e in result.errors[:KEPT_ERRORS]]}
    ImportJob.objects.filter(pk=job.pk).update(**outcome, data=None, finished_at=timezone.now())
    job.refresh_from_db()
    return job


# A job still running this long after it started has lost its worker (stopped at its hard time
# limit, a minute after the soft one, or killed by the system); one no worker took this long never
# will. An import is one transaction: either wrote nothing.
LOST_AFTER = timedelta(seconds=settings.THADS_IMPORT_TIME_LIMIT + 3 * 60)
WAITING_LIMIT = timedelta(hours=2)


def sweep(jobs=None, now=None) -> int:
    """End the jobs that cannot finish, saying why, and let go of their files. Run every minute by
    celery beat, and for one job whenever its page asks for its progress."""
    now = now or timezone.now()
    jobs = ImportJob.objects.all() if jobs is None else jobs
    ended = 0
    for job in jobs.filter(Q(status=ImportJob.Status.RUNNING, started_at__lt=now - LOST_AFTER)
                           | Q(status=ImportJob.Status.QUEUED, created_at__lt=now - WAITING_LIMIT)):
        with translation.override(job.language):
            message = (_("The import stopped before its end and nothing was imported. Split the file and import the "
                         "parts; if it happens again, tell your administrator.")
                       if job.status == ImportJob.Status.RUNNING else
                       _("No worker took this import in %(hours)s hours and nothing was imported. Send the file again; "
                         "if it happens again, tell your administrator.") % {
                           "hours": int(WAITING_LIMIT.total_seconds() // 3600)})
        ended += ImportJob.objects.filter(pk=job.pk, status=job.status).update(
            status=ImportJob.Status.FAILED, message=message, data=None, finished_at=now)
    return ended


def sweep_job(job: ImportJob, now=None) -> ImportJob:
    """The sweep for one job, when it is due (its page asks every second: no query otherwise)."""
    now = now or timezone.now()
    lost = job.status == ImportJob.Status.RUNNING and job.started_at and job.started_at < now - LOST_AFTER
    waited = job.status == ImportJob.Status.QUEUED and job.created_at < now - WAITING_LIMIT
    if lost or waited:
        sweep(ImportJob.objects.filter(pk=job.pk), now)
        job.refresh_from_db()
    return job


def job_progress(job: ImportJob) -> dict:
    """What the progress bar shows: the status and rows done of total (0 of 0 while reading)."""
    done, total = cache.get(_progress_key(job.pk), (0, 0)) if not job.finished else (job.rows, job.rows)
    return {"status": job.status, "label": str(job.get_status_display()), "finished": job.finished,
            "done": done, "total": total, "percent": round(100 * done / total) if total else (100 if job.finished else 0)}
