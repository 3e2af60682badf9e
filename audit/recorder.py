"""The change history (a Change for every create, update and delete of the tracked models) and the
data version, written by `followed`: what follows every write, called by the write itself (the
register's through casework.writing, the others by their services and the admin's forms). No signal
receiver records anything: a write that does not call it is not in the history, which the tests of
each write path check.

An update records exactly the fields that changed since `values_of` read the instance.
"""

from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone, translation

from thads import data_version

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


def _fields(instance):
    wanted = TRACKED[instance._meta.label_lower]
    for field in instance._meta.concrete_fields:
        if field.name in SKIPPED or field.primary_key or getattr(field, "auto_now", False):
            continue
        if wanted is None or field.name in wanted:
            yield field


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _value(field, instance):
    value = getattr(instance, field.attname)
    if isinstance(field, models.DecimalField) and value is not None:
        # As stored: "82.5" typed and "82.50" read back are the same value.
        value = field.to_python(value).quantize(Decimal(1).scaleb(-field.decimal_places))
    return _plain(value)


def _values(instance) -> dict:
    return {f.name: _value(f, instance) for f in _fields(instance)}


def _case_id(instance):
    label = instance._meta.label_lower
    if label == "cases.case":
        return instance.pk
    return getattr(instance, "case_id", None)


def _change(instance, action, changes, *, by=None, at=None):
    from .models import Change

    user, address = by or current()
    return Change(
        at=at or timezone.now(), user=user, username=user.get_username() if user else "", address=address or "",
        model=instance._meta.label_lower, object_id=str(instance.pk), case_id=_case_id(instance),
        action=action, changes=changes, summary=_summary(instance),
    )


def _summary(instance) -> str:
    """The record as the history names it, in the records' own language whoever saved it (a
    payment entered with the interface in English still reads "Thu tiền" to the next clerk)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(instance)[:300]


def _created(values) -> dict:
    return {k: [None, v] for k, v in values.items() if v not in (None, "", 0, False)}


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

    by, at = current(), timezone.now()  # one time for one write: its history shows it as one save
    rows = [_change(instance, "create", _created(_values(instance)), by=by, at=at)
            for instance in created if _tracked(instance)]
    for instance, before in updated:
        if _tracked(instance) and (changes := _updated(before or {}, _values(instance))):
            rows.append(_change(instance, "update", changes, by=by, at=at))
    rows += [_change(instance, "delete", {k: [v, None] for k, v in _values(instance).items()}, by=by, at=at)
             for instance in deleted if _tracked(instance)]
    Change.objects.bulk_create(rows, batch_size=2000)
    labels = {instance._meta.label_lower for instance in (*created, *(i for i, _ in updated), *deleted)}
    if labels:
        data_version.changed(tree=bool(labels & TREE))


def followed_save(instance, before: dict | None):
    """`followed` for one saved instance: created when nothing was read `before` (None), else updated."""
    if before is None:
        followed(created=[instance])
    else:
        followed(updated=[(instance, before)])


def _tracked(instance) -> bool:
    return instance._meta.label_lower in TRACKED
