"""Login protection: a username locked after repeated failures, an address slowed after many.

Every way in goes through `authenticate()` (the login page, the admin's), so the lock is kept by
the authentication backend and the attempts by Django's login signals; the login form only says
why it refuses. The attempts live in the database: the lock holds across web processes and
machines, and whether Redis answers or not.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import signals
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .models import LoginAttempt

WINDOW = timedelta(minutes=15)
FAILURES_PER_USERNAME = 5
FAILURES_PER_ADDRESS = 20
KEPT = timedelta(days=90)


def client_address(request) -> str:
    """The browser's address: behind TRUSTED_PROXIES proxies, the one the nearest proxy saw
    (the last entries of X-Forwarded-For are the proxies' own; earlier ones can be forged)."""
    if request is None:
        return ""
    proxies = settings.TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


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


def _failed(sender, credentials, request=None, **kwargs):
    LoginAttempt.objects.create(username=_folded(credentials.get("username")), address=client_address(request),
                                succeeded=False)
    LoginAttempt.objects.filter(at__lt=timezone.now() - KEPT).delete()


def _succeeded(sender, request, user, **kwargs):
    LoginAttempt.objects.create(username=_folded(user.get_username()), address=client_address(request), succeeded=True)


def connect():
    signals.user_login_failed.connect(_failed, dispatch_uid="login_protection_failed")
    signals.user_logged_in.connect(_succeeded, dispatch_uid="login_protection_succeeded")
