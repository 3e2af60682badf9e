"""Every read is scoped to the user's subtree; deny by default; login everywhere but the login page."""

from datetime import date as D

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from cases import permissions
from cases.models import Agency, Case, CaseEvent, Complaint, Officer, User
from casework import services
from tests import factories


@pytest.fixture
def cases(tree):
    return {
        "unit1": factories.case(tree.unit1, debtor_name="Đặng Văn Một"),
        "unit2": factories.case(tree.unit2, debtor_name="Lê Thị Hai"),
        "other": factories.case(tree.other_unit, debtor_name="Phạm Văn Ba"),
    }


def visible(user):
    return set(Case.objects.for_user(user).values_list("debtor_name", flat=True))


def test_deny_by_default(cases, make_user):
    assert visible(AnonymousUser()) == set()
    assert visible(make_user(None)) == set()
    inactive = make_user(cases["unit1"].agency, is_active=False)
    assert visible(inactive) == set()


@pytest.mark.parametrize("role", list(User.Role))
def test_every_role_sees_its_subtree_only(cases, tree, make_user, role):
    assert visible(make_user(tree.unit1, role)) == {"Đặng Văn Một"}
    assert visible(make_user(tree.province, role)) == {"Đặng Văn Một", "Lê Thị Hai"}
    assert visible(make_user(tree.central, role)) == {"Đặng Văn Một", "Lê Thị Hai", "Phạm Văn Ba"}


def test_other_querysets_are_scoped(cases, tree, make_user):
    user = make_user(tree.unit1)
    factories.OfficerFactory(agency=tree.unit1)
    factories.OfficerFactory(agency=tree.unit2)
    assert set(Agency.objects.for_user(user)) == {tree.unit1}
    assert Officer.objects.for_user(user).count() == 1
    assert set(User.objects.for_user(user)) == {user}
    assert set(CaseEvent.objects.for_user(user).values_list("case__debtor_name", flat=True)) == {"Đặng Văn Một"}
    services.complaint_receive(case=cases["unit2"], received_on=D(2024, 3, 1), today=D(2026, 11, 22))
    assert not Complaint.objects.for_user(user).exists()
    assert Complaint.objects.for_user(make_user(tree.province)).count() == 1


def test_entry_rights(cases, tree, make_user):
    case = cases["unit1"]
    officer = factories.OfficerFactory(agency=tree.unit1)
    Case.objects.filter(pk=case.pk).update(officer=officer)
    case.refresh_from_db()
    chv = make_user(tree.unit1, User.Role.OFFICER)
    officer.user = chv
    officer.save()
    other_chv = make_user(tree.unit1, User.Role.OFFICER)
    assert permissions.can_enter_events(chv, case) and not permissions.can_enter_events(other_chv, case)
    assert permissions.can_enter_events(make_user(tree.province, User.Role.CLERK), case)
    assert not permissions.can_enter_events(make_user(tree.unit2, User.Role.CLERK), case)
    assert not permissions.can_enter_events(make_user(tree.province, User.Role.OFFICIAL), case)
    assert not permissions.can_enter_events(make_user(tree.province, User.Role.LEADERSHIP), case)
    assert permissions.can_close_periods(make_user(tree.province, User.Role.LEADERSHIP))
    assert not permissions.can_export(make_user(None, User.Role.LEADERSHIP))


def test_login_required_everywhere_but_the_login_page(client, cases):
    for url in [reverse("home"), reverse("case_list"), reverse("case_detail", args=[cases["unit1"].pk]),
                reverse("admin:index")]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    assert client.get(reverse("login")).status_code == 200


def test_another_units_case_is_unreachable_by_any_url(client, cases, tree, make_user):
    user = make_user(tree.unit1, User.Role.CLERK, is_staff=True, is_superuser=True)
    client.force_login(user)
    other = cases["unit2"]
    assert client.get(reverse("case_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("case_detail", args=[cases["unit1"].pk])).status_code == 200
    listing = client.get(reverse("case_list")).content.decode()
    assert "Đặng Văn Một" in listing and "Lê Thị Hai" not in listing
    # Filtering by the other unit is not a way in: the choice is refused and nothing leaks.
    filtered = client.get(reverse("case_list"), {"agency": tree.unit2.pk}).content.decode()
    assert "Lê Thị Hai" not in filtered
    searched = client.get(reverse("case_list"), {"q": "Hai"}).content.decode()
    assert "Lê Thị Hai" not in searched
    # The admin is scoped too, even for a superuser.
    change = client.get(reverse("admin:cases_case_change", args=[other.pk]))
    assert change.status_code == 302
    assert "Lê Thị Hai" not in client.get(reverse("admin:cases_case_changelist")).content.decode()
    event = CaseEvent.objects.filter(case=other).first()
    assert client.get(reverse("admin:cases_caseevent_change", args=[event.pk])).status_code == 302
    assert client.get(reverse("admin:cases_agency_change", args=[tree.unit2.pk])).status_code == 302


def test_user_without_agency_sees_an_explanation(client, cases, make_user):
    client.force_login(make_user(None))
    page = client.get(reverse("home")).content.decode()
    assert "chưa gắn với cơ quan" in page
    assert client.get(reverse("case_detail", args=[cases["unit1"].pk])).status_code == 404
    assert "Đặng Văn Một" not in client.get(reverse("case_list")).content.decode()


def test_accent_insensitive_search(client, cases, tree, make_user):
    client.force_login(make_user(tree.province))
    page = client.get(reverse("case_list"), {"q": "dang van"}).content.decode()
    assert "Đặng Văn Một" in page and "Lê Thị Hai" not in page


def test_pages_render_in_vietnamese_with_vietnamese_numbers(client, tree, make_user):
    factories.case(tree.unit1, amount=75_683_482_000, decision_date=D(2024, 5, 2))
    client.force_login(make_user(tree.province))
    home = client.get(reverse("home")).content.decode()
    assert "Về việc" in home and "75,68\xa0tỷ đồng" in home and "Số liệu tính đến" in home
    listing = client.get(reverse("case_list")).content.decode()
    assert "02/05/2024" in listing and "1 việc" in listing and "75.683.482.000\xa0đ" in listing
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    home = client.get(reverse("home")).content.decode()
    assert "By cases" in home and "75.68\xa0billion đồng" in home


def test_vietnamese_whatever_the_browser_language(client, tree, make_user):
    factories.case(tree.unit1)  # a period with figures shows its cards (without any, it says so)
    client.force_login(make_user(tree.province))
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Về việc" in page


def test_list_filters_by_official_state(client, tree, make_user):
    from cases.models import Condition, EventKind
    from casework import services

    able = factories.case(tree.unit1, debtor_name="Có Điều Kiện")
    unable = factories.case(tree.unit1, debtor_name="Chưa Có Điều Kiện")
    factories.case(tree.unit1, debtor_name="Chưa Phân Loại")
    for case, condition in [(able, Condition.ABLE), (unable, Condition.UNABLE)]:
        services.event_record(case=case, kind=EventKind.CLASSIFY, effective_date=D(2024, 2, 1), condition=condition,
                              today=D(2026, 11, 22))
    client.force_login(make_user(tree.unit1))

    def names(**query):
        page = client.get(reverse("case_list"), query).content.decode()
        return {n for n in ["Có Điều Kiện", "Chưa Có Điều Kiện", "Chưa Phân Loại"] if f">{n}<" in page}

    assert names(state="active") == {"Có Điều Kiện"}
    assert names(state="unable") == {"Chưa Có Điều Kiện"}
    assert names(state="unclassified") == {"Chưa Phân Loại"}
    assert names(is_open="true") == {"Có Điều Kiện", "Chưa Có Điều Kiện", "Chưa Phân Loại"}
    assert names(is_open="false") == set()


def test_admin_filters_offer_only_visible_agencies(client, cases, tree, make_user):
    client.force_login(make_user(tree.unit1, User.Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert "Cơ quan P1-L1" in page and "Cơ quan P1-L2" not in page and "Cơ quan P2-L1" not in page


def test_admin_user_list_is_scoped(client, tree, make_user):
    make_user(tree.unit2, username="nguoi.khac")
    client.force_login(make_user(tree.unit1, User.Role.ADMINISTRATOR, is_staff=True, is_superuser=True,
                                 username="quantri.kv1"))
    page = client.get(reverse("admin:cases_user_changelist")).content.decode()
    assert "quantri.kv1" in page and "nguoi.khac" not in page
    assert "P1-L2" not in client.get(reverse("admin:cases_agencysuccession_changelist")).content.decode()


def test_the_administrator_role_manages_users_of_its_subtree_in_the_admin(client, tree, make_user):
    """Without being a superuser: the role opens the admin, and its lists and pickers are its subtree's."""
    admin = make_user(tree.province, User.Role.ADMINISTRATOR, username="quantri.p1")
    assert admin.is_staff and not admin.is_superuser
    make_user(tree.other_unit, username="nguoi.tinh.khac")
    client.force_login(admin)
    page = client.get(reverse("admin:cases_user_changelist")).content.decode()
    assert "quantri.p1" in page and "nguoi.tinh.khac" not in page
    form = {"username": "thuky.moi", "full_name": "Thư Ký Mới", "role": User.Role.CLERK,
            "password1": "Thads@2027x", "password2": "Thads@2027x"}
    for outside in (tree.other_unit.pk, ""):  # another province's agency, or none (outside every subtree)
        refused = client.post(reverse("admin:cases_user_add"), {**form, "agency": outside})
        assert refused.status_code == 200 and not User.objects.filter(username="thuky.moi").exists()
    assert client.post(reverse("admin:cases_user_add"), {**form, "agency": tree.unit1.pk}).status_code == 302
    created = User.objects.get(username="thuky.moi")
    assert (created.agency, created.role, created.is_staff, created.is_superuser) == (tree.unit1, "clerk", False, False)
    # Made an administrator, the new account gets the admin's door; made a clerk again, loses it.
    created.role = User.Role.ADMINISTRATOR
    created.save(update_fields=["role"])
    created.refresh_from_db()
    assert created.is_staff
    created.role = User.Role.CLERK
    created.save()
    created.refresh_from_db()
    assert not created.is_staff
    # Read-only there: cases are written through the services.
    assert client.get(reverse("admin:cases_case_add")).status_code == 403


def test_other_roles_have_no_admin(client, tree, make_user):
    client.force_login(make_user(tree.province, User.Role.LEADERSHIP, is_staff=True))
    assert client.get(reverse("admin:index")).status_code == 302  # to the login page: not staff


def test_units_count_their_whole_subtree(client, tree, make_user):
    for agency in (tree.unit1, tree.unit2, tree.province, tree.other_unit):
        factories.case(agency, decision_date=D(2025, 11, 3))
    client.force_login(make_user(tree.central))
    rows = client.get(reverse("home"), {"year": 2026, "months": 12}).context["ranking"]["rows"]
    assert {r["label"]: r["cases"]["total_accepted"] for r in rows} == {tree.province.name: 3,
                                                                       tree.other_province.name: 1}
    client.force_login(make_user(tree.province))
    rows = client.get(reverse("home"), {"year": 2026, "months": 12}).context["ranking"]["rows"]
    counts = {r["label"]: r["cases"]["total_accepted"] for r in rows if not r["own"]}
    assert counts == {tree.unit1.name: 1, tree.unit2.name: 1}


def test_the_language_switch_works_before_signing_in(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302 and response.url == reverse("login")
    page = client.get(reverse("login"))
    assert page.headers["Content-Language"] == "en" and 'lang="en"' in page.content.decode()
