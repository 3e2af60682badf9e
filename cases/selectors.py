"""Reads of the register for pages. Everything starts from `for_user`."""


from . import focus_tally
from .models import Agency, Case, CaseEvent, Complaint, ImportJob
from .scoping import visible_agency_ids


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


def case_history(user, case):
    """The change history of a case and its events and complaints; `case` comes from
    `case_for_page`, so it is already within the user's scope."""
    from audit.models import Change
    from audit.presenting import lines

    changes = list(Change.objects.filter(case_id=case.pk).order_by("-at", "-id")[:200])
    for change in changes:
        change.lines = lines(change)
    return changes


def changes_since(user, case, since):
    """What others recorded on the case after `since` (shown with a conflict)."""
    events = CaseEvent.objects.for_user(user).filter(case=case).select_related("entered_by")
    if since is not None:
        events = events.filter(entered_at__gt=since)
    return list(events.order_by("entered_at", "id"))


def known_total(case_filter):
    """The list's total when a kept number already says it, so that the page does not count again
    what may be a million cases: a focus list's kept count (a drill-down's official figure:
    reports.drilldown). None as soon as any other filter narrows the list."""
    data = getattr(case_filter.form, "cleaned_data", None) or {}  # unbound: the whole register
    asked = {name for name, value in data.items() if value not in (None, "")} - {"agency"}
    user = case_filter.user
    agency = data.get("agency")
    if asked == {"focus"}:
        ids = visible_agency_ids(user)
        if agency is not None:  # the list's agency filter: its subtree by path
            ids = ids & set(Agency.objects.in_subtree(agency).values_list("pk", flat=True))
        return focus_tally.counts(ids, case_filter.today)[data["focus"]]
    return None


def import_jobs_of(user):
    """The background imports a user sent (nobody else's: the file may hold cases outside their
    scope), without the file itself."""
    if not user.is_authenticated:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(user=user).defer("data")


def recent_import_jobs(user, limit=5):
    return import_jobs_of(user).defer("data", "errors")[:limit]
