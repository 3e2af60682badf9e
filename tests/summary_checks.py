"""Checks shared by the tests that keep the summary tables honest."""

from collections import defaultdict

from reports import summaries
from reports.models import FigureCount


def rollups_are_sums_of_the_summary_rows():
    """Each rollup table holds exactly FigureCount summed to its keys (rows of zeros aside)."""
    rows = list(FigureCount.objects.values(*FigureCount.DIMS, *summaries.COLUMNS))
    for model in summaries.ROLLUPS:
        expected = defaultdict(lambda: dict.fromkeys(summaries.COLUMNS, 0))
        for row in rows:
            sums = expected[tuple(row[name] for name in model.DIMS)]
            for column in summaries.COLUMNS:
                sums[column] += row[column]
        stored = {tuple(r[name] for name in model.DIMS): {c: r[c] for c in summaries.COLUMNS}
                  for r in model.objects.values(*model.DIMS, *summaries.COLUMNS)}
        nonzero = {key: sums for key, sums in expected.items() if any(sums.values())}
        assert {key: sums for key, sums in stored.items() if any(sums.values())} == nonzero, model.__name__
        assert nonzero, f"{model.__name__}: nothing to compare"
    return True


def spans_follow_the_events():
    """The stored spans of every case are those its events give (cases.spans), and there are some."""
    from cases import spans
    from cases.models import Case, CaseSpan

    fields = ("valid_from", "valid_to", "holder_id", "pause", "ground", "condition", "in_register")
    stored = defaultdict(list)
    for row in CaseSpan.objects.order_by("case_id", "valid_from").values_list("case_id", *fields):
        stored[row[0]].append(list(row[1:]))
    cases = Case.objects.prefetch_related("events").order_by("pk")
    expected = {case.pk: spans.spans_of(case.events.all()) for case in cases}
    assert dict(stored) == expected
    assert expected, "no cases to compare"
    return True
