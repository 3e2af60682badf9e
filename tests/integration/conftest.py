"""A real Celery worker for the integration tests: a separate process on the test database,
with Redis as broker and cache. These tests run where REDIS_URL and a PostgreSQL DATABASE_URL are
set (the PostgreSQL and Redis pass of .ci/run); the in-process path is tested everywhere else."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

needs_redis_and_postgresql = pytest.mark.skipif(
    not settings.REDIS_URL or settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs Redis and PostgreSQL (REDIS_URL, DATABASE_URL)")


def start_worker(pool="solo", **environment):
    """A Celery worker process on the test database (`environment`: more settings for it). Time
    limits hold only in the prefork pool, production's default."""
    db = connection.settings_dict
    env = {**os.environ, "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
           "REDIS_URL": settings.REDIS_URL, "DJANGO_SETTINGS_MODULE": "thads.settings", **environment}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "thads", "worker", f"--pool={pool}", "--concurrency=1",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def stop_worker(process):
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def worker(transactional_db):
    """A Celery worker process on the test database; stopped after the test."""
    from thads.celery import app

    app.control.purge()  # messages left by an earlier run would name jobs this database does not have
    process = start_worker()
    yield process
    stop_worker(process)


def wait_for(job, worker, seconds=120):
    """Until the job has finished; on time-out, fail with what the worker said."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            return job
        time.sleep(0.3)
    worker.terminate()
    raise AssertionError(f"the job is still {job.status} after {seconds} s; worker said:\n{worker.communicate()[0]}")
