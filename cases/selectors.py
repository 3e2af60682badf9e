"""Reads of the register for pages. Everything starts from `for_user`."""


from . import focus_tally
from .models import Agency, Case, CaseEvent, Complaint, FollowedJudgment, FollowStep, ImportJob
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


def case_timeline(case):
    """The events of a case read by `case_for_page`, and only of such a case: nothing here narrows
    them to a user's scope (the case's read did; its events are in scope with it). Narrowing them
    again joined the case to test its agency among a national scope's thousand ids, a millisecond
    and a half of planning alone."""
    events = CaseEvent.objects.filter(case=case)
    return events.select_related("agency", "to_agency", "complaint", "entered_by").order_by("effective_date", "id")


def case_complaints(case):
    """The complaints of a case read by `case_for_page`, and only of such a case (see case_timeline)."""
    return Complaint.objects.filter(case=case)


def case_history(user, case):
    """The change history of a case and its events and complaints; `case` comes from
    `case_for_page`, so it is already within the user's scope."""
    from audit.models import Change

    return _presented(Change.objects.filter(case_id=case.pk).order_by("-at", "-id")[:200], on_page_of="cases.case")


def issuing_agencies(user):
    """The agencies whose decisions a user may register: those of their subtree and the ones above
    it (a Cục issues for its Phòng), never the central agency."""
    from django.db.models import Q

    own = user.agency.path if user.agency_id else ""
    above = [own[:i] for i in range(4, len(own), 4)]
    return (Agency.objects.filter(Q(pk__in=Agency.objects.for_user(user).values("pk")) | Q(path__in=above))
            .exclude(level=Agency.Level.CENTRAL))


# The money a case list adds up: the total's name and the case's field.
TOTALS = {"amount": "amount", "collected": "collected_amount", "reduced": "reduced_amount",
          "remaining": "remaining_amount"}


def case_totals(cases) -> dict:
    """The money of the cases a list shows: to enforce = collected + exempted or reduced + remaining
    (one query)."""
    from django.db.models import Sum

    from thads.aggregates import aggregate

    totals = aggregate(cases, **{name: Sum(field) for name, field in TOTALS.items()})
    return {key: value or 0 for key, value in totals.items()}


def changes_since(user, case, since):
    """What others recorded on the case after `since` (shown with a conflict)."""
    events = CaseEvent.objects.for_user(user).filter(case=case).select_related("entered_by")
    if since is not None:
        events = events.filter(entered_at__gt=since)
    return list(events.order_by("entered_at", "id"))


def visible_judgments(user):
    return FollowedJudgment.objects.for_user(user)


def judgment_for_page(user, pk):
    """One followed judgment with what its page shows, or DoesNotExist outside the user's scope."""
    return visible_judgments(user).select_related("agency", "officer", "civil_case", "created_by").get(pk=pk)


def judgment_steps(user, judgment):
    steps = FollowStep.objects.for_user(user).filter(judgment=judgment)
    return steps.select_related("agency", "entered_by").order_by("effective_date", "id")


def judgment_history(user, judgment, limit=200):
    """The change history of a judgment (from `judgment_for_page`: in scope) and of its steps."""
    from django.db.models import Q

    from audit.models import Change

    steps = [str(pk) for pk in judgment.steps.values_list("pk", flat=True)]
    return _presented(Change.objects.filter(Q(model="cases.followedjudgment", object_id=str(judgment.pk))
                                            | Q(model="cases.followstep", object_id__in=steps))[:limit],
                      on_page_of="cases.followedjudgment")


def judgment_changes_since(user, judgment, since):
    """The steps others recorded after `since` (shown with a conflict)."""
    steps = judgment_steps(user, judgment)
    return list(steps.filter(entered_at__gt=since) if since is not None else steps)


def committee_items(user):
    from .models import CommitteeItem

    return CommitteeItem.objects.for_user(user)


def committee_item_for_page(user, pk):
    return committee_items(user).select_related(
        "committee", "case__agency", "case__officer", "judgment__agency", "judgment__officer", "brought_by").get(pk=pk)


def committee_meetings(user):
    from .models import CommitteeMeeting

    return CommitteeMeeting.objects.for_user(user)


def committee_conclusions(user):
    """The conclusions on the cases the user sees."""
    from .models import CommitteeConclusion

    return CommitteeConclusion.objects.filter(item__in=committee_items(user))


def committee_history(item, limit=200):
    """The change history of an item and of its conclusions."""
    from django.db.models import Q

    from audit.models import Change

    conclusions = [str(pk) for pk in item.conclusions.values_list("pk", flat=True)]
    return _presented(Change.objects.filter(Q(model="cases.committeeitem", object_id=str(item.pk))
                                            | Q(model="cases.committeeconclusion", object_id__in=conclusions))[:limit],
                      on_page_of="cases.committeeitem")


def known_total(case_filter):
    """The list's total when a kept number already says it, so that the page does not count again
    what may be a million cases: a focus list's kept count (a drill-down's official figure:
    reports.drilldown). None as soon as any other filter narrows the list."""
    data = getattr(case_filter.form, "cleaned_data", None) or {}  # unbound: the whole register
    asked = {name for name, value in data.items() if value not in (None, "")} - {"agency"}
    user = case_filter.user
    agency = data.get("agency")
    if asked == {"focus"} and data["focus"] in focus_tally.KEPT:
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


def tree_rows(user, *, current_only=False) -> list:
    """The units an administrator sees from their own agency's level down (the former ones too,
    unless `current_only`), parents first, each with its open cases, active officers and accounts
    and the codes of the units whose work it took over: five queries whatever the size."""
    from django.db.models import Count

    from .models import AgencySuccession, Officer, User

    if user.agency_id is None:
        return []
    units = Agency.objects.for_user(user).filter(depth__gte=user.agency.depth)
    if current_only:
        units = units.filter(valid_to__isnull=True)
    units = list(units.order_by("path"))
    ids = [unit.pk for unit in units]

    def counted(queryset, field="agency"):
        return dict(queryset.filter(**{f"{field}__in": ids}).values_list(field).annotate(n=Count("pk")))

    open_cases = counted(Case.objects.open())
    officers = counted(Officer.objects.filter(is_active=True))
    accounts = counted(User.objects.filter(is_active=True))
    predecessors = {}
    for successor, code in (AgencySuccession.objects.filter(successor__in=ids, predecessor__in=visible_agency_ids(user))
                            .order_by("predecessor__code").values_list("successor", "predecessor__code")):
        predecessors.setdefault(successor, []).append(code)
    top, own = user.agency.depth, user.agency.path
    units.sort(key=lambda unit: (not unit.path.startswith(own), unit.path))  # the current tree, then the former
    for unit in units:
        unit.former = not unit.path.startswith(own)
        unit.indent = unit.depth - top
        unit.open_cases, unit.officer_count = open_cases.get(unit.pk, 0), officers.get(unit.pk, 0)
        unit.account_count, unit.predecessor_codes = accounts.get(unit.pk, 0), predecessors.get(unit.pk, [])
    return units


def agency_history(user, agency, limit=200):
    """The change history of one unit and of the links naming it whose other end the user sees
    (a link's record names both units)."""
    from django.db.models import Q

    from audit.models import Change

    from .models import AgencySuccession

    visible = visible_agency_ids(user)
    links = [str(pk) for pk in AgencySuccession.objects.filter(
        Q(predecessor=agency, successor__in=visible) | Q(successor=agency, predecessor__in=visible))
        .values_list("pk", flat=True)]
    return _presented(Change.objects.filter(Q(model="cases.agency", object_id=str(agency.pk))
                                            | Q(model="cases.agencysuccession", object_id__in=links))[:limit])


def person_history(person, limit=200):
    """The change history of one officer or account (their moves between units included)."""
    from audit.models import Change

    return _presented(Change.objects.filter(model=person._meta.label_lower, object_id=str(person.pk))[:limit])


def _presented(changes, on_page_of=None) -> list:
    """Changes as the history tables print them: one entry a save, names instead of keys."""
    from audit.presenting import saves

    return saves(changes.select_related("user"), on_page_of=on_page_of)
