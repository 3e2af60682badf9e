"""The cases behind an official figure: drill-down from a number to the list that makes it.

The same definition as `contributions.period_contribution`, written as database conditions: a
closing is final, so the closed figures come from the case row (status, closed_on); the states at
a date (holder, postponed or suspended, the classification, the separate register) come from the
case's span holding that date (`cases.spans`: the latest event of each deciding kind on or before
it), one indexed join per date. A test holds every count equal to the figure.
"""

from dataclasses import replace

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, FilteredRelation, Func, Q

from cases.lookups import Ids, any_of_sql
from cases.models import Case, CaseEvent, CaseStatus, Condition, EventKind, PostponementGround
from cases.scoping import covers_every_agency, visible_agency_ids
from thads.pagination import Sort

from .calendar import Period
from .figures import RANKED_KEYS, agreed_postponement_counts_as_able, unclassified_counts_as_able
from .models import FigureByAgency, FigureNational

# The figures whose cases can be listed: each one the ranking links, the rate aside (a ratio).
FIGURE_KEYS = tuple(key for key in RANKED_KEYS if key != "rate")
# Those counting the cases closed within the period (by their status).
CLOSED_IN_PERIOD = ("entrusted_out", "revoked", "completed", "completed_actual", "terminated")


def _state_on(day):
    """The case's span holding `day` (at most one does; none before the case was accepted)."""
    return FilteredRelation("spans", condition=Q(spans__valid_from__lte=day)
                            & (Q(spans__valid_to__isnull=True) | Q(spans__valid_to__gt=day)))


class _IsTrue(Func):
    template = "(%(expressions)s) IS TRUE"
    output_field = BooleanField()


def _planned_whole(condition: Q):
    """`condition` as one opaque test when it is a choice between several (an OR), else as it is.

    The same rows (a WHERE keeps a row only where its condition is true). PostgreSQL estimates
    `(…) IS TRUE` by what is inside, though no longer by what all its branches imply (a span join
    tested only inside it stays an outer join, estimated larger); the pages walk the same index
    in their order either way. But the planner no longer takes the OR apart, trying to prove each
    partial index of the case table from every branch: on the national dataset that was 3 to 10 ms
    of planning a list behind a figure (1,5 to 4 for a province), most of its SQL time, for the
    same plans; now 0,4 to 2,6 ms. A single condition, or several that must all hold, stays open
    to the indexes (a status and a closing date do)."""
    if condition.connector != Q.OR or len(condition.children) < 2:
        return condition
    return _IsTrue(ExpressionWrapper(condition, output_field=BooleanField()))


def _has_spans_index(key) -> bool:
    """Whether the figure's cases have an index of their spans in decision order (cases.models.span):
    the rare states, postponed, suspended and unable to pay, whose cases lie far apart in the
    register's own decision order."""
    return key in ("postponed", "suspended") or (key == "without_conditions" and unclassified_counts_as_able())


def cases_behind(queryset, key: str, period: Period, agency_ids=None):
    """The cases of `queryset` counted in figure `key` (a FIGURE_KEYS member) of `period`; with
    `agency_ids`, only those held by one of these agencies at the period's end (a figure goes to the
    holder at the end, and a handover may have moved the case since)."""
    start, end, before = period.start, period.end, period.day_before_start
    # alias, not annotate: the joins serve the conditions and are never selected.
    queryset = queryset.alias(_before=_state_on(before), _end=_state_on(end))
    # All conditions go in one filter(): each filter() on a relation to many joins it again.
    # Every agency in sight (a national scope): every case is held by one of them at the end (a
    # case accepted by then has a span that day), so nothing to join for it.
    everyone = agency_ids is None or covers_every_agency(agency_ids)
    held = Q() if everyone else Q(_end__holder_id__any_of=Ids(agency_ids))
    open_before = Q(accepted_on__lte=before) & (Q(closed_on__isnull=True) | Q(closed_on__gt=before))
    open_end = Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    # A case open before the period was accepted by then, so it has a span on both days.
    carried = open_before & Q(_before__in_register=False)
    # Closed within the period: "from its start" follows from touches_period below, and is said
    # here so that the closed cases' index by closing date is read as one range (case_closed_on).
    closed = Q(closed_on__gte=start, closed_on__lte=end)
    returned = open_before & Q(_before__in_register=True) & (closed | Q(_end__in_register=False))
    new = Q(accepted_on__gte=start, accepted_on__lte=end) | returned

    def closed_as(status):
        return closed & Q(status=status)

    active = open_end & Q(_end__pause="")
    postponed = open_end & Q(_end__pause=EventKind.POSTPONE)
    agreed = postponed & Q(_end__ground=PostponementGround.AGREED)
    suspended = open_end & Q(_end__pause=EventKind.SUSPEND)
    able = active & Q(_end__condition=Condition.ABLE)
    unable = active & Q(_end__condition=Condition.UNABLE)
    unclassified = active & Q(_end__condition="")
    in_progress = able | unclassified if unclassified_counts_as_able() else able
    without = unable if unclassified_counts_as_able() else unable | unclassified
    completed = closed & Q(status__in=(CaseStatus.COMPLETED, CaseStatus.TERMINATED))
    remaining_able = in_progress | agreed if agreed_postponement_counts_as_able() else in_progress
    conditions = {
        "carried_over": carried,
        "new": new,
        "total_accepted": carried | new,
        "entrusted_out": closed_as(CaseStatus.ENTRUSTED),
        "revoked": closed_as(CaseStatus.REVOKED),
        "to_enforce": completed | open_end,
        "completed": completed,
        "completed_actual": closed_as(CaseStatus.COMPLETED),
        "terminated": closed_as(CaseStatus.TERMINATED),
        "in_progress": in_progress,
        "postponed": postponed,
        "suspended": suspended,
        "without_conditions": without,
        "with_conditions": completed | remaining_able,
        "carried_forward": open_end,
        "carried_forward_with_conditions": remaining_able,
    }
    # A cheap first cut on the case row, so the spans are only joined to the period's cases.
    # decision_date <= end follows from accepted_on <= end (a constraint), and lets a list in
    # decision order start at the period's end instead of walking the cases decided since.
    touches_period = (Q(accepted_on__lte=end) & Q(decision_date__lte=end)
                      & (Q(closed_on__isnull=True) | Q(closed_on__gte=start)))
    if key == "carried_over":  # accepted before the period, so decided before it too
        touches_period &= Q(decision_date__lte=before)
    # A case closed within the period was carried over or new: accepted in it, new; accepted before
    # it, open the day before (closed since), carried over if outside the separate register then,
    # returned from it if inside (closed in the period). So a closing figure's list needs no span
    # of the day before, and nationally none at all (behind "revoked": 4.300 cases' money added
    # up without 8.600 look-ups of their spans).
    counted = [] if key in CLOSED_IN_PERIOD else [_planned_whole(carried | new)]
    return queryset.filter(touches_period & held, *counted, _planned_whole(conditions[key]))


def figure_total(user, key: str, period: Period, agency_ids) -> int:
    """How many cases `cases_behind` lists for `user` (whose register it filters), without judging
    millions of cases one by one: the figure from the summary rows, less the cases it counts that
    have since been handed to an agency the user cannot open (a handover after the period's end)."""
    from .engine import FiguresNotReady, scope_figures

    try:
        total = scope_figures(agency_ids, period).cases.values()[key]
    except FiguresNotReady:
        return None  # the list counts its cases itself
    visible = visible_agency_ids(user)
    if covers_every_agency(visible):
        return total  # no agency the user cannot open: nothing handed out of sight
    # Handovers are rare outside a restructure: their own index finds those since the period.
    handed_out = list(CaseEvent.objects.filter(kind=EventKind.HANDOVER, effective_date__gt=period.end)
                      .exclude(to_agency_id__any_of=Ids(visible)).order_by().values_list("case_id", flat=True).distinct())
    if not handed_out:
        return total
    gone = Case.objects.filter(pk__in=handed_out).exclude(agency_id__any_of=Ids(visible))
    return total - cases_behind(gone, key, period, agency_ids).count()


# Walking the decision-date index to fill a page of a figure of T cases reads about 51·N/T rows of
# the country's N; sorting judges each of the scope's S cases, about three times the cost of a
# walked row (measured nationally, for a province and for a unit: bench/RESULTS.md). So walking
# pays when 51·N/T < 3·S.
WALK_FACTOR = 17


def walking_pays(total: int, period: Period, agency_ids) -> bool:
    """Whether the list behind a figure of `total` cases of the scope `agency_ids` is best read by
    walking the decision-date index (a dense figure, a large scope) rather than sorted. The cases
    of the period (carried over and new), of the scope and of the country: a national scope's are
    the country's, and need no read; another's, one read of the rollups (filled already: the
    list's total came from them), the country's its one national row."""
    if covers_every_agency(agency_ids):
        return total >= WALK_FACTOR
    quote = connection.ops.quote_name
    accepted = f"{quote('cases_carried_over')} + {quote('cases_new')}"
    period_is = f"{quote('year')} = %s AND {quote('months')} = %s"
    in_scope, scope_params = any_of_sql(quote("agency_id"), agency_ids, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT {accepted} FROM {quote(FigureNational._meta.db_table)} WHERE {period_is}), "
            f"SUM({accepted}) FROM {quote(FigureByAgency._meta.db_table)} WHERE {period_is} AND {in_scope}",
            [period.year, period.months, period.year, period.months, *scope_params])
        country, scope = cursor.fetchone()
    return total * (scope or 0) >= WALK_FACTOR * (country or 0)


def reading(key: str, sort: Sort, total, period: Period, agency_ids) -> tuple[Sort, bool]:
    """How the list behind figure `key` (of `total` cases when known) finds its page: the order to
    ask for, and whether to walk that order's index (thads.pagination.walking_the_index) rather
    than sort. A rare state in decision order walks its span index (the spans at the period's end
    carry the case's decision date and id); any other list walks the case index of its order,
    unless sorting the scope's cases costs less."""
    if _has_spans_index(key) and sort.field == "decision_date":
        return replace(sort, path="_end__decision_date", pk_path="_end__case_id"), True
    return sort, total is None or walking_pays(total, period, agency_ids)

