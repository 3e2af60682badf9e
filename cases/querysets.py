"""Querysets that speak the domain. Every read of the register goes through `for_user`."""

from django.db import models
from django.db.models import Q

from .scoping import visible_agency_ids


class AgencyQuerySet(models.QuerySet):
    def in_subtree(self, agency):
        """The agency and everything below it (materialized path prefix, indexed)."""
        return self.filter(path__startswith=agency.path)

    def valid_on(self, day):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)

    def for_user(self, user):
        return self.filter(pk__in=visible_agency_ids(user))


class CaseQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(agency_id__in=visible_agency_ids(user))

    def in_subtree(self, agency):
        return self.filter(agency__path__startswith=agency.path)

    def open(self):
        from .models.choices import CaseStatus

        return self.filter(status__in=CaseStatus.open_values())

    def in_display_state(self, state):
        from .models.choices import DisplayState

        return self.filter(**DisplayState.lookup(state))


class CaseEventQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(case__agency_id__in=visible_agency_ids(user))


class ComplaintQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(case__agency_id__in=visible_agency_ids(user))


class OfficerQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(agency_id__in=visible_agency_ids(user))


class UserQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(agency_id__in=visible_agency_ids(user))
