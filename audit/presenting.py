"""A change history as a person reads it: one entry a save (what one write changed, the case and
the event it recorded together), who made it by name, the fields a person cares about with their
labels, and values in the interface's language and formats, links named, never "#118"."""

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby

from django.apps import apps
from django.db import models

from thads.formatting import integer, moment

# Never shown: the change's own time and author, counters and keys the software keeps.
TECHNICAL = {"entered_at", "entered_by", "created_by", "version", "decision_year", "search_text", "is_sample"}
# Worked out by the software from what was entered: shown when a save changes them (a payment
# lowers what remains), not listed again when the record is created.
DERIVED = {"status", "condition", "in_separate_register", "collected_amount", "reduced_amount", "remaining_amount",
           "closed_on", "last_event_on", "last_verified_on", "open_complaints", "compelled_on", "last_step_on",
           "next_due_on"}
# A record's link to the page it is shown on says nothing there (an event's case on the case's page).
PARENTS = {"cases.caseevent": {"case", "agency"}, "cases.complaint": {"case"}, "cases.followstep": {"judgment", "agency"},
           "cases.committeeconclusion": {"item"}}
# What a created record's own summary already says ("Thu tiền 02/09/2025").
SUMMARISED = {"cases.caseevent": {"kind", "effective_date"}, "cases.followstep": {"kind", "effective_date"}}
ABSENT = "∅"
UNGROUPED = {"year", "decision_year", "months", "civil_case_year", "round"}


@dataclass
class Entry:
    """One record's change within a save."""

    action: str
    action_label: str
    summary: str
    lines: list  # (label, old, new)

    @property
    def shown(self) -> list[tuple[str, str]]:
        return shown(self.action, self.lines)


@dataclass
class Save:
    """What one write changed, by one person, at one time."""

    at: datetime
    who: str
    address: str
    entries: list = field(default_factory=list)


def _label(instance) -> str:
    """How a linked record is named in a history: a person or a unit by its name."""
    for attribute in ("full_name", "short_name", "name", "decision_number", "judgment_number"):
        value = getattr(instance, attribute, "")
        if value:
            return str(value)
    return str(instance)


def _names(changes) -> dict:
    """{(model, pk): name} of every record the changes link to: one query a linked model."""
    wanted: dict = {}
    for change in changes:
        model = apps.get_model(change.model)
        for name, values in change.changes.items():
            try:
                model_field = model._meta.get_field(name)
            except Exception:  # noqa: BLE001 - a field since removed
                continue
            if isinstance(model_field, models.ForeignKey):
                wanted.setdefault(model_field.related_model, set()).update(v for v in values if v is not None)
    return {(related, pk): _label(instance) for related, ids in wanted.items()
            for pk, instance in related._default_manager.in_bulk(ids).items()}


def _display(model_field, value, names) -> str:
    if value is None or value == "":
        return ABSENT
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, value), "—")
    if isinstance(model_field, models.BooleanField):
        return "✓" if value else "✗"
    if isinstance(model_field, models.DateTimeField):
        return moment(datetime.fromisoformat(value))
    if isinstance(model_field, models.DateField):
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(model_field, (models.IntegerField, models.BigIntegerField)):
        return str(value) if model_field.name in UNGROUPED else integer(value)  # a year is never 2.027
    return str(value)


def lines(change, names=None, *, hidden=frozenset()) -> list[tuple[str, str, str]]:
    """(label, old, new) for each changed field a person cares about."""
    names = _names([change]) if names is None else names
    model = apps.get_model(change.model)
    skipped = TECHNICAL | hidden
    if change.action == "create":
        skipped = skipped | DERIVED | SUMMARISED.get(change.model, set())
    result = []
    for name, (old, new) in change.changes.items():
        if name in skipped:
            continue
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - a field since removed: shown as stored
            result.append((name, str(old), str(new)))
            continue
        result.append((str(model_field.verbose_name).capitalize(), _display(model_field, old, names),
                       _display(model_field, new, names)))
    return result


def shown(action, changed) -> list[tuple[str, str]]:
    """(label, text) as a person reads them: a created record's values, a deleted one's, or old → new."""
    if action == "create":
        return [(label, new) for label, _old, new in changed]
    if action == "delete":
        return [(label, old) for label, old, _new in changed]
    return [(label, f"{old} → {new}") for label, old, new in changed]


def _who(change) -> str:
    user = change.user
    if user is not None:
        return user.full_name or user.get_username()
    return change.username or "—"


def saves(changes, *, on_page_of=None) -> list[Save]:
    """The changes (newest first, their users selected) as saves: the rows one write recorded
    together (same time, person and place) in one entry each. `on_page_of`: the model label of the
    page showing them, whose records' links to it are not repeated."""
    changes = list(changes)
    names = _names(changes)
    result = []
    for (at, _user, address), group in groupby(changes, key=lambda c: (c.at, c.user_id or c.username, c.address)):
        group = sorted(group, key=lambda c: c.pk)  # what was recorded, then what followed from it
        save = Save(at=at, who=_who(group[0]), address=address)
        for change in group:
            hidden = PARENTS.get(change.model, set()) if on_page_of else set()
            save.entries.append(Entry(action=change.action, action_label=change.get_action_display(),
                                      summary=change.summary, lines=lines(change, names, hidden=frozenset(hidden))))
        result.append(save)
    return result
