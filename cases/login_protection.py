"""Login protection: a username locked after repeated failures, an address slowed after many.

Every way in goes through `authenticate()` (the login page, the admin's), so the lock is kept by
the authentication backend and the attempts by Django's login signals; the login form only says
why it refuses. The attempts live in the database: the lock holds across web processes and
machines, and whether Redis answers or not.
"""

from datetime import timedelta

from django.contrib.auth import signals
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from thads.client import client_address

from .models import LoginAttempt

WINDOW = timedelta(minutes=15)
FAILURES_PER_USERNAME = 5
FAILURES_PER_ADDRESS = 20
KEPT = timedelta(days=90)


def _folded(username) -> str:
    return str(username or "").strip().lower()[:150]


def locked_until(username, address):
    """When the lock on this username or address ends, or None. Failures count since the
    username's last success, within the window."""
    now = timezone.now()
    since = now - WINDOW
    name = _folded(username)
    last_success = (LoginAttempt.objects.filter(username=name, succeeded=True, at__gte=since)
                    .order_by("-at").values_list("at", flat=True).first())
    failures = LoginAttempt.objects.filter(username=name, succeeded=False, at__gte=last_success or since)
    ends = []
    times = list(failures.order_by("-at").values_list("at", flat=True)[:FAILURES_PER_USERNAME])
    if len(times) >= FAILURES_PER_USERNAME:
        ends.append(times[-1] + WINDOW)  # the oldest of the last five leaves the window
    if address:
        times = list(LoginAttempt.objects.filter(address=address, succeeded=False, at__gte=since)
                     .order_by("-at").values_list("at", flat=True)[:FAILURES_PER_ADDRESS])
        if len(times) >= FAILURES_PER_ADDRESS:
            ends.append(times[-1] + WINDOW)
    ends = [end for end in ends if end > now]
    return max(ends) if ends else None


class LockoutBackend(ModelBackend):
    """Django's backend, refusing a locked username or address before the password is checked
    (the right password does not open a locked account: that is what guessing would find)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None and locked_until(username, client_address(request)):
            raise PermissionDenied  # stops authenticate(); user_login_failed is still sent
        return super().authenticate(request, username=username, password=password, **kwargs)


def failure_record(username, address):
    """One failed attempt at this username's password, from this address (a login, or the old
    password on the change-password page)."""
    LoginAttempt.objects.create(username=_folded(username), address=address, succeeded=False)
    LoginAttempt.objects.filter(at__lt=timezone.now() - KEPT).delete()


def _failed(sender, credentials, request=None, **kwargs):
    failure_record(credentials.get("username"), client_address(request))


def _succeeded(sender, request, user, **kwargs):
    LoginAttempt.objects.create(username=_folded(user.get_username()), address=client_address(request), succeeded=True)


def connect():
    signals.user_login_failed.connect(_failed, dispatch_uid="login_protection_failed")
    signals.user_logged_in.connect(_succeeded, dispatch_uid="login_protection_succeeded")
