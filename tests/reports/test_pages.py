import csv
import io
from datetime import date as D

import pytest
from django.urls import reverse

from cases.models import Condition, EventKind, User
from casework import services
from reports.calendar import Period
from reports.engine import compute
from reports.models import PeriodClosing, Target
from tests import factories

TODAY = D(2026, 11, 22)
FIGURES_PAGE_QUERIES = 15  # with the closing's versions (issue 23); the user with their agency (issue 27)


@pytest.fixture
def data(tree):
    for unit, name in ((tree.unit1, "Một"), (tree.unit2, "Hai"), (tree.other_unit, "Khác")):
        case = factories.case(unit, decision_date=D(2024, 1, 10), amount=8_000_000, debtor_name=name)
        services.event_record(case=case, kind=EventKind.CLASSIFY, effective_date=D(2024, 1, 20),
                              condition=Condition.ABLE, today=TODAY)
    return tree


def figures(client, **query):
    return client.get(reverse("figures"), query)


def test_figures_page_shows_the_official_table(client, data, make_user):
    client.force_login(make_user(data.province, User.Role.OFFICIAL))
    page = figures(client, year=2024, months=6).content.decode()
    assert "Tổng số phải thi hành" in page and "6 tháng năm 2024 (01/10/2023 – 31/3/2024)" in page
    assert "Cơ quan P1-L1" in page and "Cơ quan P1-L2" in page and "16.000.000" in page


def test_the_change_on_the_same_period_is_signed_and_in_points(client, data, make_user):
    """A true minus or a plus, and "điểm %" on a rate's change; never a hyphen."""
    client.force_login(make_user(data.province, User.Role.OFFICIAL))
    page = figures(client, year=2025, months=6).content.decode()
    assert "−16.000.000" in page  # last year's cases, gone this year
    changes = [cell for cell in page.split('<tr class="key-rate">')[1].split("</tr>")[0].split("<td") if "điểm %" in cell]
    assert changes and all("-" not in cell.split(">", 1)[1] for cell in changes)


def test_figures_of_another_agency_are_refused(client, data, make_user):
    client.force_login(make_user(data.unit1, User.Role.OFFICIAL))
    response = figures(client, year=2024, months=6, agency=data.other_unit.pk)
    page = response.content.decode()
    assert response.status_code == 200 and "Cơ quan P2-L1" not in page
    assert "Lựa chọn" in page or "hợp lệ" in page  # the agency choice is refused next to the field


def test_leadership_closes_a_period_from_the_page(client, data, make_user):
    client.force_login(make_user(data.province, User.Role.LEADERSHIP))
    assert "Chốt số liệu 6 tháng năm 2024" in figures(client, year=2024, months=6, agency=data.province.pk).content.decode()
    # The button shows the figures that closing would freeze, and asks again (issue 23); nothing is closed yet.
    response = client.post(reverse("close_period"), {"year": 2024, "months": 6})
    page = response.content.decode()
    assert response.status_code == 200 and not PeriodClosing.objects.exists()
    assert "Xác nhận chốt số liệu 6 tháng năm 2024" in page and 'name="confirm" value="yes"' in page
    live = compute(data.province, Period(2024, 6), live=True)
    shown = {row["key"]: row for row in response.context["rows"]}
    assert shown["to_enforce"]["cases"] == live["cases"]["to_enforce"] and shown["rate"]["money"] == live["money"]["rate"]
    response = client.post(reverse("close_period"), {"year": 2024, "months": 6, "confirm": "yes"}, follow=True)
    assert "Đã chốt số liệu kỳ 6 tháng năm 2024" in response.content.decode()
    assert PeriodClosing.objects.get(agency=data.province).months == 6
    # Asked again once closed: refused with its message, nothing shown to confirm.
    response = client.post(reverse("close_period"), {"year": 2024, "months": 6}, follow=True)
    assert "đã được chốt" in response.content.decode() and PeriodClosing.objects.filter(part_of=None).count() == 1
    assert "Số liệu đã chốt" in figures(client, year=2024, months=6, agency=data.province.pk).content.decode()


@pytest.mark.parametrize("year", ["-1", "0", "99999", "1999"])
def test_a_period_out_of_any_calendar_is_refused_with_a_message(client, data, make_user, year):
    """Found by the fuzzing: a year -1 passed the view's check and failed when its dates were made."""
    client.force_login(make_user(data.province, User.Role.LEADERSHIP))
    response = client.post(reverse("close_period"), {"year": year, "months": 12}, follow=True)
    assert response.status_code == 200 and "Hãy chọn kỳ báo cáo." in response.content.decode()
    assert not PeriodClosing.objects.exists()


def test_a_year_after_the_current_one_is_refused_with_its_message(client, data, make_user):
    """A statistical year after today's has no figures: refused next to the year, and the input's
    `max` says so (the limit set after the field was built had changed neither)."""
    from reports.calendar import statistical_year
    from reports.forms import ExportForm, PeriodForm
    from thads.today import local_today

    user = make_user(data.province, User.Role.LEADERSHIP)
    current = statistical_year(local_today())
    for form_class in (PeriodForm, ExportForm):
        form = form_class({"year": current + 1, "months": 12, "agency": data.province.pk, "by": "agency"},
                          user=user, today=local_today())
        assert not form.is_valid()
        assert form.errors["year"] == [f"Năm thống kê muộn nhất có số liệu là {current}."]
        assert f'max="{current}"' in str(form["year"])
        form = form_class({"year": current, "months": 12, "agency": data.province.pk, "by": "agency"},
                          user=user, today=local_today())
        assert "year" not in form.errors
    client.force_login(user)
    page = client.get(reverse("home"), {"year": current + 1, "months": 12}).content.decode()
    assert f"Năm thống kê muộn nhất có số liệu là {current}." in page


def test_others_cannot_close(client, data, make_user):
    client.force_login(make_user(data.province, User.Role.CLERK))
    page = figures(client, year=2024, months=6).content.decode()
    assert "Chốt số liệu 6" not in page
    response = client.post(reverse("close_period"), {"year": 2024, "months": 6})
    assert response.status_code == 403 and "Không được phép" in response.content.decode()
    assert not PeriodClosing.objects.exists()


def test_targets_page(client, data, make_user):
    from reports.targets import import_targets_csv

    leader = make_user(data.province, User.Role.LEADERSHIP)
    client.force_login(leader)
    response = client.post(reverse("targets"), {"agency": data.unit1.pk, "year": 2025, "cases_rate": "83,9",
                                                "money_rate": "51,9"}, follow=True)
    assert "Đã lưu chỉ tiêu" in response.content.decode()
    assert str(Target.objects.get(agency=data.unit1, year=2025).cases_rate) == "83.90"
    bad = client.post(reverse("targets"), {"agency": data.unit1.pk, "year": 2025, "cases_rate": "abc",
                                           "money_rate": "51,9"})
    assert "“abc” không phải là tỷ lệ phần trăm" in bad.content.decode()
    assert client.post(reverse("targets"), {"agency": data.other_unit.pk, "year": 2025, "cases_rate": "1",
                                            "money_rate": "1"}).status_code == 200
    assert not Target.objects.filter(agency=data.other_unit).exists()
    template = client.get(reverse("targets_template")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(template), delimiter=";"))
    assert rows[0] == ["Mã cơ quan", "Năm", "Chỉ tiêu về việc (%)", "Chỉ tiêu về tiền (%)"]
    assert "P1-L1" in [row[0] for row in rows] and "P2" not in template
    # The template, filled in, imports as it is (its cells between quotes).
    assert import_targets_csv(template.replace('"";""', '"80";"50"').encode(), user=leader)[1] == []


def test_target_upload_reports_every_bad_row(client, data, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_user(data.province, User.Role.LEADERSHIP))
    content = "Mã cơ quan;Năm;Chỉ tiêu về việc (%);Chỉ tiêu về tiền (%)\nP1;2025;83,9;51,9\nP2;2025;80;40\n"
    response = client.post(reverse("targets"), {"file": SimpleUploadedFile("t.csv", content.encode())})
    page = response.content.decode()
    assert "Chưa nhập dữ liệu nào" in page and "Bạn không thể đặt chỉ tiêu cho Cơ quan P2" in page
    assert not Target.objects.exists()


def test_figures_page_query_count_is_fixed(client, data, make_user, django_assert_num_queries):
    from django.core.cache import cache

    client.force_login(make_user(data.province, User.Role.OFFICIAL))
    figures(client, year=2024, months=12)  # the writes filled its years
    for extra in range(3):
        factories.case(data.unit2, decision_date=D(2024, 2, 1 + extra))
        cache.clear()
        # session, user with its agency, its scope (3, then remembered for the engine), the sample flag, the form's agencies,
        # the engine, the page's agency
        with django_assert_num_queries(FIGURES_PAGE_QUERIES):
            assert figures(client, year=2024, months=12).status_code == 200


def test_links_and_forms_carry_plain_numbers(client, tree, make_user):
    # Vietnamese number formatting groups thousands (3.469; 2.026): ids and years in links and
    # hidden fields must not be formatted, or the next page reads another agency or no year.
    unit = factories.agency("P1-L9", parent=tree.province)
    from cases.models import Agency

    Agency.objects.filter(pk=unit.pk).update(id=12345)
    client.force_login(make_user(tree.province, User.Role.LEADERSHIP))
    page = client.get(reverse("home"), {"agency": 12345, "year": 2026, "months": 9}).content.decode()
    assert f'?agency={tree.province.pk}&amp;year=2026&amp;months=9' in page  # up the tree
    assert "?agency=12345&amp;year=2026&amp;months=9" in page  # the official table and the export
    assert "2.026" not in page
    page = figures(client, agency=tree.province.pk, year=2026, months=9).content.decode()
    assert '<input type="hidden" name="year" value="2026">' in page  # the closing form


def test_a_link_leaving_out_the_period_marks_only_what_is_wrong(client, data, make_user):
    """Another province's agency in a link: one message, on the agency; the year and months it left
    out are the defaults, not fields to mark."""
    client.force_login(make_user(data.province, User.Role.OFFICIAL))
    for page in ("home", "figures"):
        response = client.get(reverse(page), {"agency": data.other_unit.pk})
        assert set(response.context["form"].errors) == {"agency"}
        response = client.get(reverse(page), {"months": 6})
        assert response.context["form"].errors == {}
