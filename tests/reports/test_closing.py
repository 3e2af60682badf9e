"""Closing a period freezes its published figures; late events are refused, or accepted with a reason."""

from datetime import date as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Case, CaseEvent, Condition, EventKind, PostponementGround, User
from casework import services
from reports.calendar import Period
from reports.closing import closing_versions, period_close, period_reopen
from reports.engine import compute
from reports.models import LateEntry, PeriodClosing
from tests import factories

TODAY = D(2026, 11, 22)
M = 1_000_000


@pytest.fixture
def setup(tree, make_user, vietnamese):
    case = factories.case(tree.unit1, decision_date=D(2023, 11, 1), amount=40 * M)
    services.event_record(case=case, kind=EventKind.CLASSIFY, effective_date=D(2023, 11, 10),
                          condition=Condition.ABLE, today=TODAY)
    leader = make_user(tree.province, User.Role.LEADERSHIP)
    admin = make_user(tree.province, User.Role.ADMINISTRATOR)
    clerk = make_user(tree.unit1, User.Role.CLERK)
    closing = period_close(agency=tree.province, period=Period(2024, 6), user=leader, today=TODAY)
    return case, leader, admin, clerk, closing


def pay(case, day, user, **extra):
    return services.event_record(case=case, kind=EventKind.PAYMENT, effective_date=day, amount=10 * M,
                                 entered_by=user, today=TODAY, **extra)


def test_closing_freezes_the_published_figures(setup, tree):
    case, leader, admin, clerk, closing = setup
    assert closing.snapshot["cases"]["to_enforce"] == 1 and closing.closed_by == leader
    report = compute(tree.province, Period(2024, 6))
    assert report["frozen"] and report["closing"]["live_differs"] is False
    assert report["money"]["in_progress"] == 40 * M


def test_a_late_event_is_refused_and_changes_nothing(setup):
    case, leader, admin, clerk, closing = setup
    before = (CaseEvent.objects.count(), Case.objects.get(pk=case.pk).version)
    with pytest.raises(ValidationError) as caught:
        pay(case, D(2024, 3, 15), clerk)
    message = caught.value.message_dict["effective_date"][0]
    assert "6 tháng năm 2024" in message and "đã chốt số liệu" in message and "15/03/2024" in message
    assert (CaseEvent.objects.count(), Case.objects.get(pk=case.pk).version) == before
    # Even an event dated in an earlier year changes the closed period's carried-over figures.
    with pytest.raises(ValidationError):
        pay(case, D(2023, 12, 1), clerk)


def test_only_an_administrator_accepts_a_late_event_with_a_reason(setup, tree):
    case, leader, admin, clerk, closing = setup
    with pytest.raises(ValidationError) as caught:
        pay(case, D(2024, 3, 15), clerk, late_reason="Biên lai nộp muộn")
    assert "quản trị viên" in caught.value.message_dict["late_reason"][0]
    event = pay(case, D(2024, 3, 15), admin, late_reason="Biên lai thu ngày 15/3 nộp muộn")
    entry = LateEntry.objects.get(event=event)
    assert entry.reason == "Biên lai thu ngày 15/3 nộp muộn"
    # The province's closing and the unit's, closed with it: both published the payment's period.
    assert {c.agency_id for c in entry.closings.all()} == {tree.province.pk, tree.unit1.pk}
    report = compute(tree.province, Period(2024, 6))
    assert report["closing"]["live_differs"] is True
    assert report["money"]["completed_actual"] == 0  # still the published figure
    assert compute(tree.province, Period(2024, 6), live=True)["money"]["completed_actual"] == 10 * M


def test_events_after_the_closed_period_are_accepted(setup):
    case, leader, admin, clerk, closing = setup
    pay(case, D(2024, 4, 1), clerk)
    assert not PeriodClosing.objects.get(pk=closing.pk).live_differs


def test_closing_rules(setup, tree, make_user):
    case, leader, admin, clerk, closing = setup
    with pytest.raises(ValidationError) as caught:
        period_close(agency=tree.province, period=Period(2024, 6), user=leader, today=TODAY)
    assert "đã được chốt" in caught.value.message_dict["period"][0]
    with pytest.raises(ValidationError) as caught:
        period_close(agency=tree.province, period=Period(2027, 3), user=leader, today=TODAY)
    assert "chưa kết thúc" in caught.value.message_dict["period"][0]
    with pytest.raises(PermissionDenied):
        period_close(agency=tree.province, period=Period(2024, 9), user=admin, today=TODAY)
    with pytest.raises(PermissionDenied):  # leadership of a unit closes its own periods only
        period_close(agency=tree.province, period=Period(2024, 9), user=make_user(tree.unit1, User.Role.LEADERSHIP),
                     today=TODAY)


def test_other_agencies_are_not_blocked(setup, tree):
    other = factories.case(tree.other_unit, decision_date=D(2023, 11, 1), amount=5 * M)
    services.event_record(case=other, kind=EventKind.PAYMENT, effective_date=D(2024, 3, 15), amount=M, today=TODAY)


def test_carry_over_warning_against_published_figures(tree, make_user):
    case = factories.case(tree.unit1, decision_date=D(2023, 3, 1), amount=40 * M)
    leader = make_user(tree.province, User.Role.LEADERSHIP)
    admin = make_user(tree.province, User.Role.ADMINISTRATOR)
    period_close(agency=tree.province, period=Period(2023, 12), user=leader, today=TODAY)
    assert compute(tree.province, Period(2024, 3))["carry_over_check"]["cases"]["ok"]
    # A late completion dated in 2023, accepted by the administrator: the 2024 carry-over no longer
    # matches what 2023 published, and the report says so.
    services.event_record(case=case, kind=EventKind.REVOKE, effective_date=D(2023, 6, 1), entered_by=admin,
                          late_reason="Quyết định thu hồi nhận muộn", today=TODAY)
    check = compute(tree.province, Period(2024, 3))["carry_over_check"]
    assert check["against_published"] and not check["cases"]["ok"]
    assert (check["cases"]["expected"], check["cases"]["actual"]) == (1, 0)


def test_registering_a_case_inside_a_closed_period(setup, tree):
    case, leader, admin, clerk, closing = setup
    count = Case.objects.count()
    with pytest.raises(ValidationError) as caught:
        factories.case(tree.unit2, decision_date=D(2024, 2, 1), created_by=clerk)
    assert "đã chốt số liệu" in caught.value.message_dict["effective_date"][0]
    assert Case.objects.count() == count
    factories.case(tree.unit2, decision_date=D(2024, 4, 2), created_by=clerk)  # after the closed period
    late = factories.case(tree.unit2, decision_date=D(2024, 2, 1), created_by=admin, late_reason="Hồ sơ chuyển muộn")
    assert LateEntry.objects.get(event__case=late).reason == "Hồ sơ chuyển muộn"
    assert PeriodClosing.objects.get(pk=closing.pk).live_differs


def test_the_figures_page_shows_the_carry_over_warning(client, tree, make_user):
    from django.urls import reverse

    case = factories.case(tree.unit1, decision_date=D(2023, 3, 1), amount=40 * M)
    leader = make_user(tree.province, User.Role.LEADERSHIP)
    admin = make_user(tree.province, User.Role.ADMINISTRATOR)
    period_close(agency=tree.province, period=Period(2023, 12), user=leader, today=TODAY)
    services.event_record(case=case, kind=EventKind.REVOKE, effective_date=D(2023, 6, 1), entered_by=admin,
                          late_reason="Quyết định thu hồi nhận muộn", today=TODAY)
    client.force_login(leader)
    page = client.get(reverse("figures"), {"year": 2024, "months": 3}).content.decode()
    assert "Kiểm tra chuyển kỳ: năm trước chuyển sang 0" in page and "là 1" in page


def test_a_closing_published_before_the_agreed_postponements_had_a_column(tree, make_user):
    """Its snapshot lacks them; with_conditions held them, so the published relation gives them back."""
    case = factories.case(tree.unit1, decision_date=D(2023, 11, 1), amount=40 * M)
    services.event_record(case=case, kind=EventKind.CLASSIFY, effective_date=D(2023, 11, 10),
                          condition=Condition.ABLE, today=TODAY)
    services.event_record(case=case, kind=EventKind.POSTPONE, effective_date=D(2023, 12, 1),
                          ground=PostponementGround.AGREED, today=TODAY)
    closing = period_close(agency=tree.province, period=Period(2024, 6),
                           user=make_user(tree.province, User.Role.LEADERSHIP), today=TODAY)
    live = compute(tree.province, Period(2024, 6), live=True)

    def without(value):
        if isinstance(value, dict):
            return {k: without(v) for k, v in value.items() if k != "postponed_agreed"}
        return [without(v) for v in value] if isinstance(value, list) else value

    PeriodClosing.objects.filter(pk=closing.pk).update(snapshot=without(closing.snapshot))
    published = compute(tree.province, Period(2024, 6))
    assert published["frozen"] and live["cases"]["postponed_agreed"] == 1
    for unit in ("cases", "money"):
        assert published[unit]["postponed_agreed"] == live[unit]["postponed_agreed"]
        for row, live_row in zip(published["breakdowns"]["child"], live["breakdowns"]["child"], strict=True):
            assert row[unit]["postponed_agreed"] == live_row[unit]["postponed_agreed"]


def test_a_closing_covers_the_units_and_they_report_the_published_numbers(setup, tree):
    case, leader, admin, clerk, closing = setup
    parts = {c.agency_id: c for c in PeriodClosing.objects.filter(part_of=closing)}
    assert set(parts) == {tree.unit1.pk, tree.unit2.pk}  # not the other province's
    unit = compute(tree.unit1, Period(2024, 6))
    assert unit["frozen"] and unit["cases"]["to_enforce"] == 1
    assert unit["closing"]["closed_with"] == tree.province.name
    assert tree.province.name in unit["closing"]["text"] and "lần 1" in unit["closing"]["text"]
    # A late event accepted in the unit: its page, as the province's, still shows what was published.
    pay(case, D(2024, 3, 15), admin, late_reason="Biên lai nộp muộn")
    unit = compute(tree.unit1, Period(2024, 6))
    assert unit["money"]["completed_actual"] == 0 and unit["closing"]["live_differs"]
    with pytest.raises(ValidationError):  # and the unit cannot be reopened apart from its province
        period_reopen(closing=parts[tree.unit1.pk], user=admin, reason="Sửa số liệu")


def test_an_administrator_reopens_with_a_reason_and_the_next_closing_is_a_new_version(setup, tree, make_user):
    from audit.models import Change

    case, leader, admin, clerk, closing = setup
    with pytest.raises(PermissionDenied):
        period_reopen(closing=closing, user=leader, reason="Sửa số liệu")
    with pytest.raises(PermissionDenied):  # another province's administrator
        period_reopen(closing=closing, user=make_user(tree.other_province, User.Role.ADMINISTRATOR), reason="x")
    with pytest.raises(ValidationError) as caught:
        period_reopen(closing=closing, user=admin, reason="  ")
    assert "lý do" in caught.value.message_dict["reason"][0]
    assert PeriodClosing.objects.published().count() == 3

    reopened = period_reopen(closing=closing, user=admin, reason="Chi cục báo cáo thiếu 1 việc")
    assert len(reopened) == 3 and PeriodClosing.objects.published().count() == 0
    assert not compute(tree.province, Period(2024, 6))["frozen"] and not compute(tree.unit1, Period(2024, 6))["frozen"]
    recorded = Change.objects.filter(model="reports.periodclosing", object_id=str(closing.pk), action="update").get()
    assert recorded.changes["reopen_reason"][1] == "Chi cục báo cáo thiếu 1 việc"
    pay(case, D(2024, 3, 15), clerk)  # no longer refused

    again = period_close(agency=tree.province, period=Period(2024, 6), user=leader, today=TODAY)
    assert again.version == 2 and again.snapshot["money"]["completed_actual"] == 10 * M
    assert PeriodClosing.objects.get(agency=tree.unit1, version=2, reopened_at__isnull=True).part_of == again
    versions = closing_versions(tree.province, Period(2024, 6))
    assert [(v.version, v.reopened_at is None) for v in versions] == [(2, True), (1, False)]
    assert versions[1].snapshot["money"]["completed_actual"] == 0  # the first version, as it was published
    assert "lần 2" in compute(tree.province, Period(2024, 6))["closing"]["text"]


def test_reopening_from_the_figures_page(client, setup, tree):
    from django.urls import reverse

    case, leader, admin, clerk, closing = setup
    client.force_login(admin)
    url = reverse("figures")
    page = client.get(url, {"year": 2024, "months": 6, "agency": tree.province.pk}).content.decode()
    assert 'id="reopen-form"' in page and "Lần 1" in page
    refused = client.post(reverse("reopen_period"), {"closing": closing.pk, "reason": ""})
    assert refused.status_code == 400 and PeriodClosing.objects.published().count() == 3
    assert "id_reason" in refused.content.decode()
    done = client.post(reverse("reopen_period"), {"closing": closing.pk, "reason": "Sai số liệu Chi cục"})
    assert done.status_code == 302 and PeriodClosing.objects.published().count() == 0
    page = client.get(done.url).content.decode()
    assert "Sai số liệu Chi cục" in page and 'id="reopen-form"' not in page
    client.force_login(leader)  # leadership sees the versions, not the reopening
    assert 'id="reopen-form"' not in client.get(url, {"year": 2024, "months": 6}).content.decode()
    assert client.post(reverse("reopen_period"), {"closing": closing.pk, "reason": "x"}).status_code == 403


def test_another_provinces_administrator_gets_nothing(client, setup, tree, make_user):
    from django.urls import reverse

    case, leader, admin, clerk, closing = setup
    client.force_login(make_user(tree.other_province, User.Role.ADMINISTRATOR))
    response = client.post(reverse("reopen_period"), {"closing": closing.pk, "reason": "Không phải tỉnh mình"})
    assert response.status_code == 404 and PeriodClosing.objects.published().count() == 3
    page = client.get(reverse("figures"), {"year": 2024, "months": 6, "agency": tree.province.pk}).content.decode()
    assert 'id="reopen-form"' not in page and 'id="closing-versions"' not in page
