"""Who is acting, and from where, for the change history: set per request by the middleware,
or around a command or a background job by `acting`."""

from contextlib import contextmanager
from contextvars import ContextVar

from thads.client import client_address

_actor: ContextVar[tuple] = ContextVar("audit_actor", default=(None, ""))


def current():
    return _actor.get()


@contextmanager
def acting(user, address):
    token = _actor.set((user, address))
    try:
        yield
    finally:
        _actor.reset(token)


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
        with acting(user, client_address(request)):
            return self.get_response(request)
