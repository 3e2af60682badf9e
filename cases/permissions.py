"""Who may do what. One place for each rule; views and services ask here."""

from functools import cache

from django.apps import apps

from .models import User
from .scoping import visible_agency_ids

Role = User.Role


def can_view_case(user, case) -> bool:
    """A case, or a followed judgment: held by an agency the user sees."""
    return case.agency_id in visible_agency_ids(user)


def can_enter_events(user, case) -> bool:
    """Clerks and administrators enter data for their subtree; officers for their own cases (and
    the steps of the followed judgments assigned to them: the same rule for `case` a judgment)."""
    if not can_view_case(user, case):
        return False
    if user.role in (Role.CLERK, Role.ADMINISTRATOR):
        return True
    if user.role == Role.OFFICER:
        officer = getattr(user, "officer", None)
        return officer is not None and case.officer_id == officer.pk
    return False


def can_assign_officer(user, case) -> bool:
    """Assigning a case is the decision of the agency's head: leadership of the holding agency (or
    above it) and administrators; never an officer, who would move the completion credit. A closed
    case keeps its officer (casework.services.case_assign_officer)."""
    return can_view_case(user, case) and user.role in (Role.LEADERSHIP, Role.ADMINISTRATOR)


def can_correct_judgment(user, judgment) -> bool:
    """A followed judgment's facts are corrected by clerks and administrators of its subtree."""
    return can_view_case(user, judgment) and user.role in (Role.CLERK, Role.ADMINISTRATOR)


def can_bring_to_committee(user, subject) -> bool:
    """Leadership brings an open case or followed judgment in its sight to the province's steering committee."""
    return can_view_case(user, subject) and user.role == Role.LEADERSHIP and subject.is_open


def can_keep_committee(user, committee) -> bool:
    """The committee's meetings, conclusions and papers: the province's leadership and its officials
    (who serve as its secretariat), or those above it."""
    return user.role in (Role.LEADERSHIP, Role.OFFICIAL) and committee.pk in visible_agency_ids(user)


def can_close_committee_item(user, item) -> bool:
    """Whether a case has been resolved or leaves the list is leadership's to say."""
    return user.role == Role.LEADERSHIP and item.committee_id in visible_agency_ids(user)


def can_register_cases(user) -> bool:
    return bool(visible_agency_ids(user)) and user.role in (Role.CLERK, Role.ADMINISTRATOR)


def can_enter_anything(user) -> bool:
    """Whether the user enters data at all (the import page)."""
    return bool(visible_agency_ids(user)) and user.role in (Role.CLERK, Role.ADMINISTRATOR, Role.OFFICER)


def can_export(user) -> bool:
    """Period reports: leadership, the statistics officials (chuyên viên) who compile them in most
    offices, and administrators; closing a period stays with leadership (`can_close_periods`)."""
    return bool(visible_agency_ids(user)) and user.role in (Role.LEADERSHIP, Role.OFFICIAL, Role.ADMINISTRATOR)


def can_request_report(user, agency) -> bool:
    """A period report of an agency of the user's subtree (`can_export`)."""
    return can_export(user) and agency.pk in visible_agency_ids(user)


def sees_own_agency_reports(user) -> bool:
    """Leadership sees every report of its agency (scheduled ones included); others see their own."""
    return user.role == Role.LEADERSHIP


def can_set_target(user, agency) -> bool:
    """Leadership and administrators set targets for their own agency and the agencies below it."""
    return (user.is_authenticated and user.is_active and user.agency_id is not None
            and user.role in (Role.LEADERSHIP, Role.ADMINISTRATOR)
            and agency.path.startswith(user.agency.path))


def can_close_periods(user) -> bool:
    return bool(visible_agency_ids(user)) and user.role == Role.LEADERSHIP


def can_enter_late(user) -> bool:
    """Only an administrator accepts an entry dated inside a closed period (with a reason)."""
    return user is not None and user.role == Role.ADMINISTRATOR


def can_administer_tree(user) -> bool:
    """The pages of the tree of units, its officers and its accounts: administrators."""
    return bool(visible_agency_ids(user)) and user.role == Role.ADMINISTRATOR


def can_administer_agency(user, agency) -> bool:
    """An administrator keeps the units below their own agency's level within their sight: a
    province's the local tier (its former Chi cục too), the Cục Quản lý THADS's the provinces."""
    return (can_administer_tree(user) and agency.pk in visible_agency_ids(user)
            and agency.depth > user.agency.depth)


def can_add_unit_under(user, parent) -> bool:
    """New units below the administrator's own level, under a unit in sight that has a level below it."""
    return (can_administer_tree(user) and parent.pk in visible_agency_ids(user)
            and parent.depth >= user.agency.depth and parent.level != parent.Level.LOCAL)


def can_manage_people_at(user, agency) -> bool:
    """Officers and accounts are kept by an administrator at their own agency or a unit below it
    that operates today (not at a former unit, which has ended)."""
    from thads.today import local_today

    return (can_administer_tree(user) and agency.pk in visible_agency_ids(user)
            and agency.path.startswith(user.agency.path) and agency.is_valid_on(local_today()))


def can_manage_account(user, account) -> bool:
    """Another account of the administrator's units; never a superuser's, nor an administrator's at
    their own level or above (a peer's role and access are the level above's to change)."""
    if account.pk == user.pk or account.is_superuser or account.agency is None:
        return False
    if account.role == Role.ADMINISTRATOR and account.agency.depth <= user.agency.depth:
        return False
    return can_manage_people_at(user, account.agency)


# The apps an administrator manages in the admin; what each model admin lets them do there, and
# within which subtree, is its own (has_*_permission, get_queryset).
ADMINISTERED_APPS = ("cases", "reports", "audit")


@cache
def administrator_permissions() -> frozenset:
    """Every permission of the administered apps: the administrator role's, without groups or a superuser."""
    return frozenset(f"{model._meta.app_label}.{action}_{model._meta.model_name}"
                     for app in ADMINISTERED_APPS for model in apps.get_app_config(app).get_models()
                     for action in model._meta.default_permissions)
