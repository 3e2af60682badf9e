"""National scale: every page and job timed on about four million cases, beside the raw SQL a BI tool
would run for the same figures.

    make bench        # creates and fills the database thads_national on first use (about 20 minutes)
    DATABASE_URL=postgres://…/thads_national REDIS_URL=redis://… .venv/bin/python bench/national.py

For each measurement: the server time (Django's handler in this process, no network) over at
least 20 warm requests, median and p95, and the number of queries. Dashboards are measured
uncached (the data version moved before each request, as after any write) and cached. Beside each
figure page, the time of one hand-written SQL query over the raw case and event tables giving the
same official figures (its result is checked equal to the page's). At the end, a sample of units
is recomputed from their raw events by the figures' own definition and compared with the summary
rows. Timings are written down in the README and bench/RESULTS.md, never asserted.
"""

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import django  # noqa: E402
import production_like  # noqa: E402  (bench/ is the script's directory)

django.setup()
production_like.collect_static()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

BI_REPEATS = 3
PERIOD = (2026, 12)  # the last whole statistical year of the national dataset
TODAY = date(2026, 11, 22)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function, repeats, before=None):
    """Median and p95 in milliseconds of `function()` after one warm-up call."""
    if before:
        before()
    function()
    times = []
    for _ in range(repeats):
        if before:
            before()
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), percentile(times, 0.95)


def queries_of(function, before=None):
    if before:
        before()
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


# --- the BI tool's query ------------------------------------------------------------------------

# What an analyst with read access to the tables and the definitions of the forms would have to
# write for the official figures a dashboard shows: for each cumulative period it needs (the
# month-by-month chart's 24, this year's and last year's, among them the period and the same period
# last year), the state of every case at the day before the period and at its end, folded from the
# raw events with the register's rules, summed into the official base figures per child unit (or
# per officer on a unit's dashboard); the totals are their sums. Written as a careful analyst
# would: only the cases that can count in each period are folded. The focus counts and the largest
# cases (lists, not figures) are left out. The same query over the period and the same period last
# year alone (the cards and the ranking) is timed as well.
BI_SQL = """
WITH per AS (
    SELECT * FROM unnest(%(years)s::int[], %(months)s::int[], %(befores)s::date[], %(ends)s::date[])
        AS per(y, m, before, last)
),
ev AS (
    SELECT per.y, per.m, per.before, e.case_id, c.amount AS owed, coalesce(c.officer_id, 0) AS officer, e.kind,
           e.effective_date AS d, e.id, e.amount, e.condition, e.ground, e.to_agency_id
    FROM cases_case c JOIN cases_caseevent e ON e.case_id = c.id JOIN per ON e.effective_date <= per.last
    -- Only the cases that can count in a period: accepted by its end, not closed before it.
    WHERE c.agency_id = ANY(%(scope)s) AND c.accepted_on <= per.last
      AND (c.closed_on IS NULL OR c.closed_on > per.before)
),
st AS (
    SELECT y, m, case_id, min(owed) AS owed, min(officer) AS officer,
        bool_or(kind = 'accept' AND d <= before) AS accepted_a,
        (array_agg(to_agency_id ORDER BY d DESC, id DESC) FILTER (WHERE kind IN ('accept', 'handover')))[1] AS holder_b,
        (array_agg(kind ORDER BY d DESC, id DESC) FILTER (WHERE d <= before AND kind IN
            ('complete','terminate','entrust_out','revoke','postpone','suspend','resume')))[1] AS status_a,
        (array_agg(kind ORDER BY d DESC, id DESC) FILTER (WHERE kind IN
            ('complete','terminate','entrust_out','revoke','postpone','suspend','resume')))[1] AS status_b,
        (array_agg(ground ORDER BY d DESC, id DESC) FILTER (WHERE kind = 'postpone'))[1] AS ground_b,
        (array_agg(condition ORDER BY d DESC, id DESC) FILTER (WHERE kind = 'classify'))[1] AS condition_b,
        coalesce((array_agg(kind = 'separate_register' ORDER BY d DESC, id DESC) FILTER (WHERE d <= before
            AND (kind = 'separate_register' OR (kind = 'classify' AND condition = 'able'))))[1], false) AS separate_a,
        coalesce((array_agg(kind = 'separate_register' ORDER BY d DESC, id DESC) FILTER (WHERE
            kind = 'separate_register' OR (kind = 'classify' AND condition = 'able')))[1], false) AS separate_b,
        coalesce(sum(amount) FILTER (WHERE kind = 'payment' AND d <= before), 0) AS collected_a,
        coalesce(sum(amount) FILTER (WHERE kind = 'payment'), 0) AS collected_b,
        coalesce(sum(amount) FILTER (WHERE kind = 'reduce' AND d <= before), 0) AS reduced_a,
        coalesce(sum(amount) FILTER (WHERE kind = 'reduce'), 0) AS reduced_b
    FROM ev GROUP BY y, m, case_id
),
p AS (
    SELECT st.*,
        accepted_a AND coalesce(status_a, 'resume') IN ('postpone','suspend','resume') AS open_a,
        coalesce(status_b, 'resume') IN ('postpone','suspend','resume') AS open_b,
        owed - collected_a - reduced_a AS remaining_a, owed - collected_b - reduced_b AS remaining_b
    FROM st
),
k AS (
    SELECT p.*,
        CASE WHEN %(by_officer)s THEN officer ELSE coalesce(m.child, 0) END AS grp,
        CASE WHEN NOT accepted_a THEN 'new'
             WHEN open_a AND NOT separate_a THEN 'carried'
             WHEN open_a AND separate_a AND (NOT separate_b OR NOT open_b) THEN 'returned' END AS entry
    FROM p LEFT JOIN unnest(%(members)s::int[], %(children)s::int[]) AS m(agency_id, child) ON m.agency_id = p.holder_b
    WHERE p.holder_b = ANY(%(scope)s)
)
SELECT y, m, grp,
    count(*) FILTER (WHERE entry = 'carried'), coalesce(sum(remaining_a) FILTER (WHERE entry = 'carried'), 0),
    count(*) FILTER (WHERE entry IN ('new', 'returned')),
    coalesce(sum(CASE WHEN entry = 'new' THEN owed ELSE remaining_a END) FILTER (WHERE entry IN ('new','returned')), 0),
    count(*) FILTER (WHERE status_b = 'entrust_out'), coalesce(sum(remaining_b) FILTER (WHERE status_b = 'entrust_out'), 0),
    count(*) FILTER (WHERE status_b = 'revoke'), coalesce(sum(remaining_b) FILTER (WHERE status_b = 'revoke'), 0),
    count(*) FILTER (WHERE status_b = 'complete'), coalesce(sum(collected_b - collected_a), 0),
    count(*) FILTER (WHERE status_b = 'terminate'), coalesce(sum(remaining_b) FILTER (WHERE status_b = 'terminate'), 0),
    coalesce(sum(reduced_b - reduced_a), 0),
    count(*) FILTER (WHERE open_b AND coalesce(status_b, 'resume') = 'resume' AND condition_b = 'able'),
    coalesce(sum(remaining_b) FILTER (WHERE open_b AND coalesce(status_b, 'resume') = 'resume' AND condition_b = 'able'), 0),
    count(*) FILTER (WHERE open_b AND coalesce(status_b, 'resume') = 'resume' AND condition_b IS NULL),
    coalesce(sum(remaining_b) FILTER (WHERE open_b AND coalesce(status_b, 'resume') = 'resume' AND condition_b IS NULL), 0),
    count(*) FILTER (WHERE open_b AND coalesce(status_b, 'resume') = 'resume' AND condition_b = 'unable'),
    coalesce(sum(remaining_b) FILTER (WHERE open_b AND coalesce(status_b, 'resume') = 'resume' AND condition_b = 'unable'), 0),
    count(*) FILTER (WHERE status_b = 'postpone'), coalesce(sum(remaining_b) FILTER (WHERE status_b = 'postpone'), 0),
    count(*) FILTER (WHERE status_b = 'postpone' AND ground_b = 'agreed'),
    coalesce(sum(remaining_b) FILTER (WHERE status_b = 'postpone' AND ground_b = 'agreed'), 0),
    count(*) FILTER (WHERE status_b = 'suspend'), coalesce(sum(remaining_b) FILTER (WHERE status_b = 'suspend'), 0),
    count(*) FILTER (WHERE open_b AND separate_b), coalesce(sum(remaining_b) FILTER (WHERE open_b AND separate_b), 0)
FROM k WHERE entry IS NOT NULL GROUP BY y, m, grp
"""
BI_ORDER = ("carried_over", "new", "entrusted_out", "revoked", "completed_actual", "terminated", "reduced",
            "able_open", "unclassified_open", "unable_open", "postponed", "postponed_agreed", "suspended",
            "separate_register")


def bi_params(scope, periods):
    """The query's parameters for a dashboard's scope (reports.engine.Scope) and cumulative periods."""
    members = sorted(scope.child_of)
    return {"years": [p.year for p in periods], "months": [p.months for p in periods],
            "befores": [p.day_before_start for p in periods], "ends": [p.end for p in periods],
            "scope": sorted(scope.ids), "by_officer": not scope.children,
            "members": members, "children": [scope.child_of[m] for m in members]}


def page_periods(period):
    """The cumulative periods whose figures a dashboard of `period` shows: every month of its year
    and of the year before (the chart; the period and the same period last year among them)."""
    from reports.calendar import Period

    return [Period(year, months) for year in (period.year, period.year - 1) for months in range(1, 13)]


def bi_figures(params) -> dict:
    """{(statistical year, months, child id or officer id; 0 for the scope's own): Figures}."""
    from reports.figures import BASE, Figures

    assert set(BASE) == set(BI_ORDER)
    with connection.cursor() as cursor, parallel_workers():
        cursor.execute(BI_SQL, params)
        rows = cursor.fetchall()
    result = {}
    for year, months, group, *values in rows:
        values, row = iter(values), {}
        for key in BI_ORDER:
            if key != "reduced":
                row[f"cases_{key}"] = next(values)
            row[f"money_{key}"] = next(values)
        result[(year, months, group)] = Figures.from_row(row)
    return result


def bi_differences(report, series, scope, period, theirs) -> list:
    """Where the dashboard's figures differ from the raw query's: the total and every row of the
    ranking (reports.engine.compute), for the period and the same period last year, and every
    month of the chart (reports.engine.year_series)."""
    from reports.engine import figures_dict
    from reports.figures import Figures

    def total(year, months):
        return figures_dict(sum((f for (y, m, _g), f in theirs.items() if (y, m) == (year, months)), Figures()))

    def same(mine, part):
        return mine == {"cases": part["cases"], "money": part["money"]}

    differences = []
    for year, part in ((period.year, report), (period.year - 1, report["previous"])):
        if not same(total(year, period.months), part):
            differences.append(f"total {year}")
    ids = {child["code"]: child["id"] for child in scope.children}
    for row in report["breakdowns"].get("child") or report["breakdowns"]["officer"]:
        group = 0 if row.get("own") else (ids[row["key"]] if scope.children else row["key"])
        for year, part in ((period.year, row), (period.year - 1, row["previous"])):
            if not same(figures_dict(theirs.get((year, period.months, group), Figures())), part):
                differences.append(f"{row['key']} {year}")
    for entry in series:
        for year, part in ((period.year, entry["current"]), (period.year - 1, entry["previous"])):
            if not same(total(year, entry["months"]), part):
                differences.append(f"chart {entry['months']}/{year}")
    return differences


# A list page as a BI tool asks for it: the rows of the page and the number of matches, in one query.
BI_LIST_SQL = """
SELECT c.*, a.short_name, o.full_name, count(*) OVER () AS matches
FROM cases_case c JOIN cases_agency a ON a.id = c.agency_id LEFT JOIN cases_officer o ON o.id = c.officer_id
WHERE {where} ORDER BY c.decision_date DESC, c.id DESC LIMIT 50 OFFSET %(offset)s
"""
# The export's rows straight from the tables.
BI_EXPORT_SQL = """
SELECT c.decision_number, c.decision_date, c.accepted_on, a.name, o.full_name, c.debtor_name, c.creditor_name,
       c.judgment_kind, c.initiation, c.is_credit_institution, c.is_corruption_asset, c.amount, c.collected_amount,
       c.reduced_amount, c.remaining_amount, c.status, c.condition, c.in_separate_register, c.closed_on,
       c.open_complaints
FROM cases_case c JOIN cases_agency a ON a.id = c.agency_id LEFT JOIN cases_officer o ON o.id = c.officer_id
WHERE c.agency_id = ANY(%(scope)s) AND c.status = ANY(%(open)s) ORDER BY c.decision_date DESC, c.id DESC
"""


@contextmanager
def parallel_workers():
    """PostgreSQL's default of two parallel workers a query, for the raw SQL (the site's
    connections start without: thads/settings.py), as a BI tool's connection would have them."""
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 2")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET max_parallel_workers_per_gather")


def bi_timed(params):
    """The raw query's median time over BI_REPEATS runs (one when a run takes over a minute, as it
    does nationally), and its figures."""
    times = []
    while len(times) < BI_REPEATS and not (times and times[0] > 60_000):
        start = time.perf_counter()
        figures = bi_figures(params)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), figures


def raw_timed(sql, params, repeats=BI_REPEATS):
    """The median of a raw query's runs (no warm-up: on national scopes one run takes a minute)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        with connection.cursor() as cursor, parallel_workers():
            cursor.execute(sql, params)
            cursor.fetchall()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# --- the measurements ---------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--only", nargs="*", default=[],
                        help="measure only the rows whose label contains one of these words (while working on them)")
    parser.add_argument("--no-raw", action="store_true",
                        help="leave out the raw SQL beside the pages (the national dashboard's takes minutes)")
    args = parser.parse_args()
    n = max(20, args.requests)

    def wanted(label):
        return not args.only or any(word.lower() in label.lower() for word in args.only)

    from cases.models import Agency, Case, CaseEvent, User
    from cases.scoping import agency_scope_ids
    from reports.calendar import Period
    from reports.engine import compute, resolve_scope, year_series
    from thads import data_version

    if connection.vendor != "postgresql" or not Case.objects.exists():
        sys.exit("Needs the national dataset on PostgreSQL: see `make bench`.")
    print(f"{Case.objects.count():,} cases, {CaseEvent.objects.count():,} events; cache: "
          f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}; {n} requests each\n".replace(",", "."))
    period = Period(*PERIOD)
    results, notes, period_alone = [], [], {}

    def record(row):
        results.append(row)
        print(f"  {row['what']}: median {row['median']:.1f} ms, p95 {row['p95']:.1f} ms", file=sys.stderr, flush=True)

    def bump():
        data_version.changed()

    def page(label, username, url, *, agency_code=None, uncached=True):
        if not wanted(label):
            return
        client = Client()
        client.force_login(User.objects.get(username=username))

        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        modes = (("uncached", bump), ("cached", None)) if uncached else ((None, None),)
        for mode, before in modes:
            median, p95 = timed(get, n, before)
            record({"what": f"{label} ({mode})" if mode else label, "median": median, "p95": p95,
                    "queries": queries_of(get, before)})
        if agency_code and not args.no_raw:
            agency = Agency.objects.get(code=agency_code)
            scope = resolve_scope(agency, period, agency_scope_ids(agency.pk))
            # What the page shows, live.
            report = compute(agency, period, scope_ids=scope.ids, dimensions=False, live=True)
            series = year_series(agency, period.year, scope.ids)
            median, theirs = bi_timed(bi_params(scope, page_periods(period)))
            differences = bi_differences(report, series, scope, period, theirs)
            for row in results[-2:]:
                row["bi"] = median
            results[-2]["bi_same"] = not differences
            if differences:
                print(f"!! {label}: the raw SQL's figures differ from the page's: {', '.join(differences)}")
            alone, _figures = bi_timed(bi_params(scope, [period, period.previous_year]))
            period_alone[label] = alone
            notes.append(f"{label}: the raw SQL for the period and the same period last year alone (the cards "
                         f"and the ranking, without the chart) takes {alone:.0f} ms: "
                         f"{alone / results[-2]['p95']:.1f}× the uncached page's p95, "
                         f"{alone / results[-1]['p95']:.1f}× the cached page's.")

    year, months = PERIOD
    page("National dashboard", "trunguong", f"/?year={year}&months={months}", agency_code="CQLTHADS")
    page("Provincial dashboard", "lanhdao", f"/?year={year}&months={months}", agency_code="THADS-TUYENQUANG")
    page("Unit dashboard", "thuky", f"/?year={year}&months={months}", agency_code="PTHADS-TUYENQUANG-KV01")
    # A case of a province (one with an open complaint: every part of the page), seen by the
    # province's leader and by the central agency.
    if wanted("Case page"):
        case = production_like.a_case_of("THADS-TUYENQUANG")
        for who, username in (("provincial", "lanhdao"), ("national", "trunguong")):
            page(f"Case page ({who})", username, f"/cases/{case.pk}/", uncached=False)
    from cases.models import CaseStatus

    opened = list(CaseStatus.open_values())
    where = "c.status = ANY(%(open)s) AND c.judgment_kind = 'civil' AND c.initiation = 'on_request'"
    label = "Case list, 3 filters"
    page(label, "trunguong", "/cases/?is_open=true&judgment_kind=civil&initiation=on_request", uncached=False)
    if wanted(label) and not args.no_raw:
        results[-1]["bi"] = raw_timed(BI_LIST_SQL.format(where=where), {"open": opened, "offset": 0})
    label = "Case list, page 1.001"
    if wanted(label):
        deep = Case.objects.order_by("-decision_date", "-id").values_list("decision_date", "id")[50_000]
        page(label, "trunguong", f"/cases/?after={deep[0].isoformat()}~{deep[1]}", uncached=False)
        if not args.no_raw:
            results[-1]["bi"] = raw_timed(BI_LIST_SQL.format(where="true"), {"offset": 50_000})

    # Searches by a party's full name (a common one), by a decision number, and by two words in
    # half of the cases (the banks among the creditors), at each level.
    for who, username in (("national", "trunguong"), ("provincial", "lanhdao"), ("unit", "thuky")):
        for text in ("Trần Thị Mai", "1234/QĐ", "ngân hàng"):
            page(f"Case list, search “{text}” ({who})", username, f"/cases/?{urlencode({'q': text})}", uncached=False)

    page("Case list, a focus list (idle 90 days)", "trunguong", "/cases/?focus=idle&sort=accepted_on", uncached=False)
    page("Case list, largest remaining first", "trunguong", "/cases/?is_open=true&sort=-remaining", uncached=False)
    # Behind each official figure, nationally: the total from the figure, the rows found through
    # the spans (a rare state) or by walking the decision-date index (a common one).
    from reports.behind import FIGURE_KEYS

    for key in FIGURE_KEYS:
        page(f"Case list, behind {key}", "trunguong", f"/cases/?figure={key}&year={year}&months={months}",
             uncached=False)

    from io import StringIO

    from django.core.management import call_command

    def report():
        call_command("thads_report", agency="CQLTHADS", year=year, months=months, by="child", format="json",
                     stdout=StringIO())

    label = "12-month report command (national)"
    if wanted(label):
        median, p95 = timed(report, n)
        # Its raw side: the national dashboard's query for the period and the same period last year.
        record({"what": label, "median": median, "p95": p95, "queries": queries_of(report),
                "bi": period_alone.get("National dashboard")})

    label = "Export, a province's open cases (CSV)"
    if wanted(label):
        province = Agency.objects.get(code="THADS-TUYENQUANG")
        export_client = Client()
        export_client.force_login(User.objects.get(username="lanhdao"))

        def export():
            response = export_client.get(f"/cases/export.csv?agency={province.pk}&is_open=true")
            assert response.status_code == 200
            export.size = len(b"".join(response.streaming_content))

        median, p95 = timed(export, n)
        record({"what": label, "median": median, "p95": p95, "queries": queries_of(export),
                "bi": None if args.no_raw else raw_timed(BI_EXPORT_SQL, {"scope": list(agency_scope_ids(province.pk)),
                                                                         "open": opened})})
        print(f"export: {export.size / 1e6:.1f} MB")

    if wanted("Import"):
        median, p95, imported = import_timed(n)
        record({"what": f"Import, {imported} new cases (rolled back)", "median": median, "p95": p95, "queries": None})

    print(f"{'':52s} {'median':>9s} {'p95':>9s} {'queries':>8s} {'raw SQL':>10s} {'ratio':>7s}")
    for row in results:
        bi = row.get("bi")
        ratio = f"{bi / row['p95']:6.0f}×" if bi else ""
        same = {True: "  (same figures)", False: "  (FIGURES DIFFER)"}.get(row.get("bi_same"), "")
        queries = "" if row["queries"] is None else row["queries"]
        print(f"{row['what']:52s} {row['median']:7.1f}ms {row['p95']:7.1f}ms {queries:>8} "
              f"{(f'{bi:8.0f}ms' if bi else ''):>10s} {ratio:>7s}{same}")
    for note in notes:
        print(f"\n{note}")
    print_page_goals(results)
    if wanted("gunicorn"):
        memory = worker_memory()
        print(f"\ngunicorn worker after 200 requests: peak {memory['VmHWM']:.0f} MB, now {memory['VmRSS']:.0f} MB\n")
    if wanted("recomputed"):
        recomputation_check()


# Issue 27's goals for pages (server time on this machine; bench/load.py has the load's):
# (the rows whose label starts with it, the statistic, its bound in ms).
PAGE_GOALS = (("Case list", "median", 20), ("Case page", "median", 20), ("National dashboard (uncached)", "p95", 50))


def print_page_goals(results):
    lines = []
    for prefix, statistic, bound in PAGE_GOALS:
        rows = [row for row in results if row["what"].startswith(prefix)]
        if not rows:
            continue
        worst = max(rows, key=lambda row: row[statistic])
        missed = [row for row in rows if row[statistic] > bound]
        verdict = "held" if not missed else f"MISSED by {len(missed)} of {len(rows)}"
        lines.append(f"{prefix}: {statistic} ≤ {bound} ms: {verdict} (the worst {worst[statistic]:.1f} ms, "
                     f"{worst['what']})")
        lines += [f"    over: {row['what']} {row[statistic]:.1f} ms" for row in missed]
    if lines:
        print("\nGoals of issue 27 (pages):")
        print("\n".join(f"  {line}" for line in lines))


IMPORT_ROWS = 200


class Rollback(Exception):
    pass


def import_timed(repeats):
    """A clerk's file of new cases through the import service (checks, writes, summary deltas), each
    run rolled back so that every run imports the same file into the same register."""
    from django.db import transaction

    from cases.models import User
    from casework import imports

    clerk = User.objects.get(username="thuky")
    headers = [c.header for c in imports.CASE_COLUMNS]
    lines = [";".join(headers)]
    for i in range(IMPORT_ROWS):
        values = dict(zip(headers, imports.EXAMPLE_ROW, strict=True))
        values["Số quyết định"] = f"{90000 + i}/QĐ-CCTHADS"
        values["Số tiền phải thi hành (đồng)"] = f"{(i + 1) * 1_000_000}"
        lines.append(";".join(values[h] for h in headers))
    data = ("\ufeff" + "\n".join(lines)).encode("utf-8")

    def run():
        try:
            with transaction.atomic():
                result = imports.import_cases(data, "bench.csv", user=clerk, today=TODAY)
                assert not result.errors and result.created == IMPORT_ROWS, result.errors[:3]
                raise Rollback
        except Rollback:
            pass

    median, p95 = timed(run, repeats)
    return median, p95, IMPORT_ROWS


def worker_memory(requests=200):
    """Start gunicorn (one sync worker) on loopback, serve the pages above as a signed-in leader and
    read the worker's peak resident memory (VmHWM)."""
    import subprocess
    import urllib.request

    session = production_like.signed_in_session("trunguong")
    port = 8765
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "thads.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--chdir", str(ROOT), "--log-level", "warning"],
        env={**os.environ, "ALLOWED_HOSTS": "127.0.0.1"})
    try:
        year, months = PERIOD
        urls = [f"/?year={year}&months={months}", "/cases/?is_open=true&judgment_kind=civil&initiation=on_request",
                f"/?year={year}&months=6", "/cases/?sort=-remaining"]
        opener = urllib.request.build_opener()
        opener.addheaders = [("Cookie", f"{settings.SESSION_COOKIE_NAME}={session.session_key}")]
        for _attempt in range(100):  # until the server answers
            try:
                opener.open(f"http://127.0.0.1:{port}{urls[0]}", timeout=60).read()
                break
            except OSError:
                time.sleep(0.2)
        for i in range(requests):
            with opener.open(f"http://127.0.0.1:{port}{urls[i % len(urls)]}", timeout=60) as response:
                # the page itself, not the login page a refused session is sent to
                assert response.status == 200 and response.geturl().endswith(urls[i % len(urls)])
                response.read()
        worker = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()[0]
        status = Path(f"/proc/{worker}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        return {k: int(fields[k].split()[0]) / 1024 for k in ("VmHWM", "VmRSS")}
    finally:
        server.terminate()
        server.wait(timeout=30)
        session.delete()


def recomputation_check(sample=5, seed=7):
    """Recompute a sample of regional offices from their raw events (reports.contributions, the
    figures' one definition) and compare with their stored summary rows, every period of every year."""
    import random

    from django.db.models import Prefetch

    from cases.models import Agency, Case, CaseEvent
    from reports import summaries
    from reports.models import FigureCount

    regions = list(Agency.objects.filter(code__startswith="PTHADS-").order_by("code").values_list("pk", "code"))
    chosen = random.Random(seed).sample(regions, sample)
    years = sorted(summaries.filled_years())
    fields = list(FigureCount.DIMS) + summaries.COLUMNS
    failures = 0
    for pk, code in chosen:
        cases = Case.objects.filter(agency_id=pk).prefetch_related(
            Prefetch("events", queryset=CaseEvent.objects.order_by("effective_date", "id"))).order_by("pk")
        # A regional office holds every case that counts for it: it exists since the restructure,
        # and the cases handed over to it then are its own since.
        recomputed = {key: row for key, row in summaries.compute_rows(years, cases.iterator(chunk_size=2000)).items()
                      if key[2] == pk}
        stored = {}
        for values in FigureCount.objects.filter(agency_id=pk).values_list(*fields):
            stored[tuple(values[: len(FigureCount.DIMS)])] = dict(zip(summaries.COLUMNS, values[len(FigureCount.DIMS):],
                                                                     strict=True))
        same = recomputed == stored
        failures += not same
        print(f"recomputed from raw events: {code}: {cases.count()} cases, {len(stored)} summary rows: "
              f"{'equal' if same else 'DIFFERENT'}")
    if failures:
        sys.exit(f"{failures} of {sample} sampled units differ from their recomputation.")


if __name__ == "__main__":
    main()
