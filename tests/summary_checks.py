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
