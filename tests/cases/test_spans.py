"""The spans of a case: its figure-deciding state by date, as its events give it."""

from datetime import date as D
from types import SimpleNamespace

from cases import spans
from cases.models import CaseSpan, EventKind
from tests import factories, summary_checks


def event(kind, day, *, to_agency_id=None, ground="", condition=""):
    return SimpleNamespace(kind=kind, effective_date=day, to_agency_id=to_agency_id, ground=ground,
                           condition=condition)


def test_a_span_starts_on_each_date_that_changes_what_counts():
    timeline = [
        event(EventKind.ACCEPT, D(2025, 1, 5), to_agency_id=7),
        event(EventKind.VERIFY, D(2025, 1, 20)),  # changes nothing that counts: no new span
        event(EventKind.CLASSIFY, D(2025, 2, 1), condition="unable"),
        event(EventKind.SEPARATE_REGISTER, D(2025, 2, 1)),  # the same day: one span for both
        event(EventKind.CLASSIFY, D(2025, 5, 1), condition="able"),  # back from the register
        event(EventKind.POSTPONE, D(2025, 6, 1), ground="agreed"),
        event(EventKind.RESUME, D(2025, 7, 1)),
        event(EventKind.HANDOVER, D(2025, 7, 1), to_agency_id=9),
        event(EventKind.SUSPEND, D(2025, 8, 1), ground=""),
        event(EventKind.RESUME, D(2025, 8, 1)),  # suspended and resumed the same day: as before
    ]
    assert spans.spans_of(timeline) == [
        [D(2025, 1, 5), D(2025, 2, 1), 7, "", "", "", False],
        [D(2025, 2, 1), D(2025, 5, 1), 7, "", "", "unable", True],
        [D(2025, 5, 1), D(2025, 6, 1), 7, "", "", "able", False],
        [D(2025, 6, 1), D(2025, 7, 1), 7, "postpone", "agreed", "able", False],
        [D(2025, 7, 1), None, 9, "", "", "able", False],
    ]
    assert spans.spans_of([]) == []


def test_the_services_keep_the_spans_and_a_rebuild_finds_the_same(tree):
    factories.outcomes_history(tree)
    assert CaseSpan.objects.filter(pause="postpone").exists()
    assert summary_checks.spans_follow_the_events()
    stored = sorted(CaseSpan.objects.values_list("case_id", "valid_from", "valid_to", "holder_id", "pause", "ground",
                                                 "condition", "in_register"))
    CaseSpan.objects.all().delete()
    spans.rebuild()
    assert sorted(CaseSpan.objects.values_list("case_id", "valid_from", "valid_to", "holder_id", "pause", "ground",
                                               "condition", "in_register")) == stored
