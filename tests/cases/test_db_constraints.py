"""The database itself refuses data that breaks the register's invariants, whatever writes it."""

from datetime import date as D

import pytest
from django.db import IntegrityError, transaction

from cases.models import Case, CaseEvent, EventKind
from tests import factories


@pytest.fixture
def case(tree):
    return factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=1_000_000)


def refused(update=None, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        if update is not None:
            update()
        else:
            CaseEvent.objects.create(**fields)


def test_amounts_cannot_be_negative(case):
    refused(lambda: Case.objects.filter(pk=case.pk).update(amount=-1, remaining_amount=-1))
    refused(case=case, kind=EventKind.PAYMENT, effective_date=D(2024, 2, 1), amount=-5, agency=case.agency)


def test_collected_cannot_exceed_what_is_owed(case):
    refused(lambda: Case.objects.filter(pk=case.pk).update(collected_amount=1_000_001, remaining_amount=-1))


def test_remaining_must_match_amount_collected_and_reduced(case):
    refused(lambda: Case.objects.filter(pk=case.pk).update(collected_amount=10, remaining_amount=1_000_000))


def test_decision_number_unique_per_agency_and_year(case):
    duplicate = Case.objects.get(pk=case.pk)
    duplicate.pk = None
    refused(lambda: duplicate.save())


def test_no_event_before_the_decision(case):
    refused(case=case, kind=EventKind.VERIFY, effective_date=D(2024, 1, 9), agency=case.agency)
    CaseEvent.objects.create(case=case, kind=EventKind.VERIFY, effective_date=D(2024, 1, 10), agency=case.agency)
    event = CaseEvent.objects.filter(case=case).last()
    refused(lambda: CaseEvent.objects.filter(pk=event.pk).update(effective_date=D(2023, 12, 31)))


def test_acceptance_not_before_decision(case):
    refused(lambda: Case.objects.filter(pk=case.pk).update(accepted_on=D(2024, 1, 9)))
