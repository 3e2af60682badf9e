"""Rows per table: what a refused or failed request must leave as it was."""

from django.apps import apps


def rows_per_table(skip=()) -> dict:
    return {model._meta.label: model.objects.count() for model in apps.get_models() if model not in skip}


def rows_a_request_may_write() -> tuple:
    """The tables a request keeps by itself, whatever it asks: sessions and login attempts."""
    from django.contrib.sessions.models import Session

    from cases.models import LoginAttempt

    return (Session, LoginAttempt)
