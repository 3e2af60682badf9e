"""Redis away: asking for background work is refused with a message and leaves nothing behind;
pages that only use the cache go on serving. The broker and cache point at a closed port of this
machine (nothing listens on port 1), the way a stopped Redis looks to the web process."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cases.models import Case, ImportJob, User
from casework import import_jobs
from reports.models import ReportJob
from tests.casework.test_import import csv_bytes, row

CLOSED = "redis://127.0.0.1:1/0"
REFUSAL = "Hiện không kết nối được hàng đợi xử lý"


@pytest.fixture
def broker_away():
    """Celery sends to a Redis that does not answer (not in-process, as without Redis)."""
    from thads.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = CLOSED, False
    app._pool = app.amqp._producer_pool = None  # connections are made again from the new address
    yield
    app.conf.broker_url, app.conf.task_always_eager = saved
    app._pool = app.amqp._producer_pool = None


def test_a_report_request_is_refused_clearly_and_nothing_is_kept(client, tree, make_user, broker_away):
    client.force_login(make_user(tree.province, User.Role.LEADERSHIP))
    with translation.override("vi"):
        response = client.post(reverse("report_exports"), {"agency": tree.province.pk, "year": 2026, "months": 9,
                                                           "by": "child"})
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    assert not ReportJob.objects.exists()


def test_a_large_import_is_refused_clearly_and_nothing_is_kept(client, tree, make_user, broker_away, monkeypatch):
    monkeypatch.setattr(import_jobs, "INLINE_ROWS", 2)
    client.force_login(make_user(tree.province, User.Role.CLERK))
    data = csv_bytes([row(tree.unit1, f"{i}/QĐ") for i in range(5)])
    with translation.override("vi"):
        response = client.post(reverse("case_import"), {"what": "cases", "file": SimpleUploadedFile("viec.csv", data)})
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert not ImportJob.objects.exists() and not Case.objects.exists()


def test_pages_serve_while_the_cache_is_away(client, tree, make_user, settings):
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CLOSED,
                                   "OPTIONS": {"retry": Retry(NoBackoff(), 0)}}}
    client.force_login(make_user(tree.province, User.Role.LEADERSHIP))
    for name in ("home", "case_list", "figures", "report_exports"):
        assert client.get(reverse(name)).status_code == 200, name
