"""A change as a person reads it: field labels and values in the interface's language and formats."""

from datetime import date, datetime

from django.apps import apps
from django.db import models
from django.utils import timezone

from thads.formatting import integer

HIDDEN = {"entered_at"}  # already the change's own time


def _display(field, value):
    if value is None or value == "":
        return "∅"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        return f"#{value}"
    if isinstance(field, models.BooleanField):
        return "✓" if value else "✗"
    if isinstance(field, models.DateTimeField):
        return timezone.localtime(datetime.fromisoformat(value)).strftime("%H:%M %d/%m/%Y")
    if isinstance(field, models.DateField):
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(field, (models.IntegerField, models.BigIntegerField)) and field.name not in ("decision_year",):
        return integer(value)
    return str(value)


def lines(change) -> list[tuple[str, str, str]]:
    """(label, old, new) for each changed field."""
    model = apps.get_model(change.model)
    result = []
    for name, (old, new) in change.changes.items():
        if name in HIDDEN:
            continue
        try:
            field = model._meta.get_field(name)
        except Exception:  # a field since removed: show it raw
            result.append((name, str(old), str(new)))
            continue
        result.append((str(field.verbose_name).capitalize(), _display(field, old), _display(field, new)))
    return result
