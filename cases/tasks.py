from celery import shared_task

from . import import_jobs


@shared_task(name="cases.run_import", acks_late=True)
def run_import(job_id: int):
    job = import_jobs.job_run(job_id)
    return job.status
