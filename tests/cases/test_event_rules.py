"""Every rule of the timeline: refused with a clear Vietnamese message on the field that caused it,
and the database left exactly as it was."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from cases.models import Case, CaseEvent, CaseStatus, Complaint, Condition, EventKind, Initiation, PostponementGround
from casework import services
from tests import factories
from tests.conftest import TODAY

D = date  # brevity in the tables below


def snapshot():
    return (
        [model_to_dict(c) for c in Case.objects.order_by("pk")],
        list(CaseEvent.objects.order_by("pk").values()),
        list(Complaint.objects.order_by("pk").values()),
    )


def record(case, kind, day, **fields):
    return services.event_record(case=case, kind=kind, effective_date=day, today=TODAY, **fields)


def assert_refused(field, fragment, kind, day, case, **fields):
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        record(case, kind, day, **fields)
    messages = caught.value.message_dict
    assert field in messages, messages
    assert fragment in " ".join(messages[field]), messages
    assert snapshot() == before


@pytest.fixture
def able_case(tree, vietnamese):
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), accepted_on=D(2024, 1, 12), amount=100_000_000)
    record(case, EventKind.VERIFY, D(2024, 1, 25))
    record(case, EventKind.CLASSIFY, D(2024, 1, 26), condition=Condition.ABLE)
    return case


@pytest.fixture
def unable_case(tree, vietnamese):
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=50_000_000)
    record(case, EventKind.VERIFY, D(2024, 1, 25))
    record(case, EventKind.CLASSIFY, D(2024, 1, 26), condition=Condition.UNABLE)
    return case


def test_event_before_the_decision(able_case):
    assert_refused("effective_date", "trước ngày ra quyết định thi hành án (10/01/2024)",
                   EventKind.PAYMENT, D(2024, 1, 9), able_case, amount=1_000_000)


def test_event_in_the_future(able_case):
    assert_refused("effective_date", "không được sau ngày hôm nay", EventKind.PAYMENT, D(2026, 11, 23), able_case,
                   amount=1_000_000)


def test_event_between_decision_and_acceptance(able_case):
    assert_refused("effective_date", "chưa được thụ lý", EventKind.VERIFY, D(2024, 1, 11), able_case)


def test_payment_above_the_remaining_amount(able_case):
    record(able_case, EventKind.PAYMENT, D(2024, 2, 1), amount=60_000_000)
    assert_refused("amount", "Số tiền thu 50.000.000\xa0đ vượt quá số còn phải thi hành 40.000.000\xa0đ",
                   EventKind.PAYMENT, D(2024, 2, 2), able_case, amount=50_000_000)


def test_payment_without_an_amount(able_case):
    assert_refused("amount", "Hãy nhập số tiền thu", EventKind.PAYMENT, D(2024, 2, 2), able_case, amount=0)


def test_outcome_on_a_closed_case(able_case):
    record(able_case, EventKind.TERMINATE, D(2024, 3, 1))
    assert_refused("kind", "Việc đã kết thúc (Đình chỉ) ngày 01/03/2024", EventKind.PAYMENT, D(2024, 3, 5), able_case,
                   amount=1_000_000)


def test_completion_with_money_remaining(able_case):
    record(able_case, EventKind.PAYMENT, D(2024, 2, 1), amount=99_000_000)
    assert_refused("kind", "Còn 1.000.000\xa0đ chưa thu", EventKind.COMPLETE, D(2024, 2, 2), able_case)


def test_resume_needs_a_postponement_or_suspension(able_case):
    assert_refused("kind", "Chỉ tiếp tục thi hành án sau khi đã hoãn hoặc tạm đình chỉ", EventKind.RESUME,
                   D(2024, 2, 2), able_case)


def test_postpone_twice(able_case):
    record(able_case, EventKind.POSTPONE, D(2024, 2, 1), ground=PostponementGround.AGREED)
    assert_refused("kind", "không thực hiện được khi việc đang ở trạng thái hoãn", EventKind.POSTPONE,
                   D(2024, 2, 2), able_case)


def test_suspend_twice(able_case):
    record(able_case, EventKind.SUSPEND, D(2024, 2, 1))
    assert_refused("kind", "Chỉ tạm đình chỉ việc đang thi hành hoặc đang hoãn", EventKind.SUSPEND, D(2024, 2, 2),
                   able_case)


def test_measure_while_postponed(able_case):
    record(able_case, EventKind.POSTPONE, D(2024, 2, 1))
    assert_refused("kind", "Cưỡng chế: không thực hiện được", EventKind.COERCE, D(2024, 2, 2), able_case)


def test_coercion_needs_an_able_case(unable_case):
    assert_refused("kind", "chỉ áp dụng khi việc đã được xác định có điều kiện thi hành", EventKind.COERCE,
                   D(2024, 2, 2), unable_case)


def test_valuation_needs_a_seizure_and_auction_a_valuation(able_case):
    assert_refused("kind", "sau khi đã kê biên", EventKind.VALUE, D(2024, 2, 2), able_case)
    record(able_case, EventKind.SEIZE, D(2024, 2, 3))
    assert_refused("kind", "sau khi đã thẩm định giá", EventKind.AUCTION, D(2024, 2, 4), able_case)
    record(able_case, EventKind.VALUE, D(2024, 2, 5))
    record(able_case, EventKind.AUCTION, D(2024, 2, 6))


def test_reduction_only_for_state_budget_cases(able_case, tree):
    assert_refused("kind", "ngân sách nhà nước", EventKind.REDUCE, D(2024, 2, 2), able_case, amount=1_000_000)
    fine = factories.case(tree.unit1, initiation=Initiation.EX_OFFICIO, amount=10_000_000)
    record(fine, EventKind.REDUCE, D(2024, 2, 2), amount=4_000_000)
    assert_refused("amount", "vượt quá số còn phải thi hành 6.000.000", EventKind.REDUCE, D(2024, 2, 3), fine,
                   amount=7_000_000)


def test_entrusting_needs_a_valid_other_agency(able_case, tree):
    assert_refused("to_agency", "Hãy chọn cơ quan nhận ủy thác", EventKind.ENTRUST_OUT, D(2024, 2, 2), able_case)
    assert_refused("to_agency", "chính cơ quan đang thụ lý", EventKind.ENTRUST_OUT, D(2024, 2, 2), able_case,
                   to_agency=tree.unit1)
    assert_refused("to_agency", "cấp tỉnh hoặc cấp cơ sở", EventKind.ENTRUST_OUT, D(2024, 2, 2), able_case,
                   to_agency=tree.central)
    closed = factories.agency("P2-OLD", parent=tree.other_province, valid_to=D(2023, 12, 31))
    assert_refused("to_agency", "không hoạt động vào ngày 02/02/2024", EventKind.ENTRUST_OUT, D(2024, 2, 2),
                   able_case, to_agency=closed)


def test_separate_register_rules(able_case, unable_case):
    assert_refused("kind", "chưa có điều kiện thi hành", EventKind.SEPARATE_REGISTER, D(2024, 8, 1), able_case)
    assert_refused("kind", "xác minh ít nhất hai lần", EventKind.SEPARATE_REGISTER, D(2024, 8, 1), unable_case)
    record(unable_case, EventKind.VERIFY, D(2024, 7, 20))
    record(unable_case, EventKind.SEPARATE_REGISTER, D(2024, 8, 1))
    assert_refused("kind", "đã ở trong sổ theo dõi riêng", EventKind.SEPARATE_REGISTER, D(2024, 8, 2), unable_case)


def test_complaint_resolution_needs_an_open_complaint(able_case):
    complaint = services.complaint_receive(case=able_case, received_on=D(2024, 3, 1), today=TODAY)
    services.complaint_resolve(complaint=complaint, resolved_on=D(2024, 3, 10), today=TODAY)
    assert_refused("complaint", "không ở trạng thái chờ giải quyết", EventKind.COMPLAINT_RESOLVED, D(2024, 3, 11),
                   able_case, complaint=complaint)


def test_handover_to_the_same_agency(able_case, tree):
    assert_refused("to_agency", "chính cơ quan đó thụ lý", EventKind.HANDOVER, D(2024, 2, 2), able_case,
                   to_agency=tree.unit1)


def test_acceptance_cannot_be_recorded_twice(able_case):
    assert_refused("kind", "khi vào sổ việc thi hành án", EventKind.ACCEPT, D(2024, 2, 2), able_case)


def test_backdated_event_that_breaks_a_later_one(able_case):
    record(able_case, EventKind.PAYMENT, D(2024, 3, 1), amount=100_000_000)
    record(able_case, EventKind.COMPLETE, D(2024, 3, 2))
    # A payment slipped in before the full payment would make that one exceed what remained.
    assert_refused("amount", "vượt quá số còn phải thi hành", EventKind.PAYMENT, D(2024, 2, 15), able_case,
                   amount=10_000_000)


def test_stale_version_is_a_conflict(able_case):
    stale = able_case.version
    record(able_case, EventKind.PAYMENT, D(2024, 2, 1), amount=1_000_000)
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        record(able_case, EventKind.PAYMENT, D(2024, 2, 2), amount=1_000_000, expected_version=stale)
    assert "Người khác vừa cập nhật việc này" in caught.value.messages[0]
    assert snapshot() == before


def test_complaints_may_follow_the_outcome(able_case):
    record(able_case, EventKind.PAYMENT, D(2024, 2, 1), amount=100_000_000)
    record(able_case, EventKind.COMPLETE, D(2024, 2, 2))
    complaint = services.complaint_receive(case=able_case, received_on=D(2024, 2, 20), today=TODAY)
    able_case.refresh_from_db()
    assert able_case.open_complaints == 1 and able_case.status == CaseStatus.COMPLETED
    assert complaint.due_on == D(2024, 3, 6)  # first complaint: 15 days
