from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from . import report_jobs, summaries


# The soft limit ends a build cleanly (the job failed with the reason); the hard one a minute later
# stops a worker that could not be interrupted, whose job the watch then sends again.
@shared_task(name="reports.build_report", bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3,
             soft_time_limit=settings.THADS_REPORT_TIME_LIMIT, time_limit=settings.THADS_REPORT_TIME_LIMIT + 60)
def build_report(self, job_id: int):
    try:
        job = report_jobs.job_run(job_id)
    except DatabaseError as exc:
        if self.request.retries >= self.max_retries:
            report_jobs.give_up(job_id)
            raise
        raise self.retry(exc=exc, countdown=30) from exc
    return job.status if job else "not claimed"


@shared_task(name="reports.fill_figures")
def fill_figures():
    """The years no write has filled yet (a new statistical year on 1 October, a restored database)."""
    return summaries.fill_all_missing()


@shared_task(name="reports.sweep_report_jobs")
def sweep_report_jobs():
    return report_jobs.sweep()


@shared_task(name="reports.build_monthly_reports")
def build_monthly_reports():
    return [job.pk for job in report_jobs.schedule_monthly(timezone.localdate())]
