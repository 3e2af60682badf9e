"""Reads of the register for pages. Everything starts from `for_user`."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from .models import Agency, Case, CaseEvent, CaseStatus, Complaint, DisplayState


def visible_cases(user):
    return Case.objects.for_user(user)


def case_for_page(user, pk):
    """One case with what its page shows, or Case.DoesNotExist when outside the user's scope."""
    return (
        visible_cases(user)
        .select_related("agency", "issuing_agency", "officer", "entrusted_from", "entrusted_from__agency")
        .get(pk=pk)
    )


def case_timeline(user, case):
    events = CaseEvent.objects.for_user(user).filter(case=case)
    return events.select_related("agency", "to_agency", "complaint", "entered_by").order_by("effective_date", "id")


def case_complaints(user, case):
    return Complaint.objects.for_user(user).filter(case=case)


def overview(user):
    """Counts for the home page: cases by status, with money, over the user's scope."""
    qs = visible_cases(user)
    totals = qs.aggregate(
        cases=Count("id"),
        open=Count("id", filter=Q(status__in=CaseStatus.open_values())),
        amount=Sum("amount"),
        remaining_open=Sum("remaining_amount", filter=Q(status__in=CaseStatus.open_values())),
        open_complaints=Count("id", filter=Q(open_complaints__gt=0)),
        separate_register=Count("id", filter=Q(in_separate_register=True, status__in=CaseStatus.open_values())),
    )
    by_state = {}
    for status, condition, n in qs.order_by().values_list("status", "condition").annotate(n=Count("id")):
        state = DisplayState.of(status, condition)
        by_state[state] = by_state.get(state, 0) + n
    totals["by_state"] = [(state, label, by_state.get(state, 0)) for state, label in DisplayState.choices]
    return totals


def child_units(user):
    """The children of the user's agency, with the open cases of each child's whole subtree."""
    agency = user.agency
    if agency is None:
        return []
    children = list(Agency.objects.for_user(user).filter(parent=agency).order_by("path"))
    if not children:
        return []
    prefix_length = len(children[0].path)  # siblings' paths have one length: the parent's plus one step
    counts = dict(
        visible_cases(user).open().filter(agency__path__startswith=agency.path)
        .annotate(branch=Substr("agency__path", 1, prefix_length))
        .order_by().values_list("branch").annotate(n=Count("id"))
    )
    return [(child, counts.get(child.path, 0)) for child in children]
