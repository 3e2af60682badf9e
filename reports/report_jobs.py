"""Period report jobs: asked for by leadership or scheduled monthly, built by a Celery worker.

A job row holds the request; the task gets only its id (Saleor's export habit). The worker claims
the job with one conditional UPDATE, so a message delivered twice builds once. While it works it
moves the progress bar and leaves a heartbeat; a job whose heartbeat stops (its worker died) is
sent again by the watch (`sweep`), up to MAX_ATTEMPTS, then ends "failed" with the reason. No job
stays running or waiting for ever.
"""

import logging
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Agency
from cases.permissions import can_close_periods, can_request_report
from thads import failures, queue
from thads.replica import reading_from_replica

from . import pdf, period_report, summaries, xlsx
from .calendar import Period, latest_completed_period
from .models import ReportFile, ReportJob

logger = logging.getLogger(__name__)

# A running job silent this long has lost its worker: longer than a build may take (its time limit).
STALE_AFTER = max(timedelta(minutes=10), timedelta(seconds=settings.THADS_REPORT_TIME_LIMIT + 120))
WAITING_LIMIT = timedelta(hours=2)     # a job no worker has taken in this time ends failed
MAX_ATTEMPTS = 3

# Each stage's share of the progress bar (its percent when it starts), and what the page says.
STAGES = {
    "figures": (5, gettext_lazy("Computing the figures")),
    "xlsx": (35, gettext_lazy("Writing the spreadsheet")),
    "pdf": (60, gettext_lazy("Drawing the charts and the PDF")),
    "saving": (95, gettext_lazy("Saving the files")),
}


def file_name(job: ReportJob, kind: str) -> str:
    return f"ket-qua-thads-{job.agency.code.lower()}-{job.year}-{job.months:02d}-thang.{kind}"


def job_request(*, user, agency: Agency, period: Period, by: str, number: str = "") -> ReportJob:
    """Queue a report for `user`. Refused (PermissionDenied) outside their scope or role, and
    (QueueUnavailable) when the workers' queue cannot be reached, in which case no job is kept.
    `number`: the report's number (số), which only leadership gives."""
    if not can_request_report(user, agency):
        raise PermissionDenied(_("You cannot export the reports of %(agency)s.") % {"agency": agency.name})
    if number and not can_close_periods(user):
        raise PermissionDenied(_("Only the leadership numbers a report."))
    if by == ReportJob.By.CHILD and agency.is_leaf_level:
        by = ReportJob.By.OFFICER
    job = ReportJob.objects.create(agency=agency, year=period.year, months=period.months, by=by, number=number,
                                   requested_by=user,
                                   owner_agency_id=user.agency_id, language=translation.get_language() or "vi")
    try:
        _send(job)
    except queue.QueueUnavailable:
        job.delete()
        raise
    return job


def _send(job: ReportJob):
    queue.send("reports.build_report", job.pk)


def _claim(job_id) -> ReportJob | None:
    """Take the job if nobody is building it: waiting, or running with a stopped heartbeat."""
    now = timezone.now()
    claimable = Q(status=ReportJob.Status.QUEUED) | Q(status=ReportJob.Status.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
    taken = ReportJob.objects.filter(claimable, pk=job_id).update(
        status=ReportJob.Status.RUNNING, attempts=F("attempts") + 1, started_at=now, heartbeat_at=now, progress=0,
        stage="figures", message="")
    return ReportJob.objects.select_related("agency").get(pk=job_id) if taken else None


def _stage(job: ReportJob, stage: str, progress: int | None = None):
    ReportJob.objects.filter(pk=job.pk).update(stage=stage, progress=progress or STAGES[stage][0],
                                               heartbeat_at=timezone.now())


def _fail(job_id, message: str):
    ReportJob.objects.filter(pk=job_id).exclude(status=ReportJob.Status.DONE).update(
        status=ReportJob.Status.FAILED, message=message, finished_at=timezone.now())


def job_run(job_id: int, *, today=None) -> ReportJob | None:
    """Build both files of one job. Returns None when the job was not this worker's to build."""
    job = _claim(job_id)
    if job is None:
        return None
    if job.attempts > MAX_ATTEMPTS:
        _fail(job.pk, _stopped_message(job.attempts - 1))
        return ReportJob.objects.get(pk=job.pk)
    today = today or timezone.localdate()
    with translation.override(job.language):
        try:
            period = Period(job.year, job.months)
            # On the primary: a fill read from a replica could be behind, and the replica may not
            # have replayed it when the figures are read (it then says it is behind, and is left).
            summaries.fill_missing({period.year, period.year - 1}, today=today)
            with reading_from_replica():
                report = period_report.collect(job.agency, period, by=job.by, today=today, number=job.number)
            _stage(job, "xlsx")
            sheets = iter((45, 55))
            spreadsheet = xlsx.build(report, progress=lambda: _stage(job, "xlsx", next(sheets)))
            _stage(job, "pdf")
            steps = iter((70, 85, 92))
            summary = pdf.build(report, progress=lambda: _stage(job, "pdf", next(steps)))
            _stage(job, "saving")
            with transaction.atomic():
                ReportFile.objects.filter(job=job).delete()
                for kind, content in ((ReportFile.Kind.XLSX, spreadsheet), (ReportFile.Kind.PDF, summary)):
                    ReportFile.objects.create(job=job, kind=kind, name=file_name(job, kind), size=len(content),
                                              content=content)
                ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.DONE, progress=100, stage="",
                                                           frozen=report.frozen, finished_at=timezone.now())
        except DatabaseError:
            # The database may be away for a moment: back in the queue, the task retries it.
            ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.RUNNING).update(status=ReportJob.Status.QUEUED)
            raise
        except SoftTimeLimitExceeded:
            logger.warning("Report job %s ran out of time", job.pk)
            _fail(job.pk, _("Building this report took longer than %(minutes)s minutes and was stopped; nothing was "
                            "saved. Ask for it again later; if it happens again, tell your administrator.") % {
                "minutes": max(1, round(settings.THADS_REPORT_TIME_LIMIT / 60))})
        except Exception:
            _fail(job.pk, _failure_message(failures.logged(logger, f"Report job {job.pk}")))
    return ReportJob.objects.get(pk=job.pk)


def _failure_message(reference: str) -> str:
    return _("The report could not be built because of an error in the system; nothing was saved. Ask for it again; "
             "if it happens again, give your administrator this reference: %(reference)s.") % {"reference": reference}


def give_up(job_id):
    """The last retry failed too (called while its error is handled): say so, if the database
    lets us; the detail is in the log under the reference."""
    reference = failures.logged(logger, f"Report job {job_id}")
    try:
        _fail(job_id, _failure_message(reference))
    except DatabaseError:
        logger.exception("Report job %s: could not record its failure", job_id)


def _stopped_message(times: int) -> str:
    return _("The worker building this report stopped %(n)s times before finishing; it was not built. Ask for it "
             "again; if it happens again, tell your administrator.") % {"n": times}


def sweep(now=None) -> dict:
    """Send again the jobs whose worker died, and end those that cannot finish. Run every minute by
    celery beat, and for one job whenever its page asks for its progress."""
    resent, failed = _sweep(ReportJob.objects.all(), now)
    return {"resent": resent, "failed": failed}


def sweep_job(job: ReportJob, now=None) -> ReportJob:
    """The sweep for one job, when it is due: the progress bar asks every second, and a job that
    is moving costs no query here."""
    now = now or timezone.now()
    stale = job.status == ReportJob.Status.RUNNING and job.heartbeat_at and job.heartbeat_at < now - STALE_AFTER
    waited = job.status == ReportJob.Status.QUEUED and (job.heartbeat_at or job.created_at) < now - WAITING_LIMIT
    if stale or waited:
        _sweep(ReportJob.objects.filter(pk=job.pk), now)
        job.refresh_from_db()
    return job


def _sweep(jobs, now=None) -> tuple[int, int]:
    now = now or timezone.now()
    resent = failed = 0
    for job in jobs.filter(status=ReportJob.Status.RUNNING, heartbeat_at__lt=now - STALE_AFTER):
        if job.attempts >= MAX_ATTEMPTS:
            with translation.override(job.language):
                _fail(job.pk, _stopped_message(job.attempts))
            failed += 1
            continue
        if ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.RUNNING, heartbeat_at=job.heartbeat_at).update(
                status=ReportJob.Status.QUEUED):
            try:
                _send(job)
                resent += 1
            except queue.QueueUnavailable:
                logger.warning("Report job %s could not be sent again: the queue is unreachable", job.pk)
    # Waiting since it was asked for, or since its last worker stopped.
    waiting_since = Coalesce("heartbeat_at", "created_at")
    for job in jobs.filter(status=ReportJob.Status.QUEUED).alias(since=waiting_since).filter(
            since__lt=now - WAITING_LIMIT):
        with translation.override(job.language):
            _fail(job.pk, _("No worker took this report in %(hours)s hours; it was not built. Ask for it again; if "
                            "it happens again, tell your administrator.") % {
                "hours": int(WAITING_LIMIT.total_seconds() // 3600)})
        failed += 1
    return resent, failed


def schedule_monthly(today) -> list[ReportJob]:
    """The cumulative report of the month just ended for every provincial agency, once each, for
    its leadership to find on the exports page."""
    period = latest_completed_period(today)
    provinces = Agency.objects.filter(level=Agency.Level.PROVINCIAL).valid_on(today).order_by("path")
    created = []
    for province in provinces:
        job, is_new = ReportJob.objects.get_or_create(
            agency=province, year=period.year, months=period.months, scheduled=True,
            defaults={"by": ReportJob.By.CHILD, "owner_agency": province, "language": settings.LANGUAGE_CODE})
        if is_new:
            created.append(job)
    for job in created:
        try:
            _send(job)
        except queue.QueueUnavailable:
            logger.warning("Scheduled report %s waits: the queue is unreachable", job.pk)
    return created


def job_progress(job: ReportJob) -> dict:
    stage = STAGES.get(job.stage)
    label = str(stage[1]) if job.status == ReportJob.Status.RUNNING and stage else str(job.get_status_display())
    return {"status": job.status, "label": label, "finished": job.finished, "percent": job.progress,
            "attempt": job.attempts}
