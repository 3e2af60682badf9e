"""The settings the benchmarks run under: production's (DEBUG off, which keeps no SQL per query and
serves hashed static files), with what production requires set for this machine. Imported before
django.setup()."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thads.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'db.sqlite3'}")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
# Requests come from Django's test client or loopback, not through the TLS proxy.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")


def collect_static():
    """The hashed static files the pages name (production's storage needs its manifest), then
    what a web process does once started (thads.startup.settle, as thads.wsgi does)."""
    from django.core.management import call_command

    from thads.startup import settle

    call_command("collectstatic", interactive=False, verbosity=0)
    settle()


def signed_in_session(username):
    """A session of `username` in the database, as the login page would make it (for requests
    from outside the process: gunicorn, wrk). Delete it when done."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from cases.models import User

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session


def rolled_back(work):
    """`work()` inside a transaction rolled back afterwards: what it returns, the database as it was."""
    from django.db import transaction

    with transaction.atomic():
        result = work()
        transaction.set_rollback(True)
    return result


def a_case_of(agency_code):
    """The case of the agency's subtree the case-page benchmarks open, the same on every run of one
    dataset: its first by id with an open complaint (a page with every part: events, payments,
    clocks, complaints), else its first."""
    from cases.models import Agency, Case

    agency = Agency.objects.get(code=agency_code)
    cases = Case.objects.in_subtree(agency).order_by("pk")
    return cases.filter(open_complaints__gt=0).first() or cases.first()
