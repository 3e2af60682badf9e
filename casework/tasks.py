from celery import shared_task
from django.conf import settings

from . import import_jobs


# The soft limit ends the import cleanly (rolled back, the job saying why); the hard one a minute
# later stops a worker that could not be interrupted.
@shared_task(name="cases.run_import", acks_late=True, soft_time_limit=settings.THADS_IMPORT_TIME_LIMIT,
             time_limit=settings.THADS_IMPORT_TIME_LIMIT + 60)
def run_import(job_id: int):
    job = import_jobs.job_run(job_id)
    return job.status


@shared_task(name="cases.sweep_import_jobs")
def sweep_import_jobs():
    return import_jobs.sweep()
