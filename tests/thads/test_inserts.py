"""thads.inserts writes what the ORM would have, on SQLite and PostgreSQL alike: keys taken from the
table's sequence, every kind of value read back unchanged (text a COPY could misread, NULL against
an empty text, dates, times, booleans, JSON), and many rows updated at once."""

import json
from datetime import date

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from audit.models import Change
from audit.recorder import COLUMNS
from cases.models import Case, CaseEvent, EventKind
from tests import factories
from thads import inserts

AWKWARD = ['tab\there', 'line\nbreak', 'quote " and \'', 'back\\slash \\N', 'comma, semicolon;', '', 'Thu tiền ạ',
           '"', '\\', ',', '\r\n']


def test_inserted_rows_read_back_as_they_were_written(tree):
    case = factories.case(tree.unit1, decision_date=date(2025, 12, 1))
    events = [CaseEvent(case=case, kind=EventKind.PAYMENT, effective_date=date(2026, 1, i + 1), amount=i * 1000,
                        document_number=text, note=text[::-1], to_agency=tree.unit2 if i % 2 else None,
                        agency=tree.unit1) for i, text in enumerate(AWKWARD)]
    with transaction.atomic():
        inserts.insert(CaseEvent, events)
    assert all(e.pk is not None and not e._state.adding for e in events)
    stored = {e.pk: e for e in CaseEvent.objects.filter(pk__in=[e.pk for e in events])}
    for event in events:
        again = stored[event.pk]
        assert (again.document_number, again.note, again.to_agency_id, again.effective_date, again.amount) == \
               (event.document_number, event.note, event.to_agency_id, event.effective_date, event.amount)


def test_keys_taken_for_an_insert_are_never_given_again(tree):
    first = factories.case(tree.unit1, decision_date=date(2025, 12, 1))
    with transaction.atomic():
        taken = inserts.reserve_ids(Case, 3)
    assert taken == sorted(taken) and len(set(taken)) == 3 and min(taken) > first.pk
    later = factories.case(tree.unit1, decision_date=date(2025, 12, 2))
    assert later.pk > max(taken)


def test_plain_rows_keep_json_and_nulls(tree):
    at = Change._meta.get_field("at").get_db_prep_save(timezone.now(), connection=_connection())
    rows = [(at, None, "", "", "cases.case", str(i), None if i % 2 else i, "create",
             json.dumps({"note": [None, text], "n": [1, 2]}, ensure_ascii=bool(i % 2)), text)
            for i, text in enumerate(AWKWARD)]
    with transaction.atomic():
        inserts.insert_rows(Change, COLUMNS, rows)
    stored = {c.object_id: c for c in Change.objects.filter(model="cases.case", username="")}
    for i, text in enumerate(AWKWARD):
        change = stored[str(i)]
        assert change.changes == {"note": [None, text], "n": [1, 2]}
        assert change.summary == text and change.user_id is None
        assert change.case_id == (None if i % 2 else i)


def test_many_rows_are_updated_at_once(tree):
    # More rows than go through one statement a row: on PostgreSQL, a temporary table and one UPDATE.
    cases = [factories.case(tree.unit1, decision_date=date(2025, 12, 1)) for _ in range(55)]
    rows = [(case.pk, f"{text} {i}", date(2026, 2, 1 + i % 28)) for i, (case, text) in
            enumerate(zip(cases, AWKWARD * 5, strict=False))]
    with transaction.atomic():
        inserts.update_rows(Case, ["debtor_name", "last_event_on"], rows)
    stored = dict(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("pk", "debtor_name"))
    assert stored == {pk: name for pk, name, _day in rows}
    assert list(Case.objects.filter(pk=cases[3].pk).values_list("last_event_on", flat=True)) == [date(2026, 2, 4)]


def _connection():
    return connection


def test_a_key_updated_twice_keeps_its_last_values(tree):
    cases = [factories.case(tree.unit1, decision_date=date(2025, 12, 1)) for _ in range(2)]
    rows = [(case.pk, name) for name in ("first", "second") for case in cases] * 30  # past the temporary table's threshold
    with transaction.atomic():
        inserts.update_rows(Case, ["debtor_name"], rows)
    assert set(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("debtor_name", flat=True)) == {"second"}


def test_no_text_column_takes_none_as_an_empty_text(tree):
    case = factories.case(tree.unit1, decision_date=date(2025, 12, 1))
    event = CaseEvent(case=case, kind=EventKind.PAYMENT, effective_date=date(2026, 1, 1), amount=1, agency=tree.unit1,
                      document_number=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        inserts.insert(CaseEvent, [event])
    assert not CaseEvent.objects.filter(kind=EventKind.PAYMENT).exists()


def test_imports_at_once_in_threads_put_the_collector_back_when_the_last_ends():
    import gc

    from thads.collections_tuning import THRESHOLD, fewer_collections

    before = gc.get_threshold()
    with fewer_collections():
        with fewer_collections():  # a second import in another thread of the process
            assert gc.get_threshold()[0] == THRESHOLD
        assert gc.get_threshold()[0] == THRESHOLD  # the first still running
    assert gc.get_threshold() == before


def _payments(case, agency, count, start=1):
    return [CaseEvent(case=case, kind=EventKind.PAYMENT, effective_date=date(2026, 1, 1), amount=start + i,
                      agency=agency, document_number=f"BL-{start + i}") for i in range(count)]


def test_rows_sent_behind_are_there_for_the_next_query(tree):
    """Within `behind`, a COPY goes on in a thread; the next query of the connection waits for it."""
    case = factories.case(tree.unit1, decision_date=date(2025, 12, 1))
    with transaction.atomic(), inserts.behind():
        for start in range(0, 3000, 1000):
            events = _payments(case, tree.unit1, 1000, start)
            inserts.insert(CaseEvent, events)
            assert CaseEvent.objects.filter(pk__in=[e.pk for e in events]).count() == 1000
        # Keys taken ahead are never given to another row: the ORM's next save takes a later one.
        ahead = inserts.reserve_ids(CaseEvent, 5)
        saved = _payments(case, tree.unit1, 1, 9000)[0]
        saved.save()
        assert saved.pk not in ahead
    assert CaseEvent.objects.filter(case=case, kind=EventKind.PAYMENT).count() == 3001


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="SQLite has no COPY and no writer's thread")
def test_rows_sent_behind_in_many_reads_come_back_whole(tree, monkeypatch):
    """The writer's thread reads a COPY's rows COPY_READ at a time; here 7 bytes (CSV) or characters
    (COPY's text, for a nullable text), so that reads end inside rows and inside the several bytes
    of a Vietnamese character: the rows still come back as written."""
    monkeypatch.setattr(inserts, "COPY_READ", 7)
    case = factories.case(tree.unit1, decision_date=date(2025, 12, 1))
    events = _payments(case, tree.unit1, 300)
    for i, event in enumerate(events):
        event.note = f"{i} " + "Thu tiền ạ, \"biên lai\"\t\\ ỹ\n" * (i % 7)
    user = factories.UserFactory(agency=tree.unit1)
    kind = ContentType.objects.get_for_model(Case)
    entries = [LogEntry(user=user, content_type=kind, object_id=None if i % 5 == 0 else f"số {i} ạ\t\\N",
                        object_repr=f"Quyết định {i}", action_flag=CHANGE, change_message="Sửa tiền ạ\n" * (i % 4),
                        action_time=timezone.now()) for i in range(300)]
    assert not all(inserts._prints_as_read(f) for f in LogEntry._meta.local_concrete_fields)  # COPY's text
    with transaction.atomic(), inserts.behind():
        inserts.insert(CaseEvent, events)
        inserts.insert(LogEntry, entries)
        notes = dict(CaseEvent.objects.filter(case=case, kind=EventKind.PAYMENT).values_list("pk", "note"))
        logged = {e.pk: (e.object_id, e.object_repr, e.change_message) for e in LogEntry.objects.filter(user=user)}
    assert notes == {e.pk: e.note for e in events}
    assert logged == {e.pk: (e.object_id, e.object_repr, e.change_message) for e in entries}


def test_a_copy_refused_behind_is_raised_and_nothing_after_it_is_written(tree):
    """A COPY that fails in the thread (here a key already given) is raised in the caller's
    thread as Django's own IntegrityError, at the next query or else at the end; nothing sent
    after it is written."""
    case = factories.case(tree.unit1, decision_date=date(2025, 12, 1))
    existing = _payments(case, tree.unit1, 1, 900)[0]
    existing.save()
    for query_after in (True, False):
        duplicate = _payments(case, tree.unit1, 1, 500)[0]
        duplicate.pk = existing.pk
        with pytest.raises(IntegrityError), transaction.atomic(), inserts.behind():
            inserts.insert(CaseEvent, _payments(case, tree.unit1, 10))
            inserts.insert(CaseEvent, [duplicate])
            inserts.insert(CaseEvent, _payments(case, tree.unit1, 10, 100))
            if query_after:
                CaseEvent.objects.count()
        assert list(CaseEvent.objects.filter(kind=EventKind.PAYMENT)) == [existing]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="SQLite writes one transaction at a time")
def test_an_import_in_one_thread_sends_nothing_of_another_threads_writes(transactional_db):
    """Found by review: the writer was found by the id of `connection`, one proxy for every thread,
    so another request thread's insert went into the import's transaction (and was lost with its
    rollback). Each thread's connection has its own."""
    import threading

    from django.db import connections

    from tests.fixtures import make_tree

    tree = make_tree()
    case = factories.case(tree.unit1, decision_date=date(2025, 12, 1))
    inside, done, seen = threading.Event(), threading.Event(), {}

    def importer():  # an inline import in one request thread, rolled back in the end
        try:
            with transaction.atomic(), inserts.behind():
                inside.set()
                done.wait(20)
                transaction.set_rollback(True)
        finally:
            connections.close_all()

    def entry():  # another request thread's own write, committed
        try:
            inside.wait(20)
            seen["writer"] = inserts._writer()
            with transaction.atomic():
                event = _payments(case, tree.unit1, 1, 77)[0]
                inserts.insert(CaseEvent, [event])
                seen["visible"] = CaseEvent.objects.filter(pk=event.pk).exists()
        finally:
            done.set()
            connections.close_all()

    threads = [threading.Thread(target=importer), threading.Thread(target=entry)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert seen == {"writer": None, "visible": True}
    assert CaseEvent.objects.filter(document_number="BL-77").exists()
