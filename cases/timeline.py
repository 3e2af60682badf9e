"""The state of a case on any date, derived from its events; and the legal transitions.

`replay` folds a case's events in order (effective date, then entry order) into a `CaseState`.
Every rule of what may follow what lives in `apply`; the same fold serves the figures "as of" a
date, the stored current state, and the validation of a new (possibly back-dated) event: a new
event is accepted only if the whole timeline with it inserted still replays without error.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thads.formatting import date as fmt_date
from thads.formatting import money

from .amounts import amount_problem
from .choices import CaseStatus, Condition, EventKind, Initiation

OPEN = frozenset(CaseStatus.open_values())
# Events allowed on a case that is already closed: complaints can come after the outcome.
AFTER_CLOSE = frozenset({EventKind.COMPLAINT_RECEIVED, EventKind.COMPLAINT_RESOLVED})


class TransitionError(ValidationError):
    """A rule broken by one event; `field` names the input that caused it."""

    def __init__(self, field_name: str, message: str):
        self.field = field_name
        super().__init__({field_name: [message]})


@dataclass
class CaseState:
    agency_id: int
    remaining: int
    accepted_on: date
    status: str = CaseStatus.ACTIVE
    condition: str = Condition.UNKNOWN
    postponement_ground: str = ""
    in_separate_register: bool = False
    collected: int = 0
    reduced: int = 0
    closed_on: date | None = None
    closing_amount: int = 0
    verifications: int = 0
    last_verified_on: date | None = None
    seized: bool = False
    valued: bool = False
    open_complaints: set = field(default_factory=set)
    last_event_on: date | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def copy(self) -> "CaseState":
        """A snapshot (dataclasses.replace is several times slower, and figures take millions)."""
        snapshot = object.__new__(CaseState)
        snapshot.__dict__.update(self.__dict__)
        snapshot.open_complaints = set(self.open_complaints)
        return snapshot


def ordered(events):
    """Timeline order: effective date, then order of entry (unsaved events last)."""
    return sorted(events, key=lambda e: (e.effective_date, e.pk is None, e.pk or 0))


def replay(case, events, *, until: date | None = None) -> CaseState | None:
    """The state after every event dated on or before `until` (all events if None).

    Returns None when the case was not yet accepted on that date. Raises TransitionError at the
    first event that breaks a rule.
    """
    state = None
    for event in ordered(events):
        if until is not None and event.effective_date > until:
            break
        state = apply(case, state, event)
    return state


def states_at(case, events, dates) -> list["CaseState | None"]:
    """The states at each of the ascending `dates`, in one pass over the timeline.

    Dates between which nothing happened share one snapshot object (treat them as read-only).
    """
    results = []
    state, snapshot = None, None
    pending = iter(ordered(events))
    upcoming = next(pending, None)
    for day in dates:
        changed = False
        while upcoming is not None and upcoming.effective_date <= day:
            state = apply(case, state, upcoming)
            upcoming = next(pending, None)
            changed = True
        if changed:
            snapshot = state.copy()
        results.append(snapshot)
    return results


class Replay:
    """A case's timeline replayed once: the state after it (`state`), and the states at the
    `dates` asked for, which the figures read at their periods' bounds. Whoever needs the timeline
    of a write reads it here rather than replaying it again."""

    def __init__(self, case, events, dates=()):
        self.case, self.events = case, ordered(events)
        self._dates = sorted(set(dates))
        self._states = {}
        state, snapshot, changed = None, None, False
        pending = iter(self._dates)
        day = next(pending, None)
        for event in self.events:
            while day is not None and day < event.effective_date:
                if changed:
                    snapshot, changed = state.copy(), False
                self._states[day] = snapshot
                day = next(pending, None)
            state, changed = apply(case, state, event), True
        while day is not None:
            if changed:
                snapshot, changed = state.copy(), False
            self._states[day] = snapshot
            day = next(pending, None)
        self.state = state

    def follows(self, event) -> bool:
        """Whether `event` comes after every event of this timeline (dated on or after the last)."""
        return bool(self.events) and event.effective_date >= self.events[-1].effective_date

    def then(self, event) -> "Replay":
        """This timeline with `event`, which `follows` it: the state carried on by that one event
        (the same fold, the same rules) instead of the whole timeline replayed again."""
        state = apply(self.case, self.state.copy(), event)
        following = Replay.__new__(Replay)
        following.case, following.events, following._dates = self.case, [*self.events, event], self._dates
        snapshot = state.copy()
        following._states = {day: snapshot if day >= event.effective_date else known
                             for day, known in self._states.items()}
        following.state = state
        return following

    def at(self, day) -> CaseState | None:
        """The state after every event dated on or before `day`."""
        return self.states_at([day])[0]

    def states_at(self, dates) -> list[CaseState | None]:
        """As `states_at`; from this replay when it stopped at every one of the dates (a date it
        was not asked for costs one more pass)."""
        try:
            return list(map(self._states.__getitem__, dates))  # in C: the figures ask this of every write
        except KeyError:
            return states_at(self.case, self.events, dates)


def check_new_event(case, events, new_event, *, today: date, dates=(), replayed: Replay | None = None) -> Replay:
    """Validate `new_event` against the case's timeline; return the timeline with it, replayed
    (stopping at `dates`). `replayed`, the timeline of `events` already replayed (stopping at the
    same dates), is carried on by the new event when it `follows` them."""
    if new_event.effective_date > today:
        raise TransitionError("effective_date", _("The date cannot be in the future."))
    if replayed is not None and replayed.follows(new_event) and replayed._dates == sorted(set(dates)):
        return replayed.then(new_event)
    return Replay(case, [*events, new_event], dates)


def apply(case, state: CaseState | None, event) -> CaseState:
    """Apply one event to the state before it; raises TransitionError if a rule forbids it."""
    kind = event.kind
    if event.effective_date < case.decision_date:
        raise TransitionError(
            "effective_date",
            _("The date %(date)s is before the enforcement decision (%(decision)s).")
            % {"date": fmt_date(event.effective_date), "decision": fmt_date(case.decision_date)},
        )
    if problem := amount_problem(event.amount):
        raise TransitionError("amount", problem)

    if kind == EventKind.ACCEPT:
        if state is not None:
            raise TransitionError("kind", _("The case has already been accepted."))
        if not event.to_agency_id:
            raise TransitionError("to_agency", _("Choose the agency that accepts the case."))
        return CaseState(
            agency_id=event.to_agency_id,
            remaining=case.amount,
            accepted_on=event.effective_date,
            last_event_on=event.effective_date,
        )
    if state is None:
        raise TransitionError("effective_date", _("The case had not been accepted on that date."))

    if not state.is_open and kind not in AFTER_CLOSE:
        raise TransitionError(
            "kind",
            _("The case was closed (%(status)s) on %(date)s; no further outcome can be recorded.")
            % {"status": CaseStatus(state.status).label, "date": fmt_date(state.closed_on)},
        )

    handler = _HANDLERS[kind]
    handler(case, state, event)
    state.last_event_on = event.effective_date
    return state


def _close(state, event, status, closing_amount=0):
    state.status = status
    state.closed_on = event.effective_date
    state.closing_amount = closing_amount


def _require_active(state, what):
    if state.status != CaseStatus.ACTIVE:
        raise TransitionError(
            "kind",
            _("%(what)s is not allowed while the case is %(status)s.")
            % {"what": what, "status": CaseStatus(state.status).label.lower()},
        )


def _require_amount(state, event, what):
    if event.amount <= 0:
        raise TransitionError("amount", _("Enter the amount of the %(what)s.") % {"what": what})
    if event.amount > state.remaining:
        raise TransitionError(
            "amount",
            _("The %(what)s of %(amount)s exceeds the remaining %(remaining)s.")
            % {"what": what, "amount": money(event.amount), "remaining": money(state.remaining)},
        )


def _verify(case, state, event):
    state.verifications += 1
    state.last_verified_on = event.effective_date


def _classify(case, state, event):
    if event.condition not in (Condition.ABLE, Condition.UNABLE):
        raise TransitionError("condition", _("Choose able or unable to enforce."))
    state.condition = event.condition
    if event.condition == Condition.ABLE:
        # A debtor found able again brings the case back from the separate register.
        state.in_separate_register = False


def _measure(case, state, event):
    label = EventKind(event.kind).label
    _require_active(state, label)
    if event.kind != EventKind.SECURE and state.condition != Condition.ABLE:
        raise TransitionError(
            "kind", _("%(what)s requires the case to be classified as able to enforce.") % {"what": label}
        )
    if event.kind == EventKind.VALUE and not state.seized:
        raise TransitionError("kind", _("Valuation requires a prior seizure of assets."))
    if event.kind == EventKind.AUCTION and not state.valued:
        raise TransitionError("kind", _("An auction requires a prior valuation."))
    if event.kind == EventKind.SEIZE:
        state.seized = True
    if event.kind == EventKind.VALUE:
        state.valued = True


# Lazy: translated only when a message is shown, not on every payment replayed.
PAYMENT = gettext_lazy("payment")
REDUCTION = gettext_lazy("exemption or reduction")
POSTPONEMENT = gettext_lazy("Postponement")


def _payment(case, state, event):
    _require_amount(state, event, PAYMENT)
    state.collected += event.amount
    state.remaining -= event.amount


def _reduce(case, state, event):
    if case.initiation != Initiation.EX_OFFICIO:
        raise TransitionError(
            "kind", _("Exemption or reduction applies only to amounts owed to the State (ex officio cases).")
        )
    _require_amount(state, event, REDUCTION)
    state.reduced += event.amount
    state.remaining -= event.amount


def _postpone(case, state, event):
    _require_active(state, POSTPONEMENT)
    state.status = CaseStatus.POSTPONED
    state.postponement_ground = event.ground or ""


def _suspend(case, state, event):
    if state.status not in (CaseStatus.ACTIVE, CaseStatus.POSTPONED):
        raise TransitionError("kind", _("Only an active or postponed case can be suspended."))
    state.status = CaseStatus.SUSPENDED
    state.postponement_ground = ""


def _resume(case, state, event):
    if state.status not in (CaseStatus.POSTPONED, CaseStatus.SUSPENDED):
        raise TransitionError("kind", _("Resumption is only possible after a postponement or a suspension."))
    state.status = CaseStatus.ACTIVE
    state.postponement_ground = ""


def _terminate(case, state, event):
    _close(state, event, CaseStatus.TERMINATED, state.remaining)


def _complete(case, state, event):
    if state.remaining > 0:
        raise TransitionError(
            "kind",
            _("%(remaining)s remain to be collected: record the payment first, or terminate the case.")
            % {"remaining": money(state.remaining)},
        )
    _close(state, event, CaseStatus.COMPLETED)


def _entrust_out(case, state, event):
    if not event.to_agency_id:
        raise TransitionError("to_agency", _("Choose the agency the case is entrusted to."))
    if event.to_agency_id == state.agency_id:
        raise TransitionError("to_agency", _("A case cannot be entrusted to the agency that holds it."))
    _close(state, event, CaseStatus.ENTRUSTED, state.remaining)


def _revoke(case, state, event):
    _close(state, event, CaseStatus.REVOKED, state.remaining)


def _separate_register(case, state, event):
    if state.condition != Condition.UNABLE:
        raise TransitionError("kind", _("Only a case classified as unable to enforce can move to the separate register."))
    if state.verifications < 2:
        raise TransitionError("kind", _("A case moves to the separate register only after at least two verifications."))
    if state.in_separate_register:
        raise TransitionError("kind", _("The case is already in the separate register."))
    state.in_separate_register = True


def _complaint_received(case, state, event):
    if event.complaint_id is None:
        raise TransitionError("complaint", _("The complaint is missing."))
    state.open_complaints.add(event.complaint_id)


def _complaint_resolved(case, state, event):
    if event.complaint_id not in state.open_complaints:
        raise TransitionError("complaint", _("This complaint is not open on that date."))
    state.open_complaints.discard(event.complaint_id)


def _handover(case, state, event):
    if not event.to_agency_id:
        raise TransitionError("to_agency", _("Choose the agency that takes over the case."))
    if event.to_agency_id == state.agency_id:
        raise TransitionError("to_agency", _("The case is already held by that agency."))
    state.agency_id = event.to_agency_id


_HANDLERS = {
    EventKind.VERIFY: _verify,
    EventKind.CLASSIFY: _classify,
    EventKind.SECURE: _measure,
    EventKind.COERCE: _measure,
    EventKind.SEIZE: _measure,
    EventKind.VALUE: _measure,
    EventKind.AUCTION: _measure,
    EventKind.PAYMENT: _payment,
    EventKind.REDUCE: _reduce,
    EventKind.POSTPONE: _postpone,
    EventKind.SUSPEND: _suspend,
    EventKind.RESUME: _resume,
    EventKind.TERMINATE: _terminate,
    EventKind.COMPLETE: _complete,
    EventKind.ENTRUST_OUT: _entrust_out,
    EventKind.REVOKE: _revoke,
    EventKind.SEPARATE_REGISTER: _separate_register,
    EventKind.COMPLAINT_RECEIVED: _complaint_received,
    EventKind.COMPLAINT_RESOLVED: _complaint_resolved,
    EventKind.HANDOVER: _handover,
}
