"""Officers and accounts kept by their administrator: created, changed and moved under the rules of
casework.people, each change in their history; an officer's figures stay where they were earned."""

from datetime import date as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import Change
from cases.models import EventKind, Officer, User
from casework import people, services
from reports import summaries
from reports.calendar import Period
from reports.engine import compute
from tests import factories
from tests.conftest import TODAY

pytestmark = pytest.mark.usefixtures("vietnamese")


@pytest.fixture
def admin(tree, make_user):
    return make_user(tree.province, User.Role.ADMINISTRATOR)


def test_an_officer_moves_once_their_open_cases_are_given_to_another(tree):
    officer = people.officer_create(agency=tree.unit1, code="chv-p1-01", full_name="Nguyễn Văn Một")
    assert officer.code == "CHV-P1-01"
    done = factories.case(tree.unit1, officer=officer, decision_date=D(2025, 11, 3), amount=10_000_000)
    services.event_record(case=done, kind=EventKind.PAYMENT, effective_date=D(2025, 11, 10), amount=10_000_000,
                          today=TODAY)
    services.event_record(case=done, kind=EventKind.COMPLETE, effective_date=D(2025, 11, 11), today=TODAY)
    held = factories.case(tree.unit1, officer=officer, decision_date=D(2025, 12, 1))
    with pytest.raises(ValidationError) as refused:
        people.officer_move(officer=officer, to_agency=tree.unit2)
    assert "còn 1 việc đang thi hành" in refused.value.message_dict["agency"][0]
    officer.refresh_from_db()
    assert officer.agency == tree.unit1
    colleague = factories.OfficerFactory(agency=tree.unit1)
    services.case_assign_officer(case=held, officer=colleague)
    people.officer_move(officer=officer, to_agency=tree.unit2)
    officer.refresh_from_db()
    assert officer.agency == tree.unit2
    change = Change.objects.filter(model="cases.officer", object_id=str(officer.pk), action="update").get()
    assert change.changes["agency"] == [tree.unit1.pk, tree.unit2.pk]
    # What they completed at unit 1 is still unit 1's, under their name.
    summaries.fill_before_writing(D(2025, 10, 1), today=TODAY)
    rows = compute(tree.unit1, Period(2026, 12), by="officer")["breakdowns"]["officer"]
    assert [row["cases"]["completed"] for row in rows if row["label"] == "Nguyễn Văn Một"] == [1]
    assert not compute(tree.unit2, Period(2026, 12), by="officer")["has_data"]


def test_an_officer_holding_cases_stays_working_and_codes_are_unique(tree):
    officer = people.officer_create(agency=tree.unit1, code="CHV-1", full_name="Trần Văn Hai")
    factories.case(tree.unit1, officer=officer)
    with pytest.raises(ValidationError) as refused:
        people.officer_change(officer=officer, full_name="Trần Văn Hai", rank=Officer.Rank.SENIOR, is_active=False)
    assert "is_active" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        people.officer_create(agency=tree.unit2, code="chv-1", full_name="Người Khác")
    assert "đã được dùng" in refused.value.message_dict["code"][0]
    with pytest.raises(ValidationError) as refused:
        people.officer_create(agency=tree.central, code="CHV-2", full_name="Ở Trung Ương")
    assert "agency" in refused.value.message_dict


def test_accounts_created_moved_and_changed(tree):
    account = people.account_create(username="thuky.moi", full_name="Thư Ký Mới", role=User.Role.CLERK,
                                    agency=tree.unit1, password="Thu-Ky@2026x")
    assert account.check_password("Thu-Ky@2026x") and not account.is_staff
    with pytest.raises(ValidationError) as refused:
        people.account_create(username="THUKY.MOI", full_name="X", role=User.Role.CLERK, agency=tree.unit1,
                              password="Thu-Ky@2026x")
    assert "username" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        people.account_create(username="yeu", full_name="X", role=User.Role.CLERK, agency=tree.unit1, password="123")
    assert "password" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        people.account_create(username="chv.x", full_name="X", role=User.Role.OFFICER, agency=tree.unit1,
                              password="Thu-Ky@2026x")
    assert "officer" in refused.value.message_dict
    people.account_move(account=account, to_agency=tree.unit2)
    people.account_change(account=account, full_name="Thư Ký Mới", role=User.Role.ADMINISTRATOR, is_active=True)
    account.refresh_from_db()
    assert (account.agency, account.role, account.is_staff) == (tree.unit2, User.Role.ADMINISTRATOR, True)
    assert Change.objects.filter(model="cases.user", object_id=str(account.pk)).count() == 3


def test_the_people_pages(client, tree, admin):
    client.force_login(admin)
    url = reverse("unit_people", args=[tree.unit1.pk])
    response = client.post(url, {"officer-code": "CHV-P1-09", "officer-full_name": "Lê Văn Chín",
                                 "officer-rank": "senior"})
    assert response.status_code == 302
    officer = Officer.objects.get(code="CHV-P1-09")
    response = client.post(url, {"account-username": "chv.chin", "account-full_name": "Lê Văn Chín",
                                 "account-role": "officer", "account-officer": officer.pk,
                                 "account-password": "Chap-Hanh@2026"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.user.username == "chv.chin"
    # A refused account: the message next to the field, nothing written.
    response = client.post(url, {"account-username": "chv.chin", "account-full_name": "X", "account-role": "clerk",
                                 "account-password": "Chap-Hanh@2026"})
    assert "đã có người dùng" in response.content.decode() and User.objects.filter(username="chv.chin").count() == 1
    # The officer's page: a move, then its history.
    page = reverse("officer_page", args=[officer.pk])
    assert client.post(page, {"to_agency": tree.unit2.pk}).status_code == 302
    text = client.get(page).content.decode()
    assert "Lịch sử thay đổi" in text and tree.unit2.name in text
    # Nobody's page outside the subtree; one's own account is another administrator's to change.
    stranger = factories.OfficerFactory(agency=tree.other_unit)
    assert client.get(reverse("officer_page", args=[stranger.pk])).status_code == 404
    assert client.get(reverse("unit_people", args=[tree.other_unit.pk])).status_code == 404
    assert client.get(reverse("account_page", args=[admin.pk])).status_code == 403
    # Nor can a person be moved to another province.
    response = client.post(page, {"to_agency": tree.other_unit.pk})
    assert response.status_code == 200 and "to_agency" in response.context["move_form"].errors
    assert Officer.objects.get(pk=officer.pk).agency_id == tree.unit2.pk


def test_an_administrator_keeps_neither_a_superuser_nor_a_peer_nor_anyone_at_an_ended_unit(client, tree, admin,
                                                                                          make_user):
    superuser = make_user(tree.unit1, User.Role.ADMINISTRATOR, username="sieu", is_superuser=True)
    peer = make_user(tree.province, User.Role.ADMINISTRATOR, username="ngang.hang")
    below = make_user(tree.unit1, User.Role.ADMINISTRATOR, username="quantri.l1")
    client.force_login(admin)
    for account in (superuser, peer):
        url = reverse("account_page", args=[account.pk])
        assert client.get(url).status_code == 403
        response = client.post(url, {"full_name": "X", "role": "clerk"})
        assert response.status_code == 403
        account.refresh_from_db()
        assert account.is_active and account.role == User.Role.ADMINISTRATOR
    assert client.post(reverse("account_page", args=[below.pk]), {"full_name": "Q", "role": "clerk",
                                                                  "is_active": "on"}).status_code == 302
    # A unit that has ended keeps its people as they were: nobody is reactivated or moved there.
    officer = factories.OfficerFactory(agency=tree.unit2, is_active=False)
    clerk = make_user(tree.unit2, User.Role.CLERK, is_active=False)
    tree.unit2.valid_to = D(2025, 6, 30)
    tree.unit2.save()
    assert client.post(reverse("officer_page", args=[officer.pk]), {"full_name": "X", "rank": "senior",
                                                                   "is_active": "on"}).status_code == 403
    with pytest.raises(ValidationError):
        people.account_change(account=clerk, full_name="X", role=User.Role.CLERK, is_active=True)
    with pytest.raises(ValidationError):  # an officer's account comes from the officer's record
        people.account_change(account=below, full_name="Q", role=User.Role.OFFICER, is_active=True)


def test_the_admin_puts_people_only_at_operating_units(client, tree, make_user):
    ended = factories.agency("P1-OLD", parent=tree.province, valid_to=D(2025, 6, 30))
    superuser = make_user(tree.central, User.Role.ADMINISTRATOR, is_superuser=True)
    client.force_login(superuser)
    for url in (reverse("admin:cases_officer_add"), reverse("admin:cases_user_add")):
        offered = set(client.get(url).context["adminform"].form.fields["agency"].queryset)
        assert tree.unit1 in offered and ended not in offered
    officer_choices = client.get(reverse("admin:cases_officer_add")).context["adminform"].form.fields["agency"]
    assert tree.central not in set(officer_choices.queryset)
