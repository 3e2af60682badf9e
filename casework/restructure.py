"""A restructure recorded in one operation: a merger, a split or a reorganisation on a date.

The predecessors end the day before, each successor is linked to the predecessors whose work it
takes over, every case open at a predecessor is handed over (one handover event each, dated the
restructure's day, through the same checks as every event), and the predecessors' officers and
accounts move with them, all in one transaction. With one successor everything goes to it; with
several (a split) each case goes where the administrator's rule says: its officer's new unit, a
list of decisions, or a text in the debtor's address, with a unit for the cases no rule names.

`restructure_preview` says what the operation will do, and every problem, without writing
anything; `restructure_apply` does exactly that or nothing. Figures before the date stay with the
predecessors and are counted for their successors by the restructure rules of the figures engine.
"""

from copy import copy
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import permissions
from cases.models import (
    Agency,
    AgencySuccession,
    Case,
    CaseEvent,
    CommitteeItem,
    CommitteeItemStatus,
    EventKind,
    FollowedJudgment,
    Officer,
    SuccessionKind,
    User,
)
from reports.closing import ClosedPeriods
from thads.formatting import date as fmt_date
from thads.formatting import integer

from . import agencies, bulk, committee, people, thahc


class Rule:
    """How a split sends each case to one of the successors."""

    OFFICER = "officer"
    LIST = "list"
    ADDRESS = "address"
    CHOICES = [(OFFICER, gettext_lazy("By the officer holding the case")),
               (LIST, gettext_lazy("By a list of decisions")),
               (ADDRESS, gettext_lazy("By the debtor's address"))]


@dataclass
class Plan:
    """What the administrator asks for."""

    effective_date: date
    predecessors: list
    successors: list
    rule: str = Rule.OFFICER
    officer_to: dict = field(default_factory=dict)  # officer id -> successor (every split; the officer rule)
    account_to: dict = field(default_factory=dict)  # account id -> successor (a split)
    case_to: dict = field(default_factory=dict)  # case id -> successor (the list rule)
    address_to: list = field(default_factory=list)  # [(text, successor)], first match (the address rule)
    fallback: object = None  # where the cases no rule names go (a split); None: they are a problem

    @property
    def kind(self) -> str:
        if len(self.successors) > 1:
            return SuccessionKind.SPLIT
        return SuccessionKind.MERGE if len(self.predecessors) > 1 else SuccessionKind.REORGANIZE

    @property
    def last_day(self) -> date:
        return self.effective_date - timedelta(days=1)


@dataclass
class Preview:
    plan: Plan
    moves: dict = field(default_factory=dict)  # (predecessor id, successor id) -> [case]
    officers: list = field(default_factory=list)  # (officer, successor)
    accounts: list = field(default_factory=list)  # (account, successor)
    ends: list = field(default_factory=list)  # predecessors to end on the last day
    links: list = field(default_factory=list)  # (predecessor, successor) to link
    left_with_officer_elsewhere: list = field(default_factory=list)  # cases whose officer goes to another unit
    judgments: list = field(default_factory=list)  # (followed administrative judgment, successor)
    committee_items: int = 0  # cases before a predecessor province's steering committee
    problems: list = field(default_factory=list)

    @property
    def case_count(self) -> int:
        return sum(len(cases) for cases in self.moves.values())

    def judgment_rows(self) -> list:
        """(predecessor, successor, number of followed judgments) for the page."""
        by_id = {a.pk: a for a in (*self.plan.predecessors, *self.plan.successors)}
        counts = {}
        for judgment, to in self.judgments:
            counts[(judgment.agency_id, to.pk)] = counts.get((judgment.agency_id, to.pk), 0) + 1
        return [(by_id[p], by_id[s], n) for (p, s), n in sorted(counts.items(), key=lambda item: (
            by_id[item[0][0]].path, by_id[item[0][1]].path))]

    def move_rows(self) -> list:
        """(predecessor, successor, number of cases, their remaining amount) for the page."""
        by_id = {a.pk: a for a in (*self.plan.predecessors, *self.plan.successors)}
        return [(by_id[p], by_id[s], len(cases), sum(c.remaining_amount for c in cases))
                for (p, s), cases in sorted(self.moves.items(), key=lambda item: (by_id[item[0][0]].path,
                                                                                  by_id[item[0][1]].path))]


def _case_label(case) -> str:
    return _("decision %(number)s of %(date)s") % {"number": case.decision_number, "date": fmt_date(case.decision_date)}


def _destination(plan, case, officer_to):
    """The successor a case goes to under the plan, or None."""
    if len(plan.successors) == 1:
        return plan.successors[0]
    if plan.rule == Rule.OFFICER:
        found = officer_to.get(case.officer_id)
    elif plan.rule == Rule.LIST:
        found = plan.case_to.get(case.pk)
    else:
        address = (case.debtor_address or "").casefold()
        found = next((to for text, to in plan.address_to if text.casefold() in address), None)
    return found or plan.fallback


def _check_units(plan, user, preview, today):
    problems, day, last = preview.problems, plan.effective_date, plan.last_day
    if not plan.predecessors or not plan.successors:
        problems.append(_("Choose the units that end and the units that take over their work."))
        return
    both = {a.pk for a in plan.predecessors} & {a.pk for a in plan.successors}
    if both:
        problems.append(_("A unit cannot both end and take over the work."))
        return
    links = set(AgencySuccession.objects.filter(predecessor__in=plan.predecessors, successor__in=plan.successors)
                .values_list("predecessor_id", "successor_id"))
    for predecessor in plan.predecessors:
        names = {"unit": predecessor.name, "date": fmt_date(last)}
        ended = predecessor.valid_to == last
        if predecessor.valid_to is not None and not ended:
            problems.append(_("%(unit)s ended on %(end)s, not on %(date)s.") % {
                **names, "end": fmt_date(predecessor.valid_to)})
        elif predecessor.valid_from > last:
            problems.append(_("%(unit)s did not operate yet on %(date)s.") % names)
        elif not ended:
            preview.ends.append(predecessor)
        wanted = [s for s in plan.successors if (predecessor.pk, s.pk) not in links and (
            len(plan.successors) == 1 or _receives(plan, predecessor, s, preview))]
        needs_admin = not ended or wanted
        if needs_admin and not permissions.can_administer_agency(user, predecessor):
            problems.append(_("%(unit)s is not a unit you administer.") % names)
        for successor in wanted:
            as_ended = _as_ended(predecessor, last)
            for problem in agencies.succession_problems(predecessor=as_ended, successor=successor, effective_date=day):
                problems.append(problem)
            if not permissions.can_administer_agency(user, successor):
                problems.append(_("%(unit)s is not a unit you administer.") % {"unit": successor.name})
            preview.links.append((predecessor, successor))
        late = (predecessor.children.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=last))
                .exclude(pk__in=[p.pk for p in plan.predecessors]).first())
        if late is not None:
            problems.append(_("%(child)s under %(unit)s still operates after %(date)s: end it first or include it.")
                            % {**names, "child": late.name})
    if day > today:
        problems.append(_("A restructure is recorded on its day or after it: the handovers are entries of the "
                          "register, which holds nothing of tomorrow."))
    for successor in plan.successors:
        for when in dict.fromkeys((day, today)):  # the cases held from the day, the people from today
            if not successor.is_valid_on(when):
                problems.append(_("%(successor)s does not operate on %(date)s.") % {
                    "successor": successor.name, "date": fmt_date(when)})


def _as_ended(agency, last):
    ended = copy(agency)
    ended.valid_to = last
    return ended


def _receives(plan, predecessor, successor, preview) -> bool:
    """Whether a split sends anything of `predecessor` to `successor` (cases, judgments, officers or accounts)."""
    return bool(preview.moves.get((predecessor.pk, successor.pk))) or any(
        judgment.agency_id == predecessor.pk and to.pk == successor.pk for judgment, to in preview.judgments) or any(
        to is not None and to.pk == successor.pk and person.agency_id == predecessor.pk
        for person, to in (*preview.officers, *preview.accounts))


def _plan_people(plan, preview):
    only = plan.successors[0] if len(plan.successors) == 1 else None
    officers = Officer.objects.filter(agency__in=plan.predecessors, is_active=True).order_by("full_name")
    officer_to = {}
    for officer in officers:
        to = only or plan.officer_to.get(officer.pk) or plan.fallback
        preview.officers.append((officer, to))  # listed unplaced too: the preview asks where they go
        if to is None:
            preview.problems.append(_("Choose where %(name)s goes.") % {"name": officer.full_name})
            continue
        officer_to[officer.pk] = to
    # An officer's login goes where the officer goes: it is how they see their own cases.
    login_of = {officer.user_id: officer_to.get(officer.pk) for officer in officers if officer.user_id}
    for account in User.objects.filter(agency__in=plan.predecessors, is_active=True).order_by("username"):
        to = only or login_of.get(account.pk) or plan.account_to.get(account.pk) or plan.fallback
        preview.accounts.append((account, to))
        if to is None:
            preview.problems.append(_("Choose where the account %(name)s goes.") % {"name": account.username})
    return officer_to


def _plan_cases(plan, preview, officer_to):
    unplaced = []
    cases = Case.objects.filter(agency__in=plan.predecessors).open().order_by("pk")
    for case in cases:
        to = _destination(plan, case, officer_to)
        if to is None:
            unplaced.append(case)
            continue
        preview.moves.setdefault((case.agency_id, to.pk), []).append(case)
        if case.officer_id and case.officer_id in officer_to and officer_to[case.officer_id].pk != to.pk:
            preview.left_with_officer_elsewhere.append(case)
    if unplaced:
        preview.problems.append(_("%(count)s open cases are sent nowhere by the rule (for example %(case)s): name "
                                  "them, or choose a unit for the rest.") % {
            "count": integer(len(unplaced)), "case": _case_label(unplaced[0])})
    late = (CaseEvent.objects.filter(agency__in=plan.predecessors, effective_date__gte=plan.effective_date)
            .exclude(kind=EventKind.HANDOVER, effective_date=plan.effective_date)
            .select_related("case").order_by("effective_date").first())
    if late is not None:
        preview.problems.append(_("The register has an entry of %(case)s at %(unit)s on %(day)s, on or after the "
                                  "restructure's day: entries from that day belong to the successor.") % {
            "case": _case_label(late.case), "unit": late.agency.name, "day": fmt_date(late.effective_date)})


def _plan_judgments(plan, preview, officer_to):
    """The administrative judgments the predecessors still follow go where their officer goes (a
    split by address: where the complying body's name says), else to the unit for the rest."""
    only = plan.successors[0] if len(plan.successors) == 1 else None
    unplaced = 0
    for judgment in FollowedJudgment.objects.filter(agency__in=plan.predecessors).still_followed().order_by("pk"):
        if only is not None:
            to = only
        elif plan.rule == Rule.ADDRESS:
            body = judgment.body.casefold()
            to = next((to for text, to in plan.address_to if text.casefold() in body), None)
        else:
            to = officer_to.get(judgment.officer_id)
        to = to or plan.fallback
        if to is None:
            unplaced += 1
            continue
        preview.judgments.append((judgment, to))
    if unplaced:
        preview.problems.append(_("%(count)s followed administrative judgments are sent nowhere by the rule: choose "
                                  "a unit for the rest.") % {"count": integer(unplaced)})


def _transfer_committee_items(plan):
    """The cases before a predecessor province's steering committee go before the committee of the
    province now holding them (a merger's: the successor's)."""
    ended = {a.pk for a in plan.predecessors}
    provinces = [a for a in plan.successors if a.level == Agency.Level.PROVINCIAL]
    for item in CommitteeItem.objects.filter(committee_id__in=ended, status=CommitteeItemStatus.OPEN).order_by("pk"):
        subject = item.subject
        subject.refresh_from_db()
        target = committee.committee_of(subject.agency)
        if target.pk in ended:
            target = provinces[0] if provinces else None
        if target is not None:
            committee.item_transfer(item, committee=target)


def _check_closed(plan, preview):
    refusal = ClosedPeriods().refusal({a.pk for a in (*plan.predecessors, *plan.successors)}, plan.effective_date)
    if refusal:
        preview.problems.append(refusal)


def restructure_preview(plan: Plan, *, user, today) -> Preview:
    """What `restructure_apply` would do, with every problem; writes nothing."""
    preview = Preview(plan)
    if not permissions.can_administer_tree(user):
        preview.problems.append(_("Only an administrator records a restructure."))
        return preview
    officer_to = _plan_people(plan, preview)
    _plan_cases(plan, preview, officer_to)
    _plan_judgments(plan, preview, officer_to)
    preview.committee_items = CommitteeItem.objects.filter(committee__in=plan.predecessors,
                                                          status=CommitteeItemStatus.OPEN).count()
    if preview.committee_items and not any(a.level == Agency.Level.PROVINCIAL for a in plan.successors):
        preview.problems.append(_("%(count)s cases are before the ending province's steering committee: a province "
                                  "must take over its work.") % {"count": integer(preview.committee_items)})
    _check_units(plan, user, preview, today)
    if preview.case_count:
        _check_closed(plan, preview)
    return preview


@transaction.atomic
def restructure_apply(plan: Plan, *, user, today) -> Preview:
    """Record the restructure exactly as previewed, or nothing (ValidationError with every problem)."""
    # One restructure of these units at a time: their rows locked while it is checked and written.
    # FOR NO KEY UPDATE: not held up by an import naming them (its foreign keys lock against key changes only).
    list(Agency.objects.select_for_update(no_key=True).filter(pk__in=[a.pk for a in (*plan.predecessors, *plan.successors)]))
    preview = restructure_preview(plan, user=user, today=today)
    if preview.problems:
        raise ValidationError(preview.problems)
    successors = {a.pk: a for a in plan.successors}
    cases = {case.pk: case for moved in preview.moves.values() for case in moved}
    rows = [(case.pk, {"case": case, "kind": EventKind.HANDOVER, "effective_date": plan.effective_date,
                       "to_agency": successors[successor_id]})
            for (_predecessor_id, successor_id), moved in sorted(preview.moves.items()) for case in moved]
    outcome = bulk.record_events(rows, user=user, today=today)
    if outcome.errors:
        raise ValidationError([f"{_case_label(cases[pk])}: {message}" for pk, _field, message in outcome.errors[:20]])
    for officer, to in preview.officers:
        people.officer_move(officer=officer, to_agency=to, with_cases=True)
    for judgment, to in preview.judgments:  # after the officers, who may follow them there
        officer = Officer.objects.select_related("agency").get(pk=judgment.officer_id) if judgment.officer_id else None
        thahc.judgment_move(judgment, to_agency=to, officer=officer, on=plan.effective_date)
    for account, to in preview.accounts:
        people.account_move(account=account, to_agency=to)
    _transfer_committee_items(plan)
    ended = {predecessor.pk: agencies.agency_change(agency=predecessor, valid_to=plan.last_day)
             for predecessor in sorted(preview.ends, key=lambda unit: -unit.depth)}  # a unit before its parent
    for predecessor, successor in preview.links:
        agencies.agency_succession_add(predecessor=ended.get(predecessor.pk, predecessor), successor=successor,
                                       kind=plan.kind, effective_date=plan.effective_date)
    return preview
