"""Signal receivers that write a Change for every create, update and delete of the tracked models.

Old values are read from the database just before a save, so an update records exactly the fields
that changed. Bulk writes send no signals: imports call `record_bulk`; the demo loader and the summary table
are not recorded.
"""

from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from .context import current

# model label → the fields whose changes are recorded
TRACKED = {
    "cases.case": None,  # every concrete field
    "cases.caseevent": None,
    "cases.complaint": None,
    "reports.target": None,
    "reports.periodclosing": ("agency", "year", "months", "period_end", "closed_by", "live_differs"),
    "cases.user": ("username", "full_name", "agency", "role", "is_active", "is_staff", "is_superuser"),
    "cases.officer": None,
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


def _change(instance, action, changes, *, by=None):
    from .models import Change

    user, address = by or current()
    return Change(
        user=user, username=user.get_username() if user else "", address=address or "",
        model=instance._meta.label_lower, object_id=str(instance.pk), case_id=_case_id(instance),
        action=action, changes=changes, summary=str(instance)[:300],
    )


def _write(instance, action, changes):
    _change(instance, action, changes).save()


def _created(values) -> dict:
    return {k: [None, v] for k, v in values.items() if v not in (None, "", 0, False)}


def _updated(old, new) -> dict:
    return {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}


def values_of(instance) -> dict:
    """The recorded values of an instance, to pass as `before` to `record_bulk`."""
    return _values(instance)


def record_bulk(*, created=(), updated=()):
    """The changes of writes made in bulk (imports), which send no signals: the `created`
    instances (saved, with their keys), and `updated` (instance, values_of before) pairs."""
    from .models import Change

    by = current()
    rows = [_change(instance, "create", _created(_values(instance)), by=by) for instance in created]
    for instance, before in updated:
        changes = _updated(before, _values(instance))
        if changes:
            rows.append(_change(instance, "update", changes, by=by))
    Change.objects.bulk_create(rows, batch_size=2000)


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or instance._meta.label_lower not in TRACKED:
        return
    instance._audit_old = None
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).first()
        instance._audit_old = _values(old) if old is not None else None


def _after_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or instance._meta.label_lower not in TRACKED:
        return
    new = _values(instance)
    old = getattr(instance, "_audit_old", None)
    if created or old is None:
        _write(instance, "create", _created(new))
        return
    changes = _updated(old, new)
    if changes:
        _write(instance, "update", changes)


def _after_delete(sender, instance, **kwargs):
    if instance._meta.label_lower in TRACKED:
        _write(instance, "delete", {k: [v, None] for k, v in _values(instance).items()})


def connect():
    pre_save.connect(_before_save, dispatch_uid="audit_before_save")
    post_save.connect(_after_save, dispatch_uid="audit_after_save")
    post_delete.connect(_after_delete, dispatch_uid="audit_after_delete")
