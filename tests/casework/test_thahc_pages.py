"""The pages of followed administrative judgments, as clerks, officers and leaders use them, and
the import from a spreadsheet (all or nothing)."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from cases import thahc
from cases.models import FollowedJudgment, FollowStep, User
from casework import thahc_import
from casework.imports import table_csv
from tests import factories

R = User.Role


@pytest.fixture
def clerk(tree, make_user):
    return make_user(tree.unit1, R.CLERK)


def _form(**overrides):
    data = {"agency": "", "received_on": "12/02/2026", "register_number": "07/2026", "court": "Tòa án nhân dân tỉnh P1",
            "judgment_number": "15/2025/HC-ST", "judgment_date": "20/01/2026", "judgment_type": "first_instance",
            "claim_result": "accepted", "has_follow_up": "on", "body": "Ủy ban nhân dân xã Một",
            "beneficiary": "Nguyễn Văn Kiện", "content": "Hủy quyết định thu hồi đất"}
    data.update(overrides)
    return data


def test_register_then_record_steps_through_the_pages(client, tree, clerk, vietnamese):
    client.force_login(clerk)
    response = client.post(reverse("judgment_create"), _form(agency=tree.unit1.pk, judgment_date="20/03/2026"))
    assert "Ngày bản án không được sau ngày nhận." in response.content.decode()
    assert FollowedJudgment.objects.count() == 0
    # Every problem in one pass: a missing court and a date out of order together.
    response = client.post(reverse("judgment_create"), _form(agency=tree.unit1.pk, judgment_date="20/03/2026",
                                                             court=""))
    assert set(response.context["form"].errors) == {"court", "judgment_date"}
    response = client.post(reverse("judgment_create"), _form(agency=tree.unit1.pk))
    judgment = FollowedJudgment.objects.get()
    assert response.url == reverse("judgment_detail", args=[judgment.pk])
    page = client.get(response.url).content.decode()
    assert "26/02/2026" in page  # the notice's deadline, across Tết
    step = reverse("step_create", args=[judgment.pk])
    response = client.post(step, {"kind": "compel", "effective_date": "13/02/2026", "version": judgment.version})
    assert "Phải gửi văn bản thông báo tự nguyện thi hành án trước." in response.content.decode()
    client.post(step, {"kind": "notice", "effective_date": "13/02/2026", "version": judgment.version})
    assert judgment.steps.count() == 2
    # A second tab still at the old version: refused, the input kept, what changed shown.
    response = client.post(step, {"kind": "meeting", "effective_date": "16/03/2026", "note": "Biên bản số 3",
                                  "version": judgment.version})
    text = response.content.decode()
    assert "Người khác đã thay đổi bản án này" in text and "Biên bản số 3" in text
    assert judgment.steps.count() == 2


def test_officer_enters_only_their_own(client, tree, make_user):
    user = make_user(tree.unit1, R.OFFICER)
    officer = factories.OfficerFactory(agency=tree.unit1, user=user)
    theirs = factories.followed_judgment(tree.unit1, officer=officer, received_on=date(2026, 10, 5))
    other = factories.followed_judgment(tree.unit1, received_on=date(2026, 10, 5))
    client.force_login(user)
    assert client.get(reverse("step_create", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("step_create", args=[other.pk])).status_code == 403
    assert client.get(reverse("judgment_edit", args=[theirs.pk])).status_code == 403
    page = client.get(reverse("judgment_list")).content.decode()
    assert f"officer={officer.pk}" in page  # their own counts and lists


def _file(rows):
    return table_csv(thahc_import.COLUMNS, rows)


def _row(**values):
    row = dict(zip([c.key for c in thahc_import.COLUMNS], thahc_import.EXAMPLE_ROW, strict=True))
    row.update(agency="P1-L1", court="Tòa án nhân dân tỉnh P1")
    row.update(values)
    return [row[c.key] for c in thahc_import.COLUMNS]


def test_import_is_all_or_nothing(tree, clerk, vietnamese):
    good = _row(judgment_number="01/2025/HC-ST", received_on="10/01/2025", judgment_date="20/12/2024",
                notice_on="13/01/2025", compel_number="02/2025/QĐ-BTHA", compel_on="20/03/2025",
                completed_on="10/06/2025")
    wrong_order = _row(judgment_number="02/2025/HC-ST", received_on="10/01/2025", judgment_date="20/12/2024",
                       notice_on="", compel_number="03/2025/QĐ-BTHA", compel_on="20/03/2025")
    outside = _row(judgment_number="03/2025/HC-ST", agency="P2-L1", received_on="10/01/2025",
                   judgment_date="20/12/2024")
    counted_with_step = _row(judgment_number="04/2025/HC-ST", received_on="10/01/2025", judgment_date="20/12/2024",
                             has_follow_up="Không", claim_result="Bác yêu cầu khởi kiện", notice_on="13/01/2025")
    result = thahc_import.import_judgments(_file([good, wrong_order, outside, counted_with_step]), "a.csv",
                                           user=clerk, today=date(2026, 11, 22))
    problems = {(row, column) for row, column, _reason in result.errors}
    assert problems == {(3, "Ngày quyết định buộc THAHC"), (4, "Mã cơ quan theo dõi"),
                        (5, "Ngày thông báo tự nguyện thi hành án")}, result.errors
    assert result.created == 0 and FollowedJudgment.objects.count() == 0 and FollowStep.objects.count() == 0
    result = thahc_import.import_judgments(_file([good, good]), "a.csv", user=clerk, today=date(2026, 11, 22))
    assert [(row, reason) for row, _column, reason in result.errors] == [(3, "Bản án này đã có ở dòng 2.")]
    result = thahc_import.import_judgments(_file([good]), "a.csv", user=clerk, today=date(2026, 11, 22))
    assert (result.created, result.skipped, result.errors) == (1, 0, [])
    judgment = FollowedJudgment.objects.get()
    assert (judgment.status, judgment.compelled_on, judgment.closed_on) == ("completed", date(2025, 3, 20),
                                                                             date(2025, 6, 10))
    # The same file again: nothing new.
    result = thahc_import.import_judgments(_file([good]), "a.csv", user=clerk, today=date(2026, 11, 22))
    assert (result.created, result.skipped) == (0, 1) and FollowedJudgment.objects.count() == 1


def test_templates_load_as_they_are(client, tree, clerk):
    client.force_login(clerk)
    for kind in ("xlsx", "csv"):
        response = client.get(reverse("judgment_template", args=[kind]))
        assert response.status_code == 200
        # The example row names the demo province, unknown here: the only problem is its agency.
        result = thahc_import.import_judgments(response.content, f"mau.{kind}", user=clerk, today=date(2026, 11, 22))
        assert [column for _row, column, _reason in result.errors] == ["Mã cơ quan theo dõi"]


def test_dashboard_counts_open_the_same_judgments(client, tree, make_user, vietnamese):
    from django.core.cache import cache

    from thads.today import local_today

    today = local_today()
    factories.followed_judgment(tree.unit1, received_on=today - timedelta(days=40), today=today)  # notice overdue
    soon = next(today - timedelta(days=back) for back in range(15)
                if today <= thahc.add_working_days(today - timedelta(days=back), 5) <= thahc.due_soon_until(today))
    factories.followed_judgment(tree.unit2, received_on=soon, today=today)  # notice due within 03 working days
    factories.followed_judgment(tree.other_unit, received_on=today - timedelta(days=40), today=today)
    cache.clear()
    client.force_login(make_user(tree.province, R.LEADERSHIP))
    page = client.get(reverse("home")).content.decode()
    assert "Theo dõi thi hành án hành chính (THAHC)" in page
    for key in ("overdue", "soon"):
        line = re.search(rf'href="([^"]+)" data-focus="thahc_{key}">.*?<span class="count[^"]*">(\d+)</span>', page)
        listed = client.get(line.group(1).replace("&amp;", "&")).content.decode()
        assert int(line.group(2)) == 1
        assert re.search(r'id="judgment-count">1 bản án<', listed)


# Each page's queries, whatever the number of judgments and committee cases: session and user (the
# rest of the frame is cached after the first visit); then the page's own. The list: its deadline
# counts, its count and its page; a judgment: itself, its steps, its history (steps' ids and the
# changes), its place on the committee's list; the committee's list: its cases with their conclusions and
# meetings, its meetings, the overdue count; a case before it: itself, its row, its conclusions, history.
# The pages with a change history name its links: a query a linked model (agency, officer, user...).
# One query less since issue 27: the user is read with their agency (cases.backend).
BUDGETS = {"judgment_list": 7, "judgment_detail": 9, "committee_list": 7, "committee_item": 10}


@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_query_counts_do_not_grow(client, tree, make_user, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casework import committee

    client.force_login(make_user(tree.province, R.LEADERSHIP))
    counts = []
    for batch in (2, 20):
        for _ in range(batch):
            judgment = factories.followed_judgment(tree.unit1, received_on=date(2025, 3, 3),
                                                   steps=[("notice", date(2025, 3, 4))])
            item = committee.item_bring(judgment=judgment, category="thahc", obstacle="a", help_needed="b",
                                        proposal="c", today=date(2026, 11, 22))
        url = reverse(page, args=[judgment.pk if page == "judgment_detail" else item.pk]) if page in (
            "judgment_detail", "committee_item") else reverse(page)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts == [BUDGETS[page]] * 2


def test_a_mistyped_year_of_the_civil_case_is_told_once(client, tree, clerk, vietnamese):
    client.force_login(clerk)
    response = client.post(reverse("judgment_create"), _form(agency=tree.unit1.pk, civil_case_number="1/QĐ",
                                                             civil_case_year="99999"))
    assert response.context["form"].errors["civil_case_year"] == ["Ghi năm bằng bốn chữ số, ví dụ 2025."]
