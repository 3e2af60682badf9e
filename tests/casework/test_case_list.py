"""The case list: filters, keyset pages, CSV, focus lists and figure drill-down, always scoped."""

import csv
import io
from datetime import date as D

import pytest
from django.core.cache import cache
from django.urls import reverse

from cases import focus
from cases.models import Case, EventKind, User
from casework import services
from tests import factories
from thads.today import local_today


def _ids(response):
    return [c.pk for c in response.context["object_list"]]


@pytest.mark.parametrize("gathered", [True, False])
def test_keyset_pages_cover_every_case_once_in_both_directions(client, tree, make_user, monkeypatch, gathered):
    # A short list is paged from its matches' keys, a long one walks the order's index: the same pages.
    from thads import pagination

    if not gathered:
        monkeypatch.setattr(pagination, "GATHER_UP_TO", 0)
    for i in range(123):
        factories.case(tree.unit1, amount=(i % 7) * 1_000_000, decision_date=D(2024, 1, 1 + i % 28))
    client.force_login(make_user(tree.province))
    for sort in ("-decision_date", "amount", "-remaining"):
        seen, pages, params = [], [], {"sort": sort}
        while True:
            response = client.get(reverse("case_list"), params)
            pages.append(_ids(response))
            seen += pages[-1]
            page = response.context["page"]
            assert page.count == 123
            if not page.next_cursor:
                break
            params = {"sort": sort, "after": page.next_cursor}
        assert len(seen) == len(set(seen)) == 123, sort
        assert [len(p) for p in pages] == [50, 50, 23]
        order = {"-decision_date": ("-decision_date", "-pk"), "amount": ("amount", "pk"),
                 "-remaining": ("-remaining_amount", "-pk")}[sort]
        assert seen == list(Case.objects.order_by(*order).values_list("pk", flat=True)), sort
        # Back from the third page lands on the second.
        back = client.get(reverse("case_list"), {"sort": sort, "before": response.context["page"].previous_cursor})
        assert _ids(back) == pages[1]


def test_a_rare_states_list_pages_in_decision_order_through_its_spans(client, tree, make_user):
    # Suspended cases are read from their span index (reports.behind.reading): same order,
    # same pages as the register's own decision order, the others left out.
    suspended = set()
    for i in range(80):
        case = factories.case(tree.unit1, decision_date=D(2025, 10, 1 + i % 28))
        if i % 4:
            services.event_record(case=case, kind=EventKind.SUSPEND, effective_date=D(2025, 11, 2),
                                  today=D(2026, 11, 22))
            suspended.add(case.pk)
    client.force_login(make_user(tree.province))
    params = {"figure": "suspended", "year": 2026, "months": 12}
    first = client.get(reverse("case_list"), params)
    second = client.get(reverse("case_list"), {**params, "after": first.context["page"].next_cursor})
    listed = _ids(first) + _ids(second)
    assert first.context["page"].count == len(suspended) == 60
    assert set(listed) == suspended and len(listed) == 60
    expected = list(Case.objects.filter(pk__in=suspended).order_by("-decision_date", "-pk").values_list("pk", flat=True))
    assert listed == expected
    back = client.get(reverse("case_list"), {**params, "before": second.context["page"].previous_cursor})
    assert _ids(back) == _ids(first)


def test_filters_with_vietnamese_amounts_and_a_clear_error(client, tree, make_user):
    small = factories.case(tree.unit1, amount=100_000_000, debtor_name="Nhỏ")
    large = factories.case(tree.unit1, amount=900_000_000, debtor_name="Lớn")
    client.force_login(make_user(tree.province))
    assert _ids(client.get(reverse("case_list"), {"amount_min": "500.000.000"})) == [large.pk]
    assert _ids(client.get(reverse("case_list"), {"amount_max": "500 000 000"})) == [small.pk]
    before = list(Case.objects.order_by("pk").values())
    page = client.get(reverse("case_list"), {"amount_min": "năm trăm"})
    assert page.context["object_list"] == []
    html = page.content.decode()
    assert "Ghi số tiền là số đồng nguyên" in html and "năm trăm" in html  # the message, next to what was typed
    # A unit or a broken grouping is not read as some other amount.
    for typed in ("500.000.000 đ", "1000đ", "100.5", "５００"):
        assert client.get(reverse("case_list"), {"amount_max": typed}).context["object_list"] == []
    assert list(Case.objects.order_by("pk").values()) == before


def test_csv_is_the_filtered_scoped_list(client, tree, make_user):
    factories.case(tree.unit1, amount=75_683_482_000, debtor_name="Đặng Văn Một", is_credit_institution=True)
    factories.case(tree.unit2, debtor_name="Lê Thị Hai")
    factories.case(tree.other_unit, debtor_name="Người Tỉnh Khác", is_credit_institution=True)
    client.force_login(make_user(tree.province))
    response = client.get(reverse("case_export"), {"is_credit_institution": "true"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Type"].startswith("text/csv") and body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Số quyết định" and len(rows) == 2
    assert rows[1][5] == "Đặng Văn Một" and rows[1][11] == "75683482000"
    assert "Người Tỉnh Khác" not in body
    assert client.get(reverse("case_export"), {"amount_min": "abc"}).status_code == 400


def test_every_list_url_stays_inside_the_users_subtree(client, tree, make_user):
    mine = factories.case(tree.unit1, debtor_name="Trong Phạm Vi", decision_date=D(2025, 11, 3))
    theirs = factories.case(tree.other_unit, debtor_name="Ngoài Phạm Vi", decision_date=D(2025, 11, 3),
                            is_credit_institution=True, amount=900_000_000)
    services.complaint_receive(case=theirs, received_on=D(2026, 1, 5), today=D(2026, 11, 22))
    client.force_login(make_user(tree.unit1))
    outside = tree.other_unit.pk
    period = {"year": 2026, "months": 12}
    urls = [
        (reverse("home"), {}), (reverse("home"), {"agency": outside, **period}),
        (reverse("case_list"), {}), (reverse("case_list"), {"agency": outside}),
        (reverse("case_list"), {"figure": "total_accepted", "agency": outside, **period}),
        (reverse("case_list"), {"figure": "total_accepted", **period}),
        *[(reverse("case_list"), {"focus": f.key}) for f in focus.FOCUS_LISTS],
        (reverse("case_export"), {}), (reverse("case_export"), {"figure": "total_accepted", **period}),
        (reverse("figures"), {"agency": outside, **period}),
    ]
    for url, params in urls:
        response = client.get(url, params)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert "Ngoài Phạm Vi" not in body.decode(), (url, params)
        assert tree.other_unit.name not in body.decode(), (url, params)
    assert client.get(reverse("case_detail", args=[theirs.pk])).status_code == 404
    listed = client.get(reverse("case_list"), {"figure": "total_accepted", **period})
    assert _ids(listed) == [mine.pk]
    # The dashboard's focus counts and ranking ignore the other province entirely (read afresh:
    # a cached dashboard holds its rendered page, not the counts behind it).
    cache.clear()
    focus_counts = {f["key"]: f["count"] for f in client.get(reverse("home")).context["focus"]}
    assert focus_counts["complaints"] == 0 and focus_counts["credit_large"] == 0


def test_focus_counts_equal_the_lists_behind_them(client, tree, make_user):
    today = local_today()
    old = factories.case(tree.unit1, decision_date=D(2023, 3, 1), amount=2_000_000_000, is_credit_institution=True)
    services.event_record(case=old, kind=EventKind.CLASSIFY, effective_date=D(2023, 4, 1), condition="able",
                          today=today)
    unable = factories.case(tree.unit2, decision_date=D(2024, 3, 1))
    services.event_record(case=unable, kind=EventKind.VERIFY, effective_date=D(2024, 4, 1), today=today)
    services.event_record(case=unable, kind=EventKind.CLASSIFY, effective_date=D(2024, 4, 2), condition="unable",
                          today=today)
    factories.case(tree.unit2, decision_date=today, today=today)  # nothing overdue yet
    client.force_login(make_user(tree.province))
    counts = {f["key"]: f["count"] for f in client.get(reverse("home")).context["focus"]}
    assert counts["backlog"] == 1 and counts["credit_large"] == 1 and counts["large"] == 1
    assert counts["reverification_overdue"] == 1 and counts["verification_overdue"] == 1
    assert counts["idle"] == 2
    for key, n in counts.items():
        assert client.get(reverse("case_list"), {"focus": key}).context["page"].count == n, key


def test_case_page_shows_clocks_payments_and_overdue(client, tree, make_user):
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10))
    services.event_record(case=case, kind=EventKind.PAYMENT, effective_date=D(2024, 3, 1), amount=12_345_000,
                          document_number="BL-0001", today=local_today())
    client.force_login(make_user(tree.unit1))
    response = client.get(reverse("case_detail", args=[case.pk]))
    clocks = response.context["clocks"]
    assert [c.label for c, _overdue in clocks] == ["Xác minh lần đầu"]
    assert clocks[0][1] is True  # never verified, long overdue
    html = response.content.decode()
    assert "Quá hạn" in html and "BL-0001" in html and "12.345.000\xa0đ" in html


def test_a_national_user_picks_an_agency_before_its_officers(client, tree, make_user):
    officer = factories.OfficerFactory(agency=tree.unit1, full_name="Lê Văn Chấp")
    other = factories.OfficerFactory(agency=tree.other_unit, full_name="Phạm Thị Hành")
    case = factories.case(tree.unit1, officer=officer)
    factories.case(tree.unit1)
    client.force_login(make_user(tree.central))

    # Thousands of officers nationally: none listed until an agency is chosen.
    response = client.get(reverse("case_list"))
    assert list(response.context["filter"].form.fields["officer"].queryset) == []
    assert f'>{officer}</option>' not in response.content.decode()
    hint = response.context["filter"].form.fields["officer"].empty_label
    assert hint != "---------" and f">{hint}</option>" in response.content.decode()
    # With an agency, its officers (and only them).
    response = client.get(reverse("case_list"), {"agency": tree.province.pk})
    assert list(response.context["filter"].form.fields["officer"].queryset) == [officer]
    assert f'>{officer}</option>' in response.content.decode()
    # A link naming an officer without an agency still lists that officer's cases.
    response = client.get(reverse("case_list"), {"officer": officer.pk})
    assert response.context["valid"] and _ids(response) == [case.pk]
    assert other.pk not in [o.pk for o in response.context["filter"].form.fields["officer"].queryset]


def test_a_search_asks_for_every_word_typed_as_a_whole_word(client, tree, make_user, monkeypatch):
    """Words of the decision number and the parties, with or without accents, in any case, whole,
    in their order (cases.search); a fragment of a word is not a word; other agencies' cases stay out.
    The same whether the search reads the index of words or the agencies' cases."""
    from django.db import connection

    from cases import filters, search

    mai = factories.case(tree.unit1, debtor_name="Trần Thị Mai", creditor_name="Ngân hàng TMCP Công Thương")
    manh = factories.case(tree.unit2, debtor_name="Trần Văn Mạnh")
    other = factories.case(tree.other_unit, debtor_name="Trần Thị Mai")  # outside the province
    number = mai.decision_number.split("/")[0]
    client.force_login(make_user(tree.province))
    searches = {"Trần Thị Mai": [mai.pk], "TRAN thi   mai": [mai.pk], "mai tran": [], "thi mai": [mai.pk],
                "cong thuong": [mai.pk], f"{number}/QĐ": [mai.pk], f"{number}/QĐ-CCTHADS": [mai.pk], "Trần": [manh.pk, mai.pk],
                "Mạnh": [manh.pk], "Tran Thi Man": [], "Trầ": [], "Thương Mạnh": []}
    # Every scope through the index of words; every phrase common, read from the cases in scope;
    # every scope small enough to read its cases.
    for limit, common_share in ((0, 2.0), (0, 0.0), (1000, 2.0)):
        monkeypatch.setattr(filters, "SEARCH_BY_AGENCY_UP_TO", limit)
        monkeypatch.setattr(search, "COMMON_SHARE", common_share)
        for text, expected in searches.items():
            found = _ids(client.get(reverse("case_list"), {"q": text}))
            assert sorted(found) == sorted(expected), (limit, common_share, text)
            assert other.pk not in found
        # Only punctuation: no word, no filter.
        assert len(_ids(client.get(reverse("case_list"), {"q": " / - "}))) == 2
    if connection.vendor == "postgresql":  # the words' index, which a national search reads
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'case_search_words'")
            assert "gin (string_to_array(search_text, ' '::text))" in cursor.fetchone()[0]


def test_a_searchs_pages_come_from_one_reading_of_its_matches(client, tree, make_user, monkeypatch):
    """A search's count and page come from one read of its matches' keys (keyset_page(gather=True)),
    past the cap the usual way: both cover every match once, in order, in both directions."""
    from casework import views
    from thads import pagination

    for i in range(123):
        factories.case(tree.unit1 if i % 2 else tree.unit2, debtor_name=f"Hoàng Văn {i}", amount=(i % 5) * 1_000_000,
                       decision_date=D(2024, 1, 1 + i % 28))
    factories.case(tree.unit1, debtor_name="Lý Thị Khác")
    client.force_login(make_user(tree.province))
    expected = set(Case.objects.filter(debtor_name__startswith="Hoàng").values_list("pk", flat=True))
    assert pagination.SEARCH_COUNT_CAP < pagination.COUNT_CAP  # a search counts less far
    for cap in (pagination.SEARCH_COUNT_CAP, 100):  # gathered, then over the cap
        monkeypatch.setattr(views, "SEARCH_COUNT_CAP", cap)
        for sort in ("-decision_date", "amount"):
            seen, pages, params = [], [], {"q": "hoang", "sort": sort}
            while True:
                response = client.get(reverse("case_list"), params)
                pages.append(_ids(response))
                seen += pages[-1]
                page = response.context["page"]
                assert (page.count, page.count_capped) == ((123, False) if cap > 123 else (100, True))
                hint = "thu hẹp tìm kiếm" in response.content.decode() or b"narrow the search" in response.content
                assert hint == page.count_capped  # past the cap, the searcher is asked for more words
                if not page.next_cursor:
                    break
                params = {"q": "hoang", "sort": sort, "after": page.next_cursor}
            assert len(seen) == len(set(seen)) == 123 and set(seen) == expected, (cap, sort)
            assert [len(p) for p in pages] == [50, 50, 23]
            ordered = list(Case.objects.filter(pk__in=seen).order_by(*views_sort(sort)).values_list("pk", flat=True))
            assert seen == ordered, (cap, sort)
            back = client.get(reverse("case_list"), {"q": "hoang", "sort": sort, "before": page.previous_cursor})
            assert _ids(back) == pages[1]


def views_sort(key):
    from casework.views import CASE_SORTS

    return CASE_SORTS[key].order()


def test_a_row_shows_the_case_as_written_in_vietnamese_and_escapes_what_was_typed(client, tree, make_user):
    """The rows are written in one pass (templatetags/case_rows): each cell as the register reads
    it, and a name typed with markup shown as text."""
    from cases.models import Officer

    officer = Officer.objects.create(agency=tree.unit1, code="CHV-ROW", full_name="Lê Văn Chấp")
    case = factories.case(tree.unit1, decision_date=D(2025, 3, 7), accepted_on=D(2025, 3, 9), amount=1_234_567_000,
                          debtor_name="<b>Đỗ</b> & Co", officer=officer)
    services.event_record(case=case, kind=EventKind.VERIFY, effective_date=D(2025, 3, 20), today=D(2026, 11, 22))
    services.event_record(case=case, kind=EventKind.CLASSIFY, condition="unable", effective_date=D(2025, 3, 21),
                          today=D(2026, 11, 22))
    client.force_login(make_user(tree.province))
    page = client.get(reverse("case_list")).content.decode()
    row = page[page.index(f'<a href="{reverse("case_detail", args=[case.pk])}">'):]
    row = row[: row.index("</tr>")]
    assert f">{case.decision_number}</a><br><span class=\"muted\">07/03/2025</span>" in row
    assert "<td>09/03/2025</td>" in row
    assert "<td>&lt;b&gt;Đỗ&lt;/b&gt; &amp; Co</td>" in row and "<b>" not in row
    assert f"<td>{tree.unit1.short_name}</td>" in row and "<td>Lê Văn Chấp</td>" in row
    assert '<span class="badge status-unable">Chưa có điều kiện thi hành</span>' in row
    assert row.count('<td class="num">1.234.567.000\u00a0đ</td>') == 2  # amount, and all of it remaining

    empty = client.get(reverse("case_list"), {"q": "không có ai tên này"}).content.decode()
    assert "Không có việc nào phù hợp với bộ lọc." in empty


def test_a_search_read_from_part_of_the_countrys_cases_is_planned_without_a_table_scan(client, tree, make_user,
                                                                                         monkeypatch):
    """A search read from the cases in scope (thads.pagination.reading_the_scope) reads a province's
    or a unit's by the agency index; across the country a scan of the table finds them as well."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases import search

    factories.case(tree.unit1, debtor_name="Trần Thị Mai")
    monkeypatch.setattr(search, "COMMON_SHARE", 0.0)  # every phrase common: read from the cases in scope
    for agency, planned in ((tree.province, True), (tree.unit1, True), (tree.central, False)):
        client.force_login(make_user(agency))
        with CaptureQueriesContext(connection) as captured:
            assert len(_ids(client.get(reverse("case_list"), {"q": "Trần Thị Mai"}))) == 1
        switched = any("enable_seqscan" in query["sql"] for query in captured.captured_queries)
        assert switched == (planned and connection.vendor == "postgresql"), agency


@pytest.mark.parametrize("year", ["99999", "-1", "0.5", "1e3", "2024.7", "0", "1999"])
def test_a_drill_down_of_no_real_year_is_refused_by_the_filter(client, tree, make_user, year):
    client.force_login(make_user(tree.province))
    for name in ("case_list", "case_export"):
        response = client.get(reverse(name), {"figure": "new", "months": 3, "year": year})
        assert response.status_code in (200, 400)
    assert "year" in client.get(reverse("case_list"), {"figure": "new", "months": 3, "year": year}).context[
        "filter"].form.errors


def test_a_list_adds_up_the_money_of_what_it_lists(client, tree, make_user, vietnamese):
    client.force_login(make_user(tree.province, User.Role.OFFICIAL))
    first = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=10_000_000)
    factories.case(tree.unit2, decision_date=D(2024, 1, 10), amount=5_000_000)
    services.event_record(case=first, kind=EventKind.PAYMENT, effective_date=D(2024, 2, 1), amount=4_000_000,
                          today=D(2026, 11, 22))
    page = client.get(reverse("case_list"))
    assert page.context["totals"] == {"amount": 15_000_000, "collected": 4_000_000, "reduced": 0, "remaining": 11_000_000}
    assert "đã thu 4.000.000\xa0đ" in page.content.decode()
    page = client.get(reverse("case_list"), {"agency": tree.unit2.pk})
    assert page.context["totals"]["remaining"] == 5_000_000
