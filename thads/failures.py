"""An unexpected failure of a background job: the detail goes to the log under a reference, and
the user reads a plain sentence with that reference, never the exception itself."""

import secrets

from django.utils import timezone


def logged(logger, subject: str) -> str:
    """Log the exception being handled, with its traceback, under a new reference; return the
    reference for the message the user reads (an administrator finds the detail by it)."""
    reference = f"{timezone.now():%Y%m%d}-{secrets.token_hex(3).upper()}"
    logger.exception("%s failed (reference %s)", subject, reference)
    return reference
