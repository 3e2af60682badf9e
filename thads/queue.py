"""Sending work to the Celery workers. When the broker (Redis) cannot be reached, the request that
wanted the work is refused with a message the user can act on, never a server error.

Tasks are sent at once, not on commit, so the refusal can reach the user: callers send after the
row the task reads is committed (views run outside transactions). They are named, not imported: a
job's module never imports its task's module, which imports the job's.
"""

from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

UNAVAILABLE = _("The processing queue cannot be reached right now, so nothing was started and nothing was changed. "
                "Try again in a few minutes; if it lasts, tell your administrator.")


class QueueUnavailable(Exception):
    def __init__(self):
        super().__init__(str(UNAVAILABLE))


def send(name: str, *args):
    """Queue the task registered as `name` (e.g. "cases.run_import") with these arguments."""
    try:
        _task(name).apply_async(args, retry=False)
    except OperationalError as exc:
        raise QueueUnavailable() from exc


def _task(name: str):
    from .celery import app

    if name not in app.tasks:
        # The apps' tasks modules, imported now (a web process has not needed them yet). Not the
        # loader's import_default_modules, which sets Django up again and with it the logging.
        app.autodiscover_tasks(force=True)
    return app.tasks[name]
