"""Querysets that speak the domain. Every read of the register goes through `for_user`."""

from django.db import models
from django.db.models import Q

from .choices import CaseStatus, DisplayState, FollowStatus
from .lookups import Ids
from .scoping import visible_agency_ids


class ScopedQuerySet(models.QuerySet):
    """`for_user` narrows to the rows of the agencies the user may see (deny by default).

    `scope_lookup` names the path from a row to its agency id.
    """

    scope_lookup = "agency_id"

    def for_user(self, user, within=None):
        """`within`: agency ids to narrow to as well, in the same condition (two conditions on the
        agency make PostgreSQL expect a fortieth of the rows, and plan for that)."""
        ids = visible_agency_ids(user)
        if within is not None:
            ids = ids & frozenset(within)
        return self.filter(**{f"{self.scope_lookup}__any_of": Ids(ids)})


class AgencyQuerySet(ScopedQuerySet):
    scope_lookup = "pk"

    def in_subtree(self, agency):
        """The agency and everything below it (materialized path prefix, indexed)."""
        return self.filter(path__startswith=agency.path)

    def valid_on(self, day):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class CaseQuerySet(ScopedQuerySet):
    def in_subtree(self, agency):
        return self.filter(agency__path__startswith=agency.path)

    def open(self):
        return self.filter(status__in=CaseStatus.open_values())

    def in_display_state(self, state):
        return self.filter(**DisplayState.lookup(state))


class CaseEventQuerySet(ScopedQuerySet):
    scope_lookup = "case__agency_id"


class ComplaintQuerySet(ScopedQuerySet):
    scope_lookup = "case__agency_id"


class FollowedJudgmentQuerySet(ScopedQuerySet):
    def in_subtree(self, agency):
        return self.filter(agency__path__startswith=agency.path)

    def still_followed(self):
        """Open, or closed with a publication to withdraw or a recommendation to answer: what a
        restructure gives to the successor, and what keeps a unit from ending."""
        return self.filter(Q(status=FollowStatus.FOLLOWED) | Q(next_due_on__isnull=False))


class FollowStepQuerySet(ScopedQuerySet):
    scope_lookup = "judgment__agency_id"


class CommitteeItemQuerySet(models.QuerySet):
    def for_user(self, user):
        """The items of the cases and judgments the user sees (deny by default)."""
        ids = visible_agency_ids(user)
        return self.filter(Q(case__agency_id__any_of=Ids(ids)) | Q(judgment__agency_id__any_of=Ids(ids)))


class CommitteeMeetingQuerySet(models.QuerySet):
    def for_user(self, user):
        """The meetings of the committees of the provinces the user sees (a committee is a province's)."""
        return self.filter(committee_id__any_of=Ids(visible_agency_ids(user)))


class OfficerQuerySet(ScopedQuerySet):
    pass


class UserQuerySet(ScopedQuerySet):
    pass
