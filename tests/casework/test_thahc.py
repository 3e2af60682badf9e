"""Followed administrative judgments: the legal order of the steps, the deadlines in working days,
and the writes (history, concurrent edits, refusals that leave the register as it was)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from audit.models import Change
from cases import thahc
from cases.models import FollowedJudgment, FollowStatus, FollowStep, StepKind, User
from casework import thahc as services
from tests import factories

TODAY = date(2026, 11, 22)


def _record(judgment, kind, day, **fields):
    return services.step_record(judgment=judgment, kind=kind, effective_date=day, today=TODAY, **fields)


def _refused(judgment, kind, day, field, **fields):
    before = (FollowStep.objects.count(), Change.objects.count(), judgment.version)
    with pytest.raises(ValidationError) as error:
        _record(judgment, kind, day, **fields)
    judgment.refresh_from_db()
    assert (FollowStep.objects.count(), Change.objects.count(), judgment.version) == before
    assert field in error.value.message_dict, error.value.message_dict
    return " ".join(error.value.message_dict[field])


@pytest.fixture
def judgment(tree, vietnamese):
    return factories.followed_judgment(tree.unit1, received_on=date(2024, 3, 1))


def test_steps_follow_the_legal_order(judgment, vietnamese):
    assert "thông báo" in _refused(judgment, StepKind.RESULT_REPORT, date(2024, 3, 5), "kind", result="complied")
    assert "thông báo" in _refused(judgment, StepKind.COMPEL, date(2024, 3, 5), "kind", document_number="1/QĐ")
    assert "quyết định buộc" in _refused(judgment, StepKind.PUBLISH, date(2024, 3, 5), "kind")
    assert "nhận" in _refused(judgment, StepKind.NOTICE, date(2024, 2, 28), "effective_date")
    assert "hôm nay" in _refused(judgment, StepKind.NOTICE, date(2026, 11, 23), "effective_date")
    assert _refused(judgment, StepKind.RECEIVE, date(2024, 3, 5), "kind")
    _record(judgment, StepKind.NOTICE, date(2024, 3, 4))
    assert "đã được ghi" in _refused(judgment, StepKind.NOTICE, date(2024, 3, 6), "kind")
    assert _refused(judgment, StepKind.RESULT_REPORT, date(2024, 4, 10), "result")
    _record(judgment, StepKind.RESULT_REPORT, date(2024, 4, 10), result="not_complied")
    assert _refused(judgment, StepKind.COMPEL, date(2024, 5, 2), "document_number")
    assert "kiến nghị" in _refused(judgment, StepKind.REPLY, date(2024, 5, 2), "kind")
    _record(judgment, StepKind.COMPEL, date(2024, 5, 2), document_number="05/2024/QĐ-BTHA")
    _record(judgment, StepKind.PUBLISH, date(2024, 5, 6))
    assert "thi hành xong" in _refused(judgment, StepKind.WITHDRAW, date(2024, 5, 7), "kind")
    _record(judgment, StepKind.RECOMMEND, date(2024, 6, 3))
    assert _refused(judgment, StepKind.END_OTHER, date(2024, 6, 10), "note")
    _record(judgment, StepKind.COMPLETE, date(2024, 7, 1))
    judgment.refresh_from_db()
    assert (judgment.status, judgment.closed_on, judgment.compelled_on) == (
        FollowStatus.COMPLETED, date(2024, 7, 1), date(2024, 5, 2))
    assert "đã kết thúc" in _refused(judgment, StepKind.MEETING, date(2024, 7, 2), "kind")
    _refused(judgment, StepKind.COMPLETE, date(2024, 7, 2), "kind")
    # What follows the outcome: the publication comes down, the recommendation is answered.
    _record(judgment, StepKind.WITHDRAW, date(2024, 7, 2))
    _record(judgment, StepKind.REPLY, date(2024, 7, 3))
    assert _refused(judgment, StepKind.WITHDRAW, date(2024, 7, 4), "kind")
    judgment.refresh_from_db()
    assert judgment.next_due_on is None
    assert judgment.version == 9  # one per recorded step


def test_back_dated_step_must_fit_the_whole_file(judgment, vietnamese):
    _record(judgment, StepKind.NOTICE, date(2024, 3, 4))
    _record(judgment, StepKind.COMPLETE, date(2024, 5, 1))
    # Dated before the completion, a meeting would have to fit between the steps: it does.
    _record(judgment, StepKind.MEETING, date(2024, 4, 1))
    # A compulsion decision dated after the completion does not.
    _refused(judgment, StepKind.COMPEL, date(2024, 5, 3), "kind", document_number="1/QĐ")


def test_counted_only_judgment_takes_no_step(tree, vietnamese):
    counted = factories.followed_judgment(tree.unit1, has_follow_up=False)
    assert counted.status == FollowStatus.COUNTED and counted.next_due_on is None
    assert "chỉ được thống kê" in _refused(counted, StepKind.NOTICE, date(2024, 1, 12), "kind")


def test_accepted_claim_is_followed_and_facts_are_checked(tree, vietnamese):
    with pytest.raises(ValidationError) as error:
        factories.followed_judgment(tree.unit1, has_follow_up=False, claim_result="accepted")
    assert "has_follow_up" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        factories.followed_judgment(tree.unit1, received_on=date(2024, 1, 10), judgment_date=date(2024, 2, 1))
    assert "judgment_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        factories.followed_judgment(tree.central)
    assert "agency" in error.value.message_dict
    first = factories.followed_judgment(tree.unit1)
    with pytest.raises(ValidationError) as error:  # the same judgment again at its unit, written otherwise
        factories.followed_judgment(tree.unit1, court=first.court.upper(), judgment_number=first.judgment_number,
                                    judgment_date=first.judgment_date)
    assert "judgment_number" in error.value.message_dict
    with pytest.raises(ValidationError) as error:  # or at the province above it, which sees the unit's register
        factories.followed_judgment(tree.province, court=first.court, judgment_number=first.judgment_number,
                                    judgment_date=first.judgment_date)
    assert FollowedJudgment.objects.count() == 1
    # A sibling unit is not told what another unit's register holds.
    factories.followed_judgment(tree.unit2, court=first.court, judgment_number=first.judgment_number,
                                judgment_date=first.judgment_date)


def test_civil_case_link_stays_in_the_province(tree, vietnamese):
    own = factories.case(tree.unit2)
    other = factories.case(tree.other_unit)
    judgment = factories.followed_judgment(tree.unit1, civil_case=own)
    assert judgment.civil_case == own
    with pytest.raises(ValidationError) as error:
        services.judgment_change(judgment, civil_case=other, expected_version=judgment.version, today=TODAY)
    assert "civil_case" in error.value.message_dict


def test_change_is_recorded_and_a_stale_edit_is_refused(judgment, vietnamese):
    version = judgment.version
    services.judgment_change(judgment, body="Ủy ban nhân dân tỉnh Thử Nghiệm", expected_version=version, today=TODAY)
    change = Change.objects.filter(model="cases.followedjudgment", action="update").get()
    assert change.changes["body"] == ["Ủy ban nhân dân xã Thử Nghiệm", "Ủy ban nhân dân tỉnh Thử Nghiệm"]
    with pytest.raises(ValidationError) as error:
        services.judgment_change(judgment, body="Khác", expected_version=version, today=TODAY)
    assert error.value.code == "conflict"
    with pytest.raises(ValidationError) as error:
        _record(judgment, StepKind.NOTICE, date(2024, 3, 4), expected_version=version)
    assert error.value.code == "conflict"
    judgment.refresh_from_db()
    assert judgment.body == "Ủy ban nhân dân tỉnh Thử Nghiệm" and judgment.steps.count() == 1
    _record(judgment, StepKind.NOTICE, date(2024, 3, 4))
    with pytest.raises(ValidationError) as error:  # steps recorded: it stays followed
        services.judgment_change(judgment, has_follow_up=False, claim_result="rejected", today=TODAY)
    assert "has_follow_up" in error.value.message_dict


# --- deadlines --------------------------------------------------------------------------------


def _due(judgment):
    return {str(clock.label): (clock.due_on, clock.done_on) for clock in
            thahc.deadlines(judgment, list(judgment.steps.all()))}


def test_deadlines_count_working_days_across_tet(tree, vietnamese):
    # Received Thursday 12/02/2026; Tết Bính Ngọ closes the offices 14–22/02: five working days
    # are 13, 23, 24, 25 and 26/02.
    judgment = factories.followed_judgment(tree.unit1, received_on=date(2026, 2, 12))
    assert _due(judgment) == {"Thông báo tự nguyện thi hành án": (date(2026, 2, 26), None)}
    assert judgment.next_due_on == date(2026, 2, 26)
    _record(judgment, StepKind.NOTICE, date(2026, 2, 13))
    judgment.refresh_from_db()
    # The body's 30 days run to 15/03 (a Sunday); its report is due 03 working days later: 18/03.
    report = "Cơ quan báo cáo kết quả thi hành (30 ngày + 03 ngày làm việc)"
    assert _due(judgment)[report] == (date(2026, 3, 18), None)
    assert judgment.next_due_on == date(2026, 3, 18)


def test_deadlines_after_the_compulsion_decision(tree, vietnamese):
    judgment = factories.followed_judgment(
        tree.unit1, received_on=date(2025, 4, 1),
        steps=[("notice", date(2025, 4, 2)), ("result_report", date(2025, 5, 8)), ("petition", date(2025, 5, 20)),
               ("compel", date(2025, 5, 23))])
    due = _due(judgment)
    # The court's decision came on the third working day of its five.
    assert due["Tòa án ra quyết định buộc sau đơn yêu cầu"] == (date(2025, 5, 27), date(2025, 5, 23))
    # From Friday 23/05/2025: three working days are 26, 27, 28/05; five run to 30/05.
    assert due["Văn bản chỉ đạo của cơ quan cấp trên"] == (date(2025, 5, 28), None)
    assert due["Chấp hành viên làm việc với cơ quan"] == (date(2025, 5, 28), None)
    assert due["Đăng tải quyết định buộc"] == (date(2025, 5, 30), None)
    assert judgment.next_due_on == date(2025, 5, 28)
    _record(judgment, StepKind.PUBLISH, date(2025, 5, 29))
    _record(judgment, StepKind.COMPLETE, date(2025, 8, 29))
    judgment.refresh_from_db()
    due = _due(judgment)
    # Closed: what was never done is no longer due; the publication comes down within 02 working
    # days of the completion (Friday 29/08; 01–02/09 are the National Day holiday): 04/09.
    assert "Văn bản chỉ đạo của cơ quan cấp trên" not in due
    assert due["Gỡ đăng tải quyết định buộc"] == (date(2025, 9, 4), None)
    assert judgment.next_due_on == date(2025, 9, 4)


def test_immediate_notice_for_interim_measures(tree):
    judgment = factories.followed_judgment(tree.unit1, received_on=date(2025, 6, 3), judgment_type="interim_measure")
    assert judgment.next_due_on == date(2025, 6, 3)


def test_reply_to_each_recommendation(tree):
    judgment = factories.followed_judgment(
        tree.unit1, received_on=date(2025, 6, 2),
        steps=[("notice", date(2025, 6, 3)), ("recommend", date(2025, 7, 1)), ("recommend", date(2025, 7, 10)),
               ("reply", date(2025, 7, 4))])
    replies = [c for c in thahc.deadlines(judgment, list(judgment.steps.all())) if c.label == thahc.LABELS["reply"]]
    assert [(c.due_on, c.done_on) for c in replies] == [(date(2025, 7, 8), date(2025, 7, 4)),
                                                         (date(2025, 7, 17), None)]


def test_a_restructure_gives_the_followed_judgments_to_the_successor(tree, make_user, vietnamese):
    from casework import agencies
    from casework.restructure import Plan, restructure_apply

    officer = factories.OfficerFactory(agency=tree.unit1)
    open_one = factories.followed_judgment(tree.unit1, officer=officer, received_on=date(2025, 3, 3))
    done = factories.followed_judgment(tree.unit1, received_on=date(2025, 3, 3),
                                       steps=[("notice", date(2025, 3, 4)), ("complete", date(2025, 5, 5))])
    # A unit still following a judgment cannot simply end.
    with pytest.raises(ValidationError) as error:
        agencies.agency_change(agency=tree.unit1, valid_to=date(2025, 6, 30))
    assert "bản án hành chính" in " ".join(error.value.message_dict["valid_to"])
    successor = factories.agency("P1-R1", parent=tree.province, valid_from=date(2025, 7, 1))
    admin = make_user(tree.province, User.Role.ADMINISTRATOR)
    preview = restructure_apply(Plan(effective_date=date(2025, 7, 1), predecessors=[tree.unit1],
                                     successors=[successor]), user=admin, today=TODAY)
    assert [(j.pk, to.pk) for j, to in preview.judgments] == [(open_one.pk, successor.pk)]
    open_one.refresh_from_db()
    done.refresh_from_db()
    assert (open_one.agency, open_one.officer) == (successor, officer)  # the officer moved with it
    assert done.agency == tree.unit1  # what was finished stays where it was followed
    # At its new unit it is corrected and reassigned as any other (its unit did not operate when it came).
    newcomer = factories.OfficerFactory(agency=successor)
    services.judgment_change(open_one, officer=newcomer, today=TODAY)
    open_one.refresh_from_db()
    assert open_one.officer == newcomer
    # A closed one keeps the officer who followed it.
    with pytest.raises(ValidationError) as error:
        services.judgment_change(done, officer=officer, today=TODAY)
    assert "officer" in error.value.message_dict
    assert Change.objects.filter(model="cases.followedjudgment", object_id=str(open_one.pk),
                                 changes__has_key="agency").exists()
