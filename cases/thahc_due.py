"""The overdue and due-soon lists of followed judgments: one definition each, used by the counts of
the dashboard's focus panel and by the list behind them, so a count and its list never differ."""

from datetime import date

from django.db.models import Count, Q

from .models import FollowStatus
from .thahc import due_soon_until

# A judgment with something still awaited has its earliest due date stored (cases.thahc.next_due);
# a closed one may still await the withdrawal of its publication or a reply.
KEYS = ("overdue", "soon")


def condition(key: str, today: date) -> Q:
    if key == "overdue":
        return Q(next_due_on__lt=today)
    if key == "soon":
        return Q(next_due_on__gte=today, next_due_on__lte=due_soon_until(today))
    raise KeyError(key)


def counters(today: date) -> dict:
    """The aggregates of `counts`, for a query that reads more of the same judgments."""
    return {"followed": Count("pk", filter=Q(status=FollowStatus.FOLLOWED)),
            **{key: Count("pk", filter=condition(key, today)) for key in KEYS}}


def counts(judgments, today: date) -> dict:
    """{"overdue": n, "soon": n, "followed": n} among `judgments`, in one query."""
    return judgments.aggregate(**counters(today))
