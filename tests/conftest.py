from datetime import date

import pytest
from django.utils import translation

from cases.models import User

from . import factories
from .fixtures import make_tree


@pytest.fixture
def tree(db):
    return make_tree()


@pytest.fixture
def make_user(db):
    def make(agency, role=User.Role.OFFICIAL, **fields):
        return factories.UserFactory(agency=agency, role=role, **fields)

    return make


@pytest.fixture
def vietnamese():
    with translation.override("vi"):
        yield


TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Hashing strength is not under test; PBKDF2 would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_in_process(request):
    """Celery tasks run in the test's process, as without Redis; the tests marked `real_worker`
    send them to a worker instead."""
    from thads.celery import app

    if request.node.get_closest_marker("real_worker"):
        yield
        return
    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached (cached pages are keyed on ids a new test reuses)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="module")
def vacuumed(django_db_setup, django_db_blocker):
    """The test database vacuumed first (PostgreSQL), for a module that counts every table on each
    request: autovacuum is off on these machines, and the rows that thousands of rolled-back tests
    left behind doubled what each count reads by the time the permission matrix ran."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock():
        connection.ensure_connection()
        raw = connection.connection
        autocommit = raw.autocommit
        raw.autocommit = True
        try:
            with raw.cursor() as cursor:
                cursor.execute("VACUUM")
        finally:
            raw.autocommit = autocommit
