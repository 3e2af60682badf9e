"""Entry through the pages: each rule's message next to its field, nothing saved on a refusal,
two saves of the same version never overwrite each other, and entry stays inside the scope."""

from datetime import date as D

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseEvent, Complaint, User
from reports.calendar import Period
from reports.closing import period_close
from tests import factories
from thads.today import local_today


@pytest.fixture
def clerk(client, tree, make_user):
    user = make_user(tree.unit1, User.Role.CLERK)
    client.force_login(user)
    return user


def snapshot():
    return (list(Case.objects.order_by("pk").values()), list(CaseEvent.objects.order_by("pk").values()))


def post_event(client, case, **fields):
    case.refresh_from_db()
    data = {"kind": "payment", "effective_date": local_today().strftime("%d/%m/%Y"), "amount": "", "condition": "",
            "ground": "", "to_agency": "", "document_number": "", "note": "", "version": case.version, **fields}
    return client.post(reverse("event_create", args=[case.pk]), data)


def field_errors(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def test_register_a_case_then_record_a_payment(client, tree, clerk):
    response = client.post(reverse("case_create"), {
        "agency": tree.unit1.pk, "issuing_agency": tree.unit1.pk, "decision_number": "46/QĐ-CCTHADS",
        "decision_date": "02/03/2026", "accepted_on": "03/03/2026", "court": "TAND khu vực 1",
        "judgment_number": "12/2025/DS-ST", "judgment_date": "10/01/2026", "judgment_kind": "civil",
        "initiation": "on_request", "debtor_name": "Nguyễn Văn Nợ", "amount": "75.683.482.000"})
    case = Case.objects.get(decision_number="46/QĐ-CCTHADS")
    assert response.status_code == 302 and response.url == reverse("case_detail", args=[case.pk])
    assert case.amount == 75_683_482_000 and case.created_by == clerk
    response = post_event(client, case, amount="1.000.000", document_number="BL-01")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.remaining_amount == 75_682_482_000 and case.version == 2


@pytest.mark.parametrize("fields, field, message", [
    ({"amount": "200.000.000"}, "amount", "vượt quá số còn phải thi hành"),
    ({"amount": "1.000", "effective_date": "01/01/2023"}, "effective_date", "trước ngày ra quyết định thi hành án"),
    ({"amount": "1.000", "effective_date": "01/01/2099"}, "effective_date", "không được sau ngày hôm nay"),
    ({"kind": "resume"}, "kind", "Chỉ tiếp tục thi hành án sau khi đã hoãn"),
    ({"kind": "value"}, "kind", "Thẩm định giá chỉ áp dụng khi"),
    ({"kind": "classify"}, "condition", "có điều kiện hoặc chưa có điều kiện"),
    ({"kind": "entrust_out"}, "to_agency", "chọn cơ quan nhận ủy thác"),
    ({"amount": "một triệu"}, "amount", "chữ số"),
])
def test_each_rule_explains_itself_and_saves_nothing(client, tree, clerk, fields, field, message):
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=100_000_000)
    before = snapshot()
    response = post_event(client, case, **fields)
    assert response.status_code == 200
    errors = " ".join(field_errors(response, field))
    assert message in errors, (field, errors)
    assert snapshot() == before


def test_outcome_on_a_closed_case_is_refused(client, tree, clerk):
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=0)
    assert post_event(client, case, kind="complete", amount="").status_code == 302
    before = snapshot()
    response = post_event(client, case, kind="postpone")
    assert "đã kết thúc" in " ".join(field_errors(response, "kind"))
    assert snapshot() == before


def test_event_inside_a_closed_period_is_refused(client, tree, clerk, make_user):
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10))
    period_close(agency=tree.province, period=Period(2025, 12), user=make_user(tree.province, User.Role.LEADERSHIP),
                 today=D(2026, 11, 22))
    before = snapshot()
    response = post_event(client, case, amount="1.000", effective_date="15/09/2025")
    assert "đã chốt số liệu" in " ".join(field_errors(response, "effective_date"))
    assert snapshot() == before


def test_two_saves_of_the_same_version_never_overwrite(client, tree, clerk, make_user):
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=100_000_000)
    loaded_at = timezone.now().isoformat()  # both open the form now
    first = post_event(client, case, amount="10.000.000", loaded_at=loaded_at)
    assert first.status_code == 302
    # A second person opened the form at the same version and saves after the first.
    second = client.post(reverse("event_create", args=[case.pk]), {
        "kind": "payment", "effective_date": local_today().strftime("%d/%m/%Y"), "amount": "20.000.000",
        "version": 1, "loaded_at": loaded_at, "condition": "", "ground": "", "to_agency": "", "note": "Lần hai",
        "document_number": ""})
    assert second.status_code == 200
    html = second.content.decode()
    assert "Người khác vừa cập nhật việc này" in html
    assert [e.amount for e in second.context["changes"]] == [10_000_000]  # what changed, shown
    form = second.context["form"]
    assert form["amount"].value() == "20.000.000" and form["note"].value() == "Lần hai"  # their input kept
    case.refresh_from_db()
    assert case.collected_amount == 10_000_000 and case.version == 2
    # Saving again after reading the change goes through, on top of the first save.
    again = client.post(reverse("event_create", args=[case.pk]), {**form.data.dict()})
    assert again.status_code == 302
    case.refresh_from_db()
    assert case.collected_amount == 30_000_000


def test_complaints_and_officer_assignment(client, tree, clerk):
    officer = factories.OfficerFactory(agency=tree.unit1)
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10))
    response = client.post(reverse("complaint_create", args=[case.pk]), {
        "kind": "complaint", "round": 1, "received_on": "05/10/2026", "complainant": "Trần Văn Khiếu", "summary": "x"})
    assert response.status_code == 302
    complaint = Complaint.objects.get(case=case)
    assert complaint.due_on == D(2026, 10, 20)
    resolve = reverse("complaint_resolve", args=[case.pk, complaint.pk])
    early = client.post(resolve, {"resolved_on": "01/10/2026"})
    assert early.status_code == 200 and field_errors(early, "resolved_on")
    assert client.post(resolve, {"resolved_on": "15/10/2026"}).status_code == 302
    case.refresh_from_db()
    assert case.open_complaints == 0
    # Assigning is the head's decision: a clerk cannot, the agency's leadership can.
    assign = reverse("officer_assign", args=[case.pk])
    assert client.post(assign, {"officer": officer.pk, "version": case.version}).status_code == 403
    client.force_login(factories.UserFactory(agency=tree.unit1, role=User.Role.LEADERSHIP))
    response = client.post(assign, {"officer": officer.pk, "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.officer == officer


def test_entry_stays_inside_the_scope_and_the_role(client, tree, make_user):
    theirs = factories.case(tree.unit2, decision_date=D(2024, 1, 10))
    mine = factories.case(tree.unit1, decision_date=D(2024, 1, 10))
    client.force_login(make_user(tree.unit1, User.Role.CLERK))
    for name in ("event_create", "complaint_create", "officer_assign"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
        assert client.post(reverse(name, args=[theirs.pk]), {}).status_code == 404
    # Registering a case for an agency outside the scope: the choice is refused.
    response = client.post(reverse("case_create"), {"agency": tree.unit2.pk, "issuing_agency": tree.unit2.pk})
    assert "agency" in response.context["form"].errors
    # A leader reads but does not enter; an officer enters only on their own cases.
    client.force_login(make_user(tree.province, User.Role.LEADERSHIP))
    assert client.get(reverse("event_create", args=[mine.pk])).status_code == 403
    assert client.get(reverse("case_create")).status_code == 403
    officer_user = make_user(tree.unit1, User.Role.OFFICER)
    factories.OfficerFactory(agency=tree.unit1, user=officer_user)
    client.force_login(officer_user)
    assert client.get(reverse("event_create", args=[mine.pk])).status_code == 403
    before = snapshot()
    assert post_event(client, mine, amount="1.000").status_code == 403
    assert snapshot() == before


def test_who_assigns_a_case(client, tree, make_user, vietnamese):
    """The agency's head decides who enforces a case: an officer cannot move his own case (nor its
    completion credit) to another, a clerk cannot either, and a closed case keeps its officer."""
    officer_user = make_user(tree.unit1, User.Role.OFFICER)
    himself = factories.OfficerFactory(agency=tree.unit1, user=officer_user)
    colleague = factories.OfficerFactory(agency=tree.unit1)
    open_case = factories.case(tree.unit1, officer=himself, decision_date=D(2024, 1, 10))
    done = factories.case(tree.unit1, officer=himself, decision_date=D(2024, 1, 10), amount=5_000_000)
    services_pay_in_full(done)
    for user in (officer_user, make_user(tree.unit1, User.Role.CLERK), make_user(tree.unit1, User.Role.OFFICIAL)):
        client.force_login(user)
        for case in (open_case, done):
            before = snapshot()
            assert client.get(reverse("officer_assign", args=[case.pk])).status_code == 403
            assert client.post(reverse("officer_assign", args=[case.pk]),
                               {"officer": colleague.pk, "version": case.version}).status_code == 403
            assert snapshot() == before
        assert "Phân công chấp hành viên" not in client.get(reverse("case_detail", args=[open_case.pk])).content.decode()
    for user in (make_user(tree.unit1, User.Role.LEADERSHIP), make_user(tree.province, User.Role.ADMINISTRATOR)):
        client.force_login(user)
        assert "Phân công chấp hành viên" in client.get(reverse("case_detail", args=[open_case.pk])).content.decode()
        done.refresh_from_db()
        before = snapshot()
        response = client.post(reverse("officer_assign", args=[done.pk]), {"officer": colleague.pk, "version": done.version})
        assert response.status_code == 200 and snapshot() == before
        assert "giữ nguyên chấp hành viên" in response.content.decode()
    open_case.refresh_from_db()
    assert client.post(reverse("officer_assign", args=[open_case.pk]),
                       {"officer": colleague.pk, "version": open_case.version}).status_code == 302
    open_case.refresh_from_db()
    assert open_case.officer == colleague


def services_pay_in_full(case):
    """Verified, classified able, paid in full and completed, in the weeks after its decision."""
    from datetime import timedelta

    from casework import services

    day = case.decision_date
    for offset, kind, values in ((20, "verify", {}), (21, "classify", {"condition": "able"}),
                                 (40, "payment", {"amount": case.amount}), (41, "complete", {})):
        services.event_record(case=case, kind=kind, effective_date=day + timedelta(days=offset), today=D(2026, 11, 22),
                              **values)
    case.refresh_from_db()
    assert not case.is_open


def test_an_entrustment_names_an_agency_operating_on_its_date_not_today(client, tree, clerk, vietnamese):
    """The form offers every agency; the service decides by the event's date (the form once
    offered only today's agencies while the service checked the event's date)."""
    dissolved = factories.agency("P2-L9", parent=tree.other_province, valid_from=D(2020, 1, 1),
                                 valid_to=D(2025, 6, 30))
    later = factories.agency("P2-L8", parent=tree.other_province, valid_from=D(2025, 7, 1))
    case = factories.case(tree.unit1, decision_date=D(2025, 3, 1))
    post_event(client, case, kind="classify", condition="able", effective_date="10/03/2025")

    before = snapshot()
    response = post_event(client, case, kind="entrust_out", effective_date="20/03/2025", to_agency=later.pk)
    assert field_errors(response, "to_agency") == ["Cơ quan P2-L8 không hoạt động vào ngày 20/03/2025."]
    assert snapshot() == before

    response = post_event(client, case, kind="entrust_out", effective_date="20/03/2025", to_agency=dissolved.pk)
    assert response.status_code == 302
    assert case.events.filter(kind="entrust_out", to_agency=dissolved).exists()


def test_the_case_form_tells_every_problem_at_once(client, tree, clerk, vietnamese):
    """An amount with letters and two dates out of order: three messages in one answer, each next to
    its field, one message a field."""
    before = snapshot()
    response = client.post(reverse("case_create"), {
        "agency": tree.unit1.pk, "issuing_agency": tree.unit1.pk, "decision_number": "47/QĐ-CCTHADS",
        "decision_date": "02/03/2026", "accepted_on": "01/03/2026", "court": "TAND khu vực 1",
        "judgment_number": "12/2025/DS-ST", "judgment_date": "10/04/2026", "judgment_kind": "civil",
        "initiation": "on_request", "debtor_name": "Nguyễn Văn Nợ", "amount": "2tr500"})
    assert response.status_code == 200 and snapshot() == before
    errors = response.context["form"].errors
    assert set(errors) == {"amount", "accepted_on", "judgment_date"}
    assert all(len(messages) == 1 for messages in errors.values())
    assert "chữ số" in errors["amount"][0]
    assert "trước ngày ra quyết định" in errors["accepted_on"][0]
    assert "sau ngày ra quyết định" in errors["judgment_date"][0]


def test_the_event_form_tells_a_date_out_of_order_with_a_mistyped_amount(client, tree, clerk, vietnamese):
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=100_000_000)
    before = snapshot()
    response = post_event(client, case, amount="1tr", effective_date="01/01/2023")
    assert snapshot() == before
    assert "chữ số" in " ".join(field_errors(response, "amount"))
    assert "trước ngày ra quyết định thi hành án" in " ".join(field_errors(response, "effective_date"))


def test_a_finished_case_offers_only_what_can_still_happen(client, tree, clerk):
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=5_000_000)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert reverse("event_create", args=[case.pk]) in page
    services_pay_in_full(case)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert reverse("event_create", args=[case.pk]) not in page
    assert reverse("complaint_create", args=[case.pk]) in page
    # Its event form, asked for by its address, sends back to the case with why.
    response = client.get(reverse("event_create", args=[case.pk]))
    assert response.status_code == 302 and response.url == reverse("case_detail", args=[case.pk])


def test_a_wrong_date_does_not_hide_an_amount_past_what_remains(client, tree, clerk, vietnamese):
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=100_000_000)
    for date_typed in ("01/01/2099", "01/01/2020", "xx"):
        response = post_event(client, case, amount="999.999.999", effective_date=date_typed)
        assert field_errors(response, "effective_date"), date_typed
        assert "vượt quá số còn phải thi hành" in " ".join(field_errors(response, "amount")), date_typed
