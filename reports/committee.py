"""What the steering committee reads (domain primer §12): its case list as a paper for a meeting,
each case with its current figures and state, and its quarterly, 6-month and yearly counts.

    on the list in the span = carried over (brought before it, still on the list at its start) + brought
                            = resolved + taken off + still before the committee at its end
"""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from cases.models import CommitteeCategory, CommitteeConclusion, CommitteeItemStatus
from cases.workdays import add_working_days
from thads import formatting

from .calendar import year_start

PAPERS_WORKING_DAYS = 3  # papers reach the members at least 03 working days before a meeting

SPANS = {
    "q1": (_("Quarter I"), 0, 3), "q2": (_("Quarter II"), 3, 3), "q3": (_("Quarter III"), 6, 3),
    "q4": (_("Quarter IV"), 9, 3), "h1": (_("6 months"), 0, 6), "year": (_("Year"), 0, 12),
}


def papers_due(meeting_day: date) -> date:
    """The last day the papers may reach the members: 03 working days before the meeting."""
    day = meeting_day
    while add_working_days(day, PAPERS_WORKING_DAYS) > meeting_day:
        day -= relativedelta(days=1)
    return day


def papers_late(meeting) -> bool:
    return meeting.papers_sent_on is not None and meeting.papers_sent_on > papers_due(meeting.held_on)


def span_dates(year: int, span: str) -> tuple[date, date, str]:
    """(first day, last day, name) of a committee report's span in statistical year `year`."""
    label, offset, months = SPANS[span]
    start = year_start(year) + relativedelta(months=offset)
    end = start + relativedelta(months=months) - relativedelta(days=1)
    return start, end, f"{label} {year} ({formatting.date(start)} – {formatting.date(end)})"


def with_conclusions(items):
    """The items with their conclusions (and the meetings), the subject and its unit, in few queries."""
    return items.select_related("case__agency", "case__officer", "judgment__agency", "judgment__officer").prefetch_related(
        Prefetch("conclusions", queryset=CommitteeConclusion.objects.select_related("meeting").order_by(
            "meeting__held_on", "id")))


@dataclass
class PaperRow:
    item: object
    reference: str
    unit: str
    officer: str
    parties: str
    obligation: str
    value: str
    state: str
    last_conclusion: object  # CommitteeConclusion or None


def paper_rows(items) -> list[PaperRow]:
    """One row per item, with the case's figures and state as they are now."""
    rows = []
    for item in with_conclusions(items):
        conclusions = list(item.conclusions.all())
        if item.case_id:
            case = item.case
            rows.append(PaperRow(
                item, _("Decision %(number)s of %(date)s") % {"number": case.decision_number,
                                                             "date": formatting.date(case.decision_date)},
                case.agency.short_name, str(case.officer or "—"),
                f"{case.debtor_name} → {case.creditor_name or '—'}", case.obligation or "—",
                _("%(amount)s đồng, remaining %(remaining)s đồng") % {
                    "amount": formatting.integer(case.amount), "remaining": formatting.integer(case.remaining_amount)},
                str(case.display_state.label), conclusions[-1] if conclusions else None))
        else:
            judgment = item.judgment
            rows.append(PaperRow(
                item, _("Judgment %(number)s of %(date)s") % {"number": judgment.judgment_number,
                                                             "date": formatting.date(judgment.judgment_date)},
                judgment.agency.short_name, str(judgment.officer or "—"),
                f"{judgment.body} → {judgment.beneficiary}", judgment.content or "—", "—",
                str(judgment.get_status_display()) + (
                    " · " + str(_("compulsion decision of %(date)s") % {"date": formatting.date(judgment.compelled_on)})
                    if judgment.compelled_on else ""),
                conclusions[-1] if conclusions else None))
    return rows


def counts(items, meetings, start: date, end: date, today: date) -> dict:
    """The committee's report for [start, end]: the cases on its list, its meetings and conclusions."""
    span = Q(brought_on__gte=start, brought_on__lte=end)
    carried = Q(brought_on__lt=start) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    on_list = carried | span
    closed_in = Q(closed_on__gte=start, closed_on__lte=end)
    row = items.order_by().aggregate(
        carried_over=Count("pk", filter=carried), brought=Count("pk", filter=span),
        resolved=Count("pk", filter=on_list & closed_in & Q(status=CommitteeItemStatus.RESOLVED)),
        withdrawn=Count("pk", filter=on_list & closed_in & Q(status=CommitteeItemStatus.WITHDRAWN)),
        **{f"category_{c.value}": Count("pk", filter=span & Q(category=c.value)) for c in CommitteeCategory})
    row["on_list"] = row["carried_over"] + row["brought"]
    row["still_open"] = row["on_list"] - row["resolved"] - row["withdrawn"]
    held = meetings.filter(held_on__gte=start, held_on__lte=end)
    row["meetings"] = held.count()
    conclusions = CommitteeConclusion.objects.filter(meeting__in=held, item__in=items)
    due_by = min(end, today)
    row.update(conclusions.aggregate(
        conclusions=Count("pk"), concluded_cases=Count("item", distinct=True),
        done=Count("pk", filter=Q(done_on__isnull=False, done_on__lte=end)),
        done_in_time=Count("pk", filter=Q(done_on__lte=end) & Q(done_on__lte=F("deadline"))),
        overdue=Count("pk", filter=Q(deadline__lt=due_by) & (Q(done_on__isnull=True) | Q(done_on__gt=end)))))
    row["by_category"] = [(c.label, row[f"category_{c.value}"]) for c in CommitteeCategory]
    return row


def overdue_conclusions(conclusions, today: date):
    """Conclusions past their deadline and not carried out, on cases still before the committee."""
    return conclusions.filter(deadline__lt=today, done_on__isnull=True, item__status=CommitteeItemStatus.OPEN)


def cases_with_overdue_conclusions(conclusions, today: date) -> int:
    """How many cases still before the committee have a conclusion past its deadline: what the list
    filtered by "a conclusion overdue" shows."""
    return overdue_conclusions(conclusions, today).values("item").distinct().count()
