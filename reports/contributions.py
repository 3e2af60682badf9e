"""What one case contributes to each cumulative period: the single definition of every figure.

A case's figures in a period go to the agency holding it at the period's end (a case handed over
in a restructure counts, for the whole period, with its new holder; the merged agency's scope
includes its predecessors, so nothing is lost or counted twice). Stocks are read from the states
at the day before the period starts and at its end; flows are their differences.
"""

from bisect import bisect_left
from datetime import timedelta
from functools import lru_cache
from typing import NamedTuple

from cases import timeline
from cases.models import CaseStatus, Condition, PostponementGround

from .calendar import periods_of_year, statistical_year, year_start
from .figures import BASE


class Dims(NamedTuple):
    """The breakdown keys of a summary row (a tuple: hashed and compared in C, as every case's
    contributions are keyed by them)."""

    agency_id: int
    officer_key: int  # officer id, 0 when none is assigned
    initiation: str
    judgment_kind: str
    is_credit_institution: bool
    is_corruption_asset: bool


def dims_of(case, agency_id) -> Dims:
    return Dims(*dims_key(case, agency_id))


def dims_key(case, agency_id) -> tuple:
    """The values of a case's Dims, in their order."""
    return (agency_id, case.officer_id or 0, case.initiation, case.judgment_kind, case.is_credit_institution,
            case.is_corruption_asset)


def period_contribution(case, start, end) -> tuple[int, dict, dict] | None:
    """(agency id, cases base, money base) of one case for a period, from its states at the day
    before the start and at the end; None when the case is not part of the period."""
    if end is None:
        return None  # not yet accepted at the period's end
    carried = start is not None and start.is_open and not start.in_separate_register
    accepted = start is None
    # Back from the separate register during the period: taken up again as a new case.
    returned = (start is not None and start.is_open and start.in_separate_register
                and (not end.in_separate_register or not end.is_open))
    if not (carried or accepted or returned):
        return None
    cases = dict.fromkeys(BASE, 0)
    money = dict.fromkeys(BASE, 0)
    if carried:
        cases["carried_over"], money["carried_over"] = 1, start.remaining
    elif accepted:
        cases["new"], money["new"] = 1, case.amount
    else:
        cases["new"], money["new"] = 1, start.remaining
    money["completed_actual"] = end.collected - (start.collected if start else 0)
    money["reduced"] = end.reduced - (start.reduced if start else 0)
    status = end.status
    if status == CaseStatus.COMPLETED:
        cases["completed_actual"] = 1
    elif status in (CaseStatus.TERMINATED, CaseStatus.ENTRUSTED, CaseStatus.REVOKED):
        key = {CaseStatus.TERMINATED: "terminated", CaseStatus.ENTRUSTED: "entrusted_out",
               CaseStatus.REVOKED: "revoked"}[status]
        cases[key], money[key] = 1, end.closing_amount
    else:
        if status == CaseStatus.POSTPONED:
            key = "postponed"
            if end.postponement_ground == PostponementGround.AGREED:
                cases["postponed_agreed"], money["postponed_agreed"] = 1, end.remaining
        elif status == CaseStatus.SUSPENDED:
            key = "suspended"
        elif end.condition == Condition.ABLE:
            key = "able_open"
        elif end.condition == Condition.UNABLE:
            key = "unable_open"
        else:
            key = "unclassified_open"
        cases[key], money[key] = 1, end.remaining
        if end.in_separate_register:
            cases["separate_register"], money["separate_register"] = 1, end.remaining
    return end.agency_id, cases, money


def case_contributions(case, replay: timeline.Replay, years, since=None) -> dict:
    """{(Period, Dims): (cases base, money base)} for every period of the given statistical years,
    read from a replay of the case's timeline; with `since`, only the periods ending on or after it."""
    result, dims = {}, {}
    for periods, agency_id, values in contribution_groups(case, replay.events, years, replay=replay, since=since):
        key = dims.get(agency_id)
        if key is None:
            key = dims[agency_id] = dims_of(case, agency_id)
        for period in periods:
            result[(period, key)] = values
    return result


def each_contribution(case, events, years, *, replay=None, since=None):
    """(period, agency id, (cases base, money base)) for every period of the given statistical
    years that the case is part of (with `since`, of those ending on or after it).

    Periods whose bounds share their state snapshots (nothing happened between their ends) have
    the same contribution: computed once and shared, so the values must be treated as read-only."""
    for periods, agency_id, values in contribution_groups(case, events, years, replay=replay, since=since):
        for period in periods:
            yield period, agency_id, values


def contribution_groups(case, events, years, *, replay=None, since=None):
    """`each_contribution` a group at a time: (the periods, agency id, values) of the periods
    whose bounds read the same two states, so the same contribution."""
    if not events:
        return
    first_year = statistical_year(min(e.effective_date for e in events))
    years = tuple(sorted(y for y in years if y >= first_year))
    if not years:
        return
    _calendar, dates = _calendar_of(years)
    found = replay.states_at(dates) if replay is not None else timeline.states_at(case, events, dates)
    # A replay shares one state between the dates with no event between them: the periods to
    # compute follow from which dates share one, worked out once for every case alike.
    first_of = {}  # (in C: this runs for every case written)
    shared = tuple(map(first_of.setdefault, map(id, found), range(len(found))))
    cut = bisect_left(dates, since) if since is not None else 0
    kept = []  # every group's values alive until the last is read: readers tell them apart by id()
    for start_index, end_index, periods in _groups_of(years, shared, cut):
        start = found[start_index]
        if start is not None and not start.is_open:
            continue  # closed before this year began
        part = period_contribution(case, start, found[end_index])
        if part is not None:
            kept.append(values := part[1:])
            yield periods, part[0], values


@lru_cache(maxsize=1024)  # a few hundred bytes each: a quarter of a MiB
def _groups_of(years, shared, cut) -> tuple:
    """(index of the start's state, of the end's, the periods) of the statistical `years`' periods
    ending at `cut` or later (indexes into `_calendar_of(years)`'s dates), grouped by the states
    at their bounds: `shared` gives each date the first date that holds the same state."""
    calendar, dates = _calendar_of(years)
    index_of = {day: index for index, day in enumerate(dates)}
    groups = {}
    for day_before, periods in calendar:
        start = shared[index_of[day_before]]
        for period, end in periods:
            if index_of[end] < cut:
                continue
            groups.setdefault((start, shared[index_of[end]]), []).append(period)
    return tuple((start, end, tuple(periods)) for (start, end), periods in groups.items())


def bounds_of(years) -> list:
    """Every date the contributions to these statistical years read a case's state at: what a
    write's replay stops at, so the figures need no replay of their own."""
    return _calendar_of(tuple(sorted(years)))[1]


@lru_cache(maxsize=64)
def _calendar_of(years):
    """Each year's day before its start (all its cumulative periods start on 1 October) with its
    periods and their ends; and every date a state is needed at."""
    calendar = [(year_start(y) - timedelta(days=1), [(p, p.end) for p in periods_of_year(y)]) for y in years]
    dates = sorted({d for start, periods in calendar for d in (start, *(end for _p, end in periods))})
    return calendar, dates
