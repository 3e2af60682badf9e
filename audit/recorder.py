"""The change history (a Change for every create, update and delete of the tracked models) and the
data version, written by `followed`: what follows every write, called by the write itself (the
register's through casework.writing, the others by their services and the admin's forms). No signal
receiver records anything: a write that does not call it is not in the history, which the tests of
each write path check.

An update records exactly the fields that changed since `values_of` read the instance.
"""

import functools
import json
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter

from django.conf import settings
from django.db import connection, models
from django.utils import timezone, translation

from thads import data_version, inserts

from .context import current

# model label → the fields whose changes are recorded
TRACKED = {
    "cases.case": None,  # every concrete field
    "cases.caseevent": None,
    "cases.complaint": None,
    "reports.target": None,
    "reports.reportsigners": None,
    "reports.periodclosing": ("agency", "year", "months", "period_end", "version", "part_of", "closed_by",
                              "live_differs", "reopened_at", "reopened_by", "reopen_reason"),
    "cases.user": ("username", "full_name", "agency", "role", "is_active", "is_staff", "is_superuser"),
    "cases.officer": None,
    "cases.agency": ("code", "name", "short_name", "level", "parent", "valid_from", "valid_to"),
    "cases.agencysuccession": None,
    "cases.followedjudgment": None,
    "cases.followstep": None,
    "cases.committeeitem": None,
    "cases.committeemeeting": None,
    "cases.committeeconclusion": None,
}
SKIPPED = {"search_text", "updated_at", "created_at", "password", "last_login", "snapshot"}


@functools.cache
def _recorded(model) -> tuple:
    """(name, attname, how its value is recorded) of the recorded fields of a model, worked out once."""
    wanted = TRACKED[model._meta.label_lower]
    return tuple((field.name, field.attname, _recording(field)) for field in model._meta.concrete_fields
                 if not (field.name in SKIPPED or field.primary_key or getattr(field, "auto_now", False))
                 and (wanted is None or field.name in wanted))


def _recording(field):
    """None when a field's value is recorded as it is, else the function that records it."""
    if isinstance(field, models.DecimalField):
        # As stored: "82.5" typed and "82.50" read back are the same value.
        step = Decimal(1).scaleb(-field.decimal_places)
        return lambda value: None if value is None else _plain(field.to_python(value).quantize(step))
    if isinstance(field, (models.DateField, models.JSONField)) or not isinstance(field, _AS_THEY_ARE):
        return _plain
    return None


_AS_THEY_ARE = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _values(instance) -> dict:
    names, values = _read(instance)
    return dict(zip(names, values, strict=True))


# The columns of a Change row as `_change` writes them.
COLUMNS = ("at", "user_id", "username", "address", "model", "object_id", "case_id", "action", "changes", "summary")


def _change(instance, action, changes, *, who) -> tuple:
    """A Change row's values for the database; `who` = (at, user id, user name, address), the same
    for every record of one write."""
    label = instance._meta.label_lower
    case_id = instance.pk if label == "cases.case" else getattr(instance, "case_id", None)
    return (*who, label, str(instance.pk), case_id, action, json.dumps(changes), _summary(instance))


def _summary(instance) -> str:
    """The record as the history names it. `followed` names its records in their own language
    whoever saved them (a payment entered with the interface in English still reads "Thu tiền" to
    the next clerk): under settings.LANGUAGE_CODE, switched once for all of them."""
    return str(instance)[:300]


def _created(instance) -> dict:
    """What a created instance records: its values other than the empty ones."""
    names, values = _read(instance)
    return {name: [None, value] for name, value in zip(names, values, strict=True) if value not in _EMPTY}


def _read(instance) -> tuple:
    """(names, values as recorded) of an instance's recorded fields: read at once, and converted
    only where recorded otherwise than as they are (an import records two instances a row)."""
    names, read, records = _reading(type(instance))
    values = read(instance)
    if records:
        values = list(values)
        for index, record in records:
            values[index] = record(values[index])
    return names, values


_EMPTY = (None, "", 0, False)


@functools.cache
def _reading(model) -> tuple:
    """(names, a reader of their values as a tuple, (index, how recorded) where not as they are)."""
    recorded = _recorded(model)
    attnames = [attname for _name, attname, _record in recorded]
    read = attrgetter(*attnames) if len(attnames) > 1 else lambda instance: (getattr(instance, attnames[0]),)
    return (tuple(name for name, _attname, _record in recorded), read,
            tuple((index, record) for index, (_name, _attname, record) in enumerate(recorded) if record is not None))


def _updated(old, new) -> dict:
    return {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}


def values_of(instance) -> dict:
    """The recorded values of an instance, to pass as `before` to `followed` (none: not tracked)."""
    return _values(instance) if _tracked(instance) else {}


TREE = {"cases.agency", "cases.agencysuccession"}


def followed(*, created=(), updated=(), deleted=()):
    """What follows a write, in its transaction: the change history of the tracked instances
    among `created` (saved, with their keys), `updated` ((instance, values_of before) pairs) and
    `deleted` (as they were), and the data version (the tree's too for agencies)."""
    from .models import Change

    # One time for one write: its history shows it as one save.
    by, at = current(), Change._meta.get_field("at").get_db_prep_save(timezone.now(), connection)
    with translation.override(settings.LANGUAGE_CODE):  # named in their own language (_summary)
        rows = _rows(created, updated, deleted, by, at)
    inserts.insert_rows(Change, COLUMNS, rows)
    labels = {instance._meta.label_lower for instance in (*created, *(i for i, _ in updated), *deleted)}
    if labels:
        data_version.changed(tree=bool(labels & TREE))


def _rows(created, updated, deleted, by, at) -> list:
    user, address = by
    who = (at, user.pk if user else None, user.get_username() if user else "", address or "")
    rows = [_change(instance, "create", _created(instance), who=who)
            for instance in created if _tracked(instance)]
    for instance, before in updated:
        if _tracked(instance) and (changes := _updated(before or {}, _values(instance))):
            rows.append(_change(instance, "update", changes, who=who))
    rows += [_change(instance, "delete", {k: [v, None] for k, v in _values(instance).items()}, who=who)
             for instance in deleted if _tracked(instance)]
    return rows


def followed_save(instance, before: dict | None):
    """`followed` for one saved instance: created when nothing was read `before` (None), else updated."""
    if before is None:
        followed(created=[instance])
    else:
        followed(updated=[(instance, before)])


def _tracked(instance) -> bool:
    return instance._meta.label_lower in TRACKED
