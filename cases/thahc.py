"""A followed judgment's file (domain primer §11): the legal order of its steps, its state, and the
working-day deadlines of NĐ 71/2016.

As with a case's events, `replay` folds the steps in order (date, then order of entry) and every
rule of what may follow what lives in `apply`; a new step, back-dated or not, is accepted only if
the whole file with it replays without error.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thads.formatting import date as fmt_date

from .clocks import Clock
from .models import AdminJudgmentType, FollowStatus, StepKind
from .timeline import TransitionError
from .workdays import add_working_days

NOTICE_WORKING_DAYS = 5        # the notice of voluntary enforcement, after receipt
BODY_CALENDAR_DAYS = 30        # the body's time to comply
BODY_REPORT_WORKING_DAYS = 3   # its report of the result, after those 30 days
COMPEL_WORKING_DAYS = 5        # the court's QĐ buộc THAHC, after the petition
INSTRUCTION_WORKING_DAYS = 3   # the superior body's instruction, after the QĐ buộc
MEETING_WORKING_DAYS = 3       # the officer's meeting with the body, after the QĐ buộc
PUBLISH_WORKING_DAYS = 5       # publication of the QĐ buộc on the agency's website
REPLY_WORKING_DAYS = 5         # the answer to a recommendation
WITHDRAW_WORKING_DAYS = 2      # withdrawal of the publication, after completion
DUE_SOON_WORKING_DAYS = 3      # what the due-soon lists look ahead

# Steps still possible once the judgment is completed or ended: the publication comes down and
# recommendations are answered after the outcome.
AFTER_CLOSE = frozenset({StepKind.WITHDRAW, StepKind.REPLY})
# Steps that need the notice before them: the body learns of the judgment from it.
AFTER_NOTICE = frozenset({StepKind.RESULT_REPORT, StepKind.PETITION, StepKind.COMPEL, StepKind.MEETING,
                          StepKind.RECOMMEND, StepKind.COMPLETE})
# Steps that follow the compulsion decision.
AFTER_COMPEL = frozenset({StepKind.INSTRUCTION, StepKind.PUBLISH})
ONCE = frozenset({StepKind.RECEIVE, StepKind.NOTICE, StepKind.COMPEL, StepKind.PUBLISH})


@dataclass
class FollowState:
    agency_id: int
    received_on: date
    status: str = FollowStatus.FOLLOWED
    closed_on: date | None = None
    noticed_on: date | None = None
    compelled_on: date | None = None
    published: bool = False
    withdrawn: bool = False
    open_recommendations: int = 0
    done: set = field(default_factory=set)
    last_step_on: date | None = None

    @property
    def is_open(self) -> bool:
        return self.status == FollowStatus.FOLLOWED


def ordered(steps):
    return sorted(steps, key=lambda s: (s.effective_date, s.pk is None, s.pk or 0))


def replay(judgment, steps) -> FollowState | None:
    """The state after every step; raises TransitionError at the first that breaks a rule."""
    state = None
    for step in ordered(steps):
        state = apply(judgment, state, step)
    return state


def check_new_step(judgment, steps, new_step, *, today: date) -> FollowState:
    if new_step.effective_date > today:
        raise TransitionError("effective_date", _("The date cannot be in the future."))
    return replay(judgment, [*steps, new_step])


def apply(judgment, state: FollowState | None, step) -> FollowState:
    kind = step.kind
    if step.effective_date < judgment.judgment_date:
        raise TransitionError("effective_date", _("The date %(date)s is before the judgment (%(judgment)s).") % {
            "date": fmt_date(step.effective_date), "judgment": fmt_date(judgment.judgment_date)})
    if kind == StepKind.RECEIVE:
        if state is not None:
            raise TransitionError("kind", _("The judgment has already been received."))
        status = FollowStatus.FOLLOWED if judgment.has_follow_up else FollowStatus.COUNTED
        return FollowState(agency_id=step.agency_id, received_on=step.effective_date, status=status,
                           done={kind}, last_step_on=step.effective_date)
    if state is None:
        raise TransitionError("effective_date", _("The judgment had not been received on that date."))
    if state.status == FollowStatus.COUNTED:
        raise TransitionError("kind", _("This judgment has nothing to follow: it is only counted."))
    if kind in ONCE and kind in state.done:
        raise TransitionError("kind", _("“%(step)s” has already been recorded.") % {"step": StepKind(kind).label})
    if not state.is_open and kind not in AFTER_CLOSE:
        raise TransitionError("kind", _("The judgment was closed (%(status)s) on %(date)s; only the withdrawal of "
                                        "its publication and replies to recommendations can follow.") % {
            "status": FollowStatus(state.status).label, "date": fmt_date(state.closed_on)})
    if kind in AFTER_NOTICE and state.noticed_on is None:
        raise TransitionError("kind", _("Send the notice of voluntary enforcement first."))
    if kind in AFTER_COMPEL and state.compelled_on is None:
        raise TransitionError("kind", _("This step follows the court's compulsion decision, not recorded yet."))
    _HANDLERS.get(kind, _nothing)(judgment, state, step)
    state.done.add(kind)
    state.last_step_on = step.effective_date
    return state


def _nothing(judgment, state, step):
    pass


def _notice(judgment, state, step):
    state.noticed_on = step.effective_date


def _result_report(judgment, state, step):
    if not step.result:
        raise TransitionError("result", _("Say what the body reports it did."))


def _compel(judgment, state, step):
    if not step.document_number:
        raise TransitionError("document_number", _("Give the number of the compulsion decision."))
    state.compelled_on = step.effective_date


def _publish(judgment, state, step):
    state.published = True


def _recommend(judgment, state, step):
    state.open_recommendations += 1


def _reply(judgment, state, step):
    if state.open_recommendations == 0:
        raise TransitionError("kind", _("No recommendation is awaiting a reply."))
    state.open_recommendations -= 1


def _complete(judgment, state, step):
    state.status = FollowStatus.COMPLETED
    state.closed_on = step.effective_date


def _withdraw(judgment, state, step):
    if not state.published or state.withdrawn:
        raise TransitionError("kind", _("The compulsion decision is not on the website."))
    if state.is_open:
        raise TransitionError("kind", _("The publication is withdrawn once the judgment is completed."))
    state.withdrawn = True


def _end_other(judgment, state, step):
    if not step.note.strip():
        raise TransitionError("note", _("Give the reason the following ends."))
    state.status = FollowStatus.ENDED
    state.closed_on = step.effective_date


_HANDLERS = {
    StepKind.NOTICE: _notice,
    StepKind.RESULT_REPORT: _result_report,
    StepKind.COMPEL: _compel,
    StepKind.PUBLISH: _publish,
    StepKind.RECOMMEND: _recommend,
    StepKind.REPLY: _reply,
    StepKind.COMPLETE: _complete,
    StepKind.WITHDRAW: _withdraw,
    StepKind.END_OTHER: _end_other,
}


# --- deadlines --------------------------------------------------------------------------------


def notice_due(judgment) -> date:
    if judgment.judgment_type in AdminJudgmentType.immediate():
        return judgment.received_on  # "ngay": the day it is received
    return add_working_days(judgment.received_on, NOTICE_WORKING_DAYS)


def result_report_due(noticed_on: date) -> date:
    return add_working_days(noticed_on + timedelta(days=BODY_CALENDAR_DAYS), BODY_REPORT_WORKING_DAYS)


LABELS = {
    "notice": gettext_lazy("Notice of voluntary enforcement"),
    "result_report": gettext_lazy("Body's report of its result (30 days + 03 working days)"),
    "compel": gettext_lazy("Court's compulsion decision after the petition"),
    "instruction": gettext_lazy("Superior body's instruction"),
    "meeting": gettext_lazy("Officer's meeting with the body"),
    "publish": gettext_lazy("Publication of the compulsion decision"),
    "reply": gettext_lazy("Reply to the recommendation"),
    "withdraw": gettext_lazy("Withdrawal of the publication"),
}


def deadlines(judgment, steps) -> list[Clock]:
    """Each step's clock from the steps in file order: started, due, done (None while awaited).

    A closed judgment keeps only what was done, and what still falls due after the outcome
    (replies to recommendations, withdrawal of the publication)."""
    if not judgment.has_follow_up:
        return []
    steps = ordered(steps)
    first = {}
    for step in steps:
        first.setdefault(step.kind, step)

    def done(kind, since=None):
        for step in steps:
            if step.kind == kind and (since is None or step.effective_date >= since):
                return step.effective_date
        return None

    clocks = [Clock(LABELS["notice"], judgment.received_on, notice_due(judgment), done(StepKind.NOTICE))]
    if notice := first.get(StepKind.NOTICE):
        clocks.append(Clock(LABELS["result_report"], notice.effective_date, result_report_due(notice.effective_date),
                            done(StepKind.RESULT_REPORT)))
    if petition := first.get(StepKind.PETITION):
        clocks.append(Clock(LABELS["compel"], petition.effective_date,
                            add_working_days(petition.effective_date, COMPEL_WORKING_DAYS), done(StepKind.COMPEL)))
    if compel := first.get(StepKind.COMPEL):
        day = compel.effective_date
        clocks += [
            Clock(LABELS["instruction"], day, add_working_days(day, INSTRUCTION_WORKING_DAYS),
                  done(StepKind.INSTRUCTION)),
            Clock(LABELS["meeting"], day, add_working_days(day, MEETING_WORKING_DAYS), done(StepKind.MEETING, day)),
            Clock(LABELS["publish"], day, add_working_days(day, PUBLISH_WORKING_DAYS), done(StepKind.PUBLISH)),
        ]
    replies = [s.effective_date for s in steps if s.kind == StepKind.REPLY]
    for recommendation in (s for s in steps if s.kind == StepKind.RECOMMEND):
        answered = replies.pop(0) if replies else None  # answered in the order sent
        clocks.append(Clock(LABELS["reply"], recommendation.effective_date,
                            add_working_days(recommendation.effective_date, REPLY_WORKING_DAYS), answered))
    closing = first.get(StepKind.COMPLETE) or first.get(StepKind.END_OTHER)
    if closing is not None:
        keep = {LABELS["reply"]}
        clocks = [c for c in clocks if c.done_on is not None or c.label in keep]
        if publish := first.get(StepKind.PUBLISH):
            start = max(closing.effective_date, publish.effective_date)
            clocks.append(Clock(LABELS["withdraw"], start, add_working_days(start, WITHDRAW_WORKING_DAYS),
                                done(StepKind.WITHDRAW)))
    return clocks


def next_due(clocks) -> date | None:
    """The earliest due date of what is still awaited (None when nothing is)."""
    return min((c.due_on for c in clocks if c.done_on is None), default=None)


def due_soon_until(today: date) -> date:
    return add_working_days(today, DUE_SOON_WORKING_DAYS)
