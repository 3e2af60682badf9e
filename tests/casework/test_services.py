from datetime import date as D

import pytest
from django.core.exceptions import ValidationError

from cases.models import Case, CaseEvent, CaseStatus, EventKind, Initiation, JudgmentKind
from casework import services
from tests import factories
from tests.conftest import TODAY

FACTS = dict(
    court="Tòa án nhân dân huyện Yên Sơn", judgment_number="5/2024/HS-ST", judgment_date=D(2024, 1, 2),
    judgment_kind=JudgmentKind.CRIMINAL, initiation=Initiation.EX_OFFICIO, debtor_name="Đặng Văn Bình",
    creditor_name="Ngân sách Nhà nước", amount=12_500_000,
)


def create(tree, **overrides):
    fields = dict(issuing_agency=tree.unit1, agency=tree.unit1, decision_number="46/QĐ-CCTHADS",
                  decision_date=D(2024, 2, 1), accepted_on=D(2024, 2, 2), today=TODAY, **FACTS)
    fields.update(overrides)
    return services.case_create(**fields)


def test_case_create_records_the_acceptance(tree):
    case = create(tree)
    accept = case.events.get()
    assert (accept.kind, accept.effective_date, accept.to_agency, accept.agency) == (
        EventKind.ACCEPT, D(2024, 2, 2), tree.unit1, tree.unit1)
    assert case.status == CaseStatus.ACTIVE and case.remaining_amount == 12_500_000
    assert case.decision_year == 2024
    assert "dang van binh" in case.search_text


@pytest.mark.parametrize(
    "overrides, field, fragment",
    [
        (dict(decision_date=D(2026, 12, 1), accepted_on=D(2026, 12, 1)), "decision_date", "không được sau ngày hôm nay"),
        (dict(accepted_on=D(2024, 1, 30)), "accepted_on", "không được trước ngày ra quyết định"),
        (dict(judgment_date=D(2024, 3, 1)), "judgment_date", "không được sau ngày ra quyết định"),
        (dict(amount=-5), "amount", ""),
        (dict(decision_number=""), "decision_number", ""),
        (dict(debtor_name=""), "debtor_name", ""),
    ],
)
def test_case_create_refuses_bad_input(tree, vietnamese, overrides, field, fragment):
    with pytest.raises(ValidationError) as caught:
        create(tree, **overrides)
    assert field in caught.value.message_dict
    assert fragment in " ".join(caught.value.message_dict[field])
    assert not Case.objects.exists() and not CaseEvent.objects.exists()


def test_decision_number_unique_per_issuing_agency_and_year(tree, vietnamese):
    create(tree)
    with pytest.raises(ValidationError) as caught:
        create(tree, decision_date=D(2024, 5, 1), accepted_on=D(2024, 5, 1))
    assert "Quyết định số 46/QĐ-CCTHADS năm 2024 đã có" in caught.value.message_dict["decision_number"][0]
    create(tree, decision_date=D(2025, 1, 3), accepted_on=D(2025, 1, 3))  # next year: a new numbering
    create(tree, issuing_agency=tree.unit2, agency=tree.unit2)  # another agency's own numbering
    assert Case.objects.count() == 3


def test_case_must_be_held_by_an_operating_agency(tree, vietnamese):
    closed = factories.agency("P1-OLD", parent=tree.province, valid_to=D(2023, 12, 31))
    with pytest.raises(ValidationError) as caught:
        create(tree, issuing_agency=closed, agency=closed)
    assert "không hoạt động vào ngày 02/02/2024" in caught.value.message_dict["agency"][0]
    with pytest.raises(ValidationError) as caught:
        create(tree, issuing_agency=tree.unit2, agency=tree.unit1)
    assert "issuing_agency" in caught.value.message_dict


def test_officer_must_belong_to_the_holding_agency(tree, vietnamese):
    stranger = factories.OfficerFactory(agency=tree.unit2)
    with pytest.raises(ValidationError) as caught:
        create(tree, officer=stranger)
    assert "Chấp hành viên không thuộc cơ quan này" in caught.value.message_dict["officer"][0]


def test_a_restructure_hands_over_open_cases_only(tree, make_user):
    from cases.models import User
    from casework.restructure import Plan, restructure_apply

    successor = factories.agency("P1-NEW", parent=tree.province, valid_from=D(2025, 7, 1))
    open_case = factories.case(tree.unit1, decision_date=D(2024, 3, 1))
    closed_case = factories.case(tree.unit1, decision_date=D(2024, 3, 2))
    services.event_record(case=closed_case, kind=EventKind.REVOKE, effective_date=D(2024, 4, 1), today=TODAY)
    plan = Plan(effective_date=D(2025, 7, 1), predecessors=[tree.unit1], successors=[successor])
    moved = restructure_apply(plan, user=make_user(tree.province, User.Role.ADMINISTRATOR), today=TODAY).case_count
    assert moved == 1
    open_case.refresh_from_db()
    closed_case.refresh_from_db()
    assert open_case.agency == successor and closed_case.agency == tree.unit1
    assert open_case.events.get(kind=EventKind.HANDOVER).agency == tree.unit1
