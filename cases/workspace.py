"""What a person's own work is today ("Việc của tôi"): an officer's own open cases and followed
judgments, a clerk's or a leader's those of their unit, in lists most urgent first. Every list is
one of `focus`'s definitions, so its count here and the case list behind it can never differ."""

from dataclasses import dataclass

from django.db.models import Count

from . import focus, thahc_due
from .case_sorts import CASE_SORTS
from .models import Case, FollowedJudgment, Officer, User

ROWS_SHOWN = 5  # the first cases of each list, in the order the case list opens it with; the rest behind its link


@dataclass
class WorkList:
    focus: focus.Focus
    count: int
    cases: list


def own_officer(user) -> Officer | None:
    """The officer a signed-in enforcement officer is (None for other roles)."""
    return getattr(user, "officer", None) if user.role == User.Role.OFFICER else None


def own_cases(user):
    """The cases the workspace covers: an officer's own, or everything in the user's sight."""
    cases = Case.objects.for_user(user)
    officer = own_officer(user)
    return cases.filter(officer=officer) if officer is not None else cases


def own_judgments(user):
    judgments = FollowedJudgment.objects.for_user(user)
    officer = own_officer(user)
    return judgments.filter(officer=officer) if officer is not None else judgments


def work_lists(user, today) -> list[WorkList]:
    """Each list of `focus.WORK_ORDER` with its count (one query for all) and its first cases (one
    query a list that has any), most urgent first; empty lists are left out."""
    cases = own_cases(user)
    counts = cases.aggregate(**{key: Count("pk", filter=focus.BY_KEY[key].condition(today))
                                for key in focus.WORK_ORDER})
    lists = []
    for key in focus.WORK_ORDER:
        if counts[key]:
            chosen = focus.BY_KEY[key]
            rows = list(cases.filter(chosen.condition(today)).select_related("agency", "officer")
                        .order_by(*CASE_SORTS[chosen.sort].order())[:ROWS_SHOWN])
            lists.append(WorkList(chosen, counts[key], rows))
    return lists


def judgment_counts(user, today) -> dict:
    """{"overdue": n, "soon": n, "followed": n} of the user's own followed judgments."""
    return thahc_due.counts(own_judgments(user), today)
