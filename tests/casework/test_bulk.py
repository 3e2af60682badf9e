"""The bulk write path of imports: the same rules and the same results as the services, in chunks."""

from datetime import date as D

import pytest
from django.db import connection, transaction

from audit.models import Change
from cases import timeline
from cases.models import Case, CaseEvent, EventKind, User
from casework import bulk, imports, writing
from reports import summaries
from reports.calendar import Period
from reports.closing import period_close
from reports.models import FigureCount
from tests import factories, summary_checks
from tests.casework.test_import import csv_bytes, event_row, events_csv, row

TODAY = D(2026, 11, 22)
YEARS = (2025, 2026, 2027)


@pytest.fixture
def clerk(tree, make_user):
    return make_user(tree.province, User.Role.CLERK)


@pytest.fixture
def small_chunks(monkeypatch):
    # Several chunks from a handful of rows: what crosses a chunk boundary is under test.
    monkeypatch.setattr(bulk, "CHUNK", 2)
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)


def stored_rows():
    return {tuple(r[d] for d in FigureCount.DIMS): {c: r[c] for c in summaries.COLUMNS}
            for r in FigureCount.objects.values(*FigureCount.DIMS, *summaries.COLUMNS)}


def test_imported_cases_and_events_keep_states_and_figures_exact(tree, clerk, small_chunks):
    for year in YEARS:
        summaries.fill_year(year)
    officer = factories.OfficerFactory(agency=tree.unit1)
    rows = [row(tree.unit1 if i % 2 else tree.unit2, f"{i}/QĐ-CCTHADS", **{
        "Ngày quyết định": f"0{1 + i % 9}/10/2025", "Ngày thụ lý": f"0{1 + i % 9}/10/2025",
        "Ngày bản án, quyết định": "01/09/2025", "Số tiền phải thi hành (đồng)": f"{(i + 1) * 10_000_000}",
        "Mã chấp hành viên": officer.code if i % 2 else ""}) for i in range(7)]
    assert imports.import_cases(csv_bytes(rows), "viec.csv", user=clerk, today=TODAY).errors == []
    cases = list(Case.objects.order_by("decision_number"))
    events = []
    for i, case in enumerate(cases):
        decided = case.decision_date.strftime("%d/%m/%Y")
        events.append(event_row(case, "Xác minh", decided))
        events.append(event_row(case, "Phân loại điều kiện thi hành", decided,
                                **{"Kết quả phân loại": "Chưa có điều kiện thi hành" if i == 3 else "Có điều kiện thi hành"}))
        if i % 3 == 0:
            events.append(event_row(case, "Thu tiền", "15/11/2025", f"{case.amount // 2}"))
        if i in (0, 4):
            rest = case.amount - case.amount // 2 if i == 0 else case.amount
            events.append(event_row(case, "Thu tiền", "20/01/2026", f"{rest}"))
            events.append(event_row(case, "Thi hành xong", "21/01/2026"))
        if i == 5:
            events.append(event_row(case, "Hoãn thi hành án", "10/12/2025", **{"Căn cứ hoãn": "agreed"}))
    result = imports.import_events(events_csv(events), "dien-bien.csv", user=clerk, today=TODAY)
    assert result.errors == [] and result.created == len(events)

    # The stored current state of each case is the replay of its events, and its version moved.
    for case in Case.objects.prefetch_related("events"):
        expected = Case.objects.get(pk=case.pk)
        writing.set_state(expected, timeline.replay(case, list(case.events.all())))
        assert [getattr(case, f) for f in ("status", "condition", "collected_amount", "remaining_amount",
                                           "closed_on", "last_event_on", "last_verified_on")] == \
               [getattr(expected, f) for f in ("status", "condition", "collected_amount", "remaining_amount",
                                               "closed_on", "last_event_on", "last_verified_on")]
        assert case.version == case.events.count()  # 1 when registered, +1 per event
    # What the deltas kept equals a recomputation from the raw events.
    assert stored_rows() == summaries.compute_rows(YEARS, Case.objects.prefetch_related("events"))
    assert summary_checks.rollups_are_sums_of_the_summary_rows()
    assert summary_checks.spans_follow_the_events()
    completed = Case.objects.filter(status="completed").count()
    assert completed == 2


def test_events_of_one_case_apply_in_file_order_even_when_scattered(tree, clerk, small_chunks):
    first = factories.case(tree.unit1, decision_date=D(2025, 12, 1), amount=30_000_000)
    second = factories.case(tree.unit1, decision_date=D(2025, 12, 2), amount=10_000_000)
    data = events_csv([
        event_row(first, "Thu tiền", "05/01/2026", "20.000.000"),
        event_row(second, "Thu tiền", "05/01/2026", "10.000.000"),
        event_row(first, "Thu tiền", "06/01/2026", "20.000.000"),  # only 10.000.000 remains
        event_row(second, "Thi hành xong", "06/01/2026"),
    ])
    result = imports.import_events(data, "dien-bien.csv", user=clerk, today=TODAY)
    assert [(r, c) for r, c, _reason in result.errors] == [(4, "Số tiền (đồng)")]
    assert CaseEvent.objects.exclude(kind="accept").count() == 0


def test_a_case_whose_events_span_chunks_is_carried_on_with_its_history(tree, clerk, small_chunks):
    """A chunk is written once the next one's cases are read: a case the written chunk changed is
    carried on as it left it, and its history reads one change after another as if entered so."""
    for year in YEARS:
        summaries.fill_year(year)
    case = factories.case(tree.unit1, decision_date=D(2025, 12, 1), amount=30_000_000)
    other = factories.case(tree.unit1, decision_date=D(2025, 12, 2), amount=10_000_000)
    version = case.version
    data = events_csv([
        event_row(case, "Thu tiền", "05/01/2026", "10.000.000"),
        event_row(other, "Thu tiền", "05/01/2026", "1.000.000"),  # chunk 1
        event_row(case, "Thu tiền", "06/01/2026", "10.000.000"),
        event_row(other, "Thu tiền", "06/01/2026", "1.000.000"),  # chunk 2
        event_row(case, "Thu tiền", "07/01/2026", "10.000.000"),
        event_row(case, "Thi hành xong", "08/01/2026"),  # chunk 3
    ])
    result = imports.import_events(data, "dien-bien.csv", user=clerk, today=TODAY)
    assert result.errors == [] and result.created == 6
    case.refresh_from_db()
    assert (case.status, case.collected_amount, case.remaining_amount) == ("completed", 30_000_000, 0)
    assert case.version == version + 4  # one per event, as if entered one by one
    remaining = [change.changes["remaining_amount"] for change in
                 Change.objects.filter(model="cases.case", object_id=str(case.pk), action="update").order_by("id")]
    assert remaining == [[30_000_000, 20_000_000], [20_000_000, 10_000_000], [10_000_000, 0]]
    assert stored_rows() == summaries.compute_rows(YEARS, Case.objects.prefetch_related("events"))
    assert summary_checks.rollups_are_sums_of_the_summary_rows()
    assert summary_checks.spans_follow_the_events()


def test_a_bad_row_in_a_later_chunk_rolls_back_the_chunks_already_inserted(tree, clerk, small_chunks):
    before = (Case.objects.count(), CaseEvent.objects.count(), Change.objects.count())
    rows = [row(tree.unit1, f"{i}/QĐ") for i in range(5)] + [row(tree.unit1, "0/QĐ", **{"Ngày quyết định": "03/03/2026"})]
    result = imports.import_cases(csv_bytes(rows), "viec.csv", user=clerk, today=TODAY)
    # Same number and year at the same agency, another date: the register's uniqueness, told by row.
    assert [(r, c) for r, c, _reason in result.errors] == [(7, "Số quyết định")]
    assert "dòng 2" in result.errors[0][2] or "row 2" in result.errors[0][2]
    assert (Case.objects.count(), CaseEvent.objects.count(), Change.objects.count()) == before


def test_a_row_inside_a_closed_period_is_refused(tree, clerk, make_user):
    leader = make_user(tree.province, User.Role.LEADERSHIP)
    period_close(agency=tree.province, period=Period(2026, 6), user=leader, today=TODAY)  # ends 31/03/2026
    result = imports.import_cases(csv_bytes([row(tree.unit1, "1/QĐ")]), "viec.csv", user=clerk, today=TODAY)
    assert [(r, c) for r, c, _reason in result.errors] == [(2, "Ngày thụ lý")]
    late = row(tree.unit1, "2/QĐ", **{"Ngày quyết định": "02/04/2026", "Ngày thụ lý": "02/04/2026"})
    assert imports.import_cases(csv_bytes([late]), "viec.csv", user=clerk, today=TODAY).created == 1

    case = Case.objects.get()
    result = imports.import_events(events_csv([event_row(case, "Xác minh", "03/04/2026"),
                                               event_row(case, "Thu tiền", "25/03/2026", "1.000")]),
                                   "dien-bien.csv", user=clerk, today=TODAY)
    assert [(r, c) for r, c, _reason in result.errors] == [(3, "Ngày hiệu lực")]


def test_imports_write_the_change_history(tree, clerk):
    rows = [row(tree.unit1, "1/QĐ"), row(tree.unit1, "2/QĐ")]
    imports.import_cases(csv_bytes(rows), "viec.csv", user=clerk, today=TODAY, address="10.0.0.7")
    created = Change.objects.filter(action="create", user=clerk, address="10.0.0.7")
    assert created.filter(model="cases.case").count() == 2
    assert created.filter(model="cases.caseevent").count() == 2  # the acceptances
    case = Case.objects.get(decision_number="1/QĐ")
    assert created.get(model="cases.case", object_id=str(case.pk)).changes["debtor_name"] == [None, "Nguyễn Văn A"]

    imports.import_events(events_csv([event_row(case, "Thu tiền", "05/04/2026", "1.000.000")]), "dien-bien.csv",
                          user=clerk, today=TODAY, address="10.0.0.8")
    payment = Change.objects.get(model="cases.caseevent", action="create", address="10.0.0.8")
    assert payment.case_id == case.pk and payment.changes["amount"] == [None, 1_000_000]
    update = Change.objects.get(model="cases.case", action="update", address="10.0.0.8")
    assert update.changes["collected_amount"] == [0, 1_000_000]
    assert update.changes["remaining_amount"] == [case.amount, case.amount - 1_000_000]


def test_a_large_import_in_chunks_keeps_the_summary_equal_to_a_recomputation(tree, clerk, monkeypatch):
    """A few thousand cases, then their events in a file ordered by kind (as several files pasted
    one under another), read a chunk at a time: each case's events cross chunks, are checked from
    its timeline as the earlier chunks left it, and the summary rows, spans and states are those
    a recomputation from the raw events gives."""
    monkeypatch.setattr(imports, "CHUNK_ROWS", 400)  # several chunks, and each case's events across them
    for year in YEARS:
        summaries.fill_year(year)
    count = 1500
    rows = [row(tree.unit1 if i % 2 else tree.unit2, f"{i}/QĐ-CCTHADS", **{
        "Ngày quyết định": f"{1 + i % 28:02d}/10/2025", "Ngày thụ lý": f"{1 + i % 28:02d}/10/2025",
        "Ngày bản án, quyết định": "01/09/2025", "Số tiền phải thi hành (đồng)": f"{(i + 1) * 1_000_000}"})
        for i in range(count)]
    result = imports.import_cases(csv_bytes(rows), "viec.csv", user=clerk, today=TODAY)
    assert result.errors == [] and result.created == count
    cases = list(Case.objects.order_by("pk"))
    verified = [event_row(c, "Xác minh", "01/11/2025") for c in cases]
    classified = [event_row(c, "Phân loại điều kiện thi hành", "02/11/2025", **{
        "Kết quả phân loại": "Chưa có điều kiện thi hành" if i % 4 == 3 else "Có điều kiện thi hành"})
        for i, c in enumerate(cases)]
    able = [c for i, c in enumerate(cases) if i % 4 != 3]
    paid = [event_row(c, "Thu tiền", "15/12/2025", f"{c.amount // 3}", **{"Số chứng từ, văn bản": "BL-1"})
            for c in able]
    # The same payment written twice in one file is two payments (only one already recorded is skipped).
    paid_again = [event_row(c, "Thu tiền", "15/12/2025", f"{c.amount // 3}", **{"Số chứng từ, văn bản": "BL-1"})
                  for c in able[:50]]
    completed = [event_row(c, "Thu tiền", "20/01/2026", f"{c.amount - c.amount // 3}") for c in able[100:400]] + \
        [event_row(c, "Thi hành xong", "21/01/2026") for c in able[100:400]]
    events = verified + classified + paid + paid_again + completed
    result = imports.import_events(events_csv(events), "su-kien.csv", user=clerk, today=TODAY)
    assert result.errors == [] and result.created == len(events)

    assert Case.objects.filter(status="completed").count() == 300
    for case in Case.objects.prefetch_related("events").filter(pk__in=[c.pk for c in able[:60]]):
        stored = Case.objects.get(pk=case.pk)
        writing.set_state(case, timeline.replay(case, list(case.events.all())))
        assert (stored.collected_amount, stored.remaining_amount, stored.status) == \
               (case.collected_amount, case.remaining_amount, case.status)
    assert stored_rows() == summaries.compute_rows(YEARS, Case.objects.prefetch_related("events"))
    assert summary_checks.rollups_are_sums_of_the_summary_rows()
    assert summary_checks.spans_follow_the_events()
    # The same file again records nothing.
    again = imports.import_events(events_csv(events), "su-kien.csv", user=clerk, today=TODAY)
    assert again.errors == [] and again.created == 0 and again.skipped == len(events)


def test_a_decision_repeated_in_a_later_chunk_names_the_row_it_first_appeared_on(tree, clerk, small_chunks, vietnamese):
    rows = [row(tree.unit1, f"{i}/QĐ-CCTHADS") for i in range(5)]
    rows += [row(tree.unit1, "1/QĐ-CCTHADS"), row(tree.unit1, "1/QĐ-CCTHADS")]  # lines 7 and 8 repeat line 3
    result = imports.import_cases(csv_bytes(rows), "viec.csv", user=clerk, today=TODAY)
    assert [(number, message) for number, _column, message in result.errors] == [
        (7, "Quyết định này đã có ở dòng 3."), (8, "Quyết định này đã có ở dòng 3.")]
    assert not Case.objects.exists()


def test_key_ranges_hold_the_keys_added_and_no_other():
    keys = bulk.KeyRanges()
    keys.add([5, 6, 7, 9])
    keys.add([10, 11, 3])  # 3: taken before the others (another writer's keys between)
    assert [k for k in range(15) if k in keys] == [3, 5, 6, 7, 9, 10, 11]
    assert (keys.starts, keys.ends) == ([3, 5, 9], [3, 7, 11])


def test_a_workbook_is_imported_in_chunks_from_its_one_parsing(tree, clerk, small_chunks, monkeypatch):
    """A workbook's rows are parsed once (openpyxl is slow) and read again from where the first
    pass kept them, dates and numbers as the cells hold them."""
    import io

    from openpyxl import Workbook

    from thads import tables

    parsed = []
    rows_of = tables.rows
    monkeypatch.setattr(tables, "rows", lambda *args, **kwargs: parsed.append(1) or rows_of(*args, **kwargs))
    book = Workbook()
    book.active.append(list(imports.HEADERS.values()))
    for i in range(5):
        values = row(tree.unit1, f"{i}/QĐ-CCTHADS")
        values[list(imports.HEADERS.values()).index("Ngày thụ lý")] = D(2026, 3, 3 + i)  # a date cell
        values[list(imports.HEADERS.values()).index("Số tiền phải thi hành (đồng)")] = 1_000_000 * (i + 1)
        book.active.append(values)
    data = io.BytesIO()
    book.save(data)
    result = imports.import_cases(data.getvalue(), "viec.xlsx", user=clerk, today=TODAY)
    assert result.errors == [] and result.created == 5 and len(parsed) == 1
    assert sorted(Case.objects.values_list("accepted_on", "amount")) == [
        (D(2026, 3, 3 + i), 1_000_000 * (i + 1)) for i in range(5)]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="SQLite writes one transaction at a time")
def test_an_entry_in_an_agency_an_import_is_writing_to_neither_waits_for_it_nor_deadlocks(transactional_db,
                                                                                        monkeypatch):
    """Found by review: an import moved its agencies' focus counters with its first chunk and locked
    their summary rows only at its end, while a single entry locks them the other way round; a
    payment entered meanwhile deadlocked with it (the whole file lost). Now the import moves its
    counters after its summary rows, as every writer does."""
    import threading

    from django.db import connections

    from casework import services
    from tests.fixtures import make_tree

    tree = make_tree()
    clerk = factories.UserFactory(agency=tree.province, role=User.Role.CLERK)
    for year in YEARS:
        summaries.fill_year(year)
    monkeypatch.setattr(imports, "CHUNK_ROWS", 3)
    cases = [factories.case(tree.unit1, decision_date=D(2025, 12, 1), amount=30_000_000) for _ in range(4)]
    other = factories.case(tree.unit1, decision_date=D(2025, 12, 1), amount=30_000_000)
    rows = [event_row(c, "Xác minh", "10/12/2025") for c in cases] + \
           [event_row(c, "Thu tiền", "05/01/2026", "1.000.000") for c in cases]
    first_chunk_written, entered, problems = threading.Event(), threading.Event(), []

    def progress(done, total):
        if not first_chunk_written.is_set():
            first_chunk_written.set()
            assert entered.wait(20), "the entry waited for the import"

    def entry():
        try:
            first_chunk_written.wait(20)
            services.event_record(case=other, kind=EventKind.PAYMENT, effective_date=D(2026, 1, 6),
                                  amount=2_000_000, today=TODAY)
        except Exception as exc:  # noqa: BLE001 - any failure is the test's answer
            problems.append(exc)
        finally:
            entered.set()
            connections.close_all()

    thread = threading.Thread(target=entry)
    thread.start()
    result = imports.import_events(events_csv(rows), "su-kien.csv", user=clerk, today=TODAY, progress=progress)
    thread.join()
    assert problems == [] and result.errors == [] and result.created == len(rows)
    assert stored_rows() == summaries.compute_rows(YEARS, Case.objects.prefetch_related("events"))


def test_a_mistyped_year_on_a_refused_row_is_told_and_fills_no_years(tree, clerk, vietnamese):
    """Found by review: the first pass took its earliest date from every row, so a year 0001 on a
    row refused for its amount crashed the import, and 1900 filled 125 years of summary figures."""
    rows = [row(tree.unit1, "1/QĐ-CCTHADS", **{"Ngày thụ lý": "01/01/0001", "Số tiền phải thi hành (đồng)": "2tr"}),
            row(tree.unit1, "2/QĐ-CCTHADS", **{"Ngày thụ lý": "03/03/1900"})]
    result = imports.import_cases(csv_bytes(rows), "viec.csv", user=clerk, today=TODAY)
    assert {number for number, _column, _message in result.errors} == {2, 3}
    assert not Case.objects.exists()
    assert min(summaries.filled_years(), default=2026) >= 2000


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="SQLite writes one transaction at a time")
def test_the_tree_and_people_are_edited_while_an_import_names_them(transactional_db, monkeypatch):
    """Found by review: an import's foreign keys, checked as it writes, lock the agencies, officers
    and accounts it names against key changes until it commits; the edits of those rows locked
    them FOR UPDATE and waited for the whole import. They lock FOR NO KEY UPDATE now."""
    import threading

    from django.db import connections

    from casework import agencies, people
    from tests.fixtures import make_tree

    monkeypatch.setattr(bulk, "CHUNK", 2)
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    tree = make_tree()
    clerk = factories.UserFactory(agency=tree.province, role=User.Role.CLERK)
    officer = factories.OfficerFactory(agency=tree.unit1)
    rows = [row(tree.unit1, f"{i}/QĐ-CCTHADS", **{"Mã chấp hành viên": officer.code}) for i in range(1, 7)]
    answers, asked, calls = {}, threading.Event(), []

    def editor():
        try:
            for name, edit in (("agency", lambda: agencies.agency_change(agency=tree.unit1, name="Phòng KV 1 (mới)")),
                               ("officer", lambda: people.officer_change(officer=officer, full_name="Lê Văn B",
                                                                         rank=officer.rank, is_active=True)),
                               ("account", lambda: people.account_change(account=clerk, full_name="Thư ký mới",
                                                                         role=clerk.role, is_active=True))):
                try:
                    with transaction.atomic():
                        with connection.cursor() as cursor:
                            cursor.execute("SET LOCAL lock_timeout = '3s'")
                        edit()
                    answers[name] = "saved"
                except Exception as exc:  # noqa: BLE001 - any failure is the test's answer
                    answers[name] = f"{type(exc).__name__}: {exc}"
        finally:
            asked.set()
            connections.close_all()

    def progress(done, total):
        calls.append(done)
        if len(calls) == 2:  # the first chunk written (once the second is checked)
            threading.Thread(target=editor).start()
            assert asked.wait(30)

    result = imports.import_cases(csv_bytes(rows), "viec.csv", user=clerk, progress=progress, today=TODAY)
    assert result.errors == [] and result.created == 6
    assert answers == {"agency": "saved", "officer": "saved", "account": "saved"}
