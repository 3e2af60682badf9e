"""The kept focus counts always equal a direct count of the focus lists, whatever was written."""

from datetime import date as D
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import focus, focus_tally
from cases.models import Case, Condition, EventKind, FocusCount, User
from casework import imports, services
from tests import factories
from tests.casework.test_import import csv_bytes, event_row, events_csv, row

TODAY = D(2026, 11, 22)


def direct(agency_ids, today):
    return focus.counts(Case.objects.filter(agency_id__in=agency_ids), today)


def check(tree, today=TODAY):
    scopes = {"province": {tree.province.pk, tree.unit1.pk, tree.unit2.pk}, "unit1": {tree.unit1.pk},
              "unit2": {tree.unit2.pk}}
    for name, ids in scopes.items():
        assert focus_tally.counts(ids, today) == direct(ids, today), name


def test_every_kind_of_write_keeps_the_counts_equal_to_the_lists(tree, make_user):
    clerk = make_user(tree.province, User.Role.CLERK)
    old = factories.case(tree.unit1, decision_date=D(2024, 3, 1), amount=2_000_000_000)
    credit = factories.case(tree.unit1, decision_date=D(2025, 5, 1), amount=900_000_000, is_credit_institution=True)
    check(tree)  # counted once for the day...
    assert FocusCount.objects.count() == 3

    services.event_record(case=old, kind=EventKind.CLASSIFY, effective_date=D(2024, 4, 1),
                          condition=Condition.ABLE, today=TODAY)
    check(tree)  # ...and recounted where a write happened
    services.complaint_receive(case=credit, received_on=TODAY, today=TODAY)
    check(tree)
    services.event_record(case=credit, kind=EventKind.PAYMENT, effective_date=TODAY, amount=500_000_000, today=TODAY)
    check(tree)
    services.case_assign_officer(case=credit, officer=factories.OfficerFactory(agency=tree.unit1))
    check(tree)
    # A handover moves a case between agencies: both counts change.
    before = focus_tally.counts({tree.unit1.pk}, TODAY)["large"]
    services.event_record(case=Case.objects.get(pk=old.pk), kind=EventKind.HANDOVER, effective_date=TODAY,
                          to_agency=tree.unit2, today=TODAY)
    assert Case.objects.get(pk=old.pk).agency_id == tree.unit2.pk
    assert focus_tally.counts({tree.unit1.pk}, TODAY)["large"] == before - 1
    check(tree)

    # Imports write in bulk, without save signals.
    result = imports.import_cases(csv_bytes([row(tree.unit2, f"{i}/QĐ-CCTHADS", **{
        "Ngày quyết định": "01/10/2025", "Ngày thụ lý": "02/10/2025", "Ngày bản án, quyết định": "01/09/2025",
        "Số tiền phải thi hành (đồng)": "1.500.000.000"}) for i in range(3)]), "viec.csv", user=clerk, today=TODAY)
    assert result.errors == []
    check(tree)
    imported = Case.objects.filter(agency=tree.unit2).order_by("pk").last()
    result = imports.import_events(events_csv([event_row(imported, "Thu tiền", "10/11/2026", "1.000.000.000")]),
                                   "su-kien.csv", user=clerk, today=TODAY)
    assert result.errors == [] and result.created == 1
    check(tree)
    assert sum(focus_tally.counts({tree.province.pk, tree.unit1.pk, tree.unit2.pk}, TODAY).values()) > 0


def test_counts_follow_the_day_without_any_write(tree):
    factories.case(tree.unit1, decision_date=TODAY - timedelta(days=5))
    check(tree)
    later = TODAY + timedelta(days=100)  # 90 days without an event, verification long overdue
    assert direct({tree.unit1.pk}, later) != direct({tree.unit1.pk}, TODAY)
    check(tree, later)


def test_a_read_with_nothing_stale_costs_one_query_whatever_the_number_of_agencies(tree):
    for unit in (tree.unit1, tree.unit2):
        factories.case(unit)
    ids = {tree.province.pk, tree.unit1.pk, tree.unit2.pk, tree.other_province.pk, tree.other_unit.pk}
    focus_tally.counts(ids, TODAY)
    with CaptureQueriesContext(connection) as queries:
        counts = focus_tally.counts(ids, TODAY)
    assert len(queries) == 1  # the fresh counts summed, with their number
    assert counts == direct(ids, TODAY)
