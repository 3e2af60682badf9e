"""Time the case and event imports: rows per second, CPU time and peak memory, against issue 27's goals.

    .venv/bin/python bench/import_cases.py [rows] [--events] [--check]
    DATABASE_URL=postgres://…/an_empty_database .venv/bin/python bench/import_cases.py 100000 --events --check
    DATABASE_URL=postgres://…/thads_national .venv/bin/python bench/import_cases.py 20000 --events --existing

Fresh (the default): builds a throwaway SQLite database (or uses DATABASE_URL: give it an empty
database), loads the agency tree, writes a CSV of `rows` cases spread over ten new units of one
province, and imports it with `casework.imports.import_cases` as a clerk of that province; with
--events, then imports their events (each case verified and classified, a third paid and
completed: 2,5 events per case). The summary figures are kept (years filled), as in use.

--existing: into the database as it is (the national dataset: four million cases), over the
regional offices of Tuyên Quang, as a clerk of that province; everything is rolled back at the end,
and the dead rows that leaves are vacuumed.

--check: afterwards, the summary rows of the units imported into are recomputed from their raw
events (reports.contributions, the figures' one definition) and compared with those stored.

On PostgreSQL the time includes the foreign keys' checks that the import's commit would run (the
runs here commit or roll back only at the end): an import that checks them as it writes shows 0 s.

Peak memory is the process's maximum resident size (the file's bytes included), in MB (10^6 bytes). Numbers go in
bench/RESULTS.md, never in a test.
"""

import io
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
import django  # noqa: E402
import production_like  # noqa: E402, F401  (as deployed: DEBUG would keep every query's SQL)

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Prefetch  # noqa: E402

from audit.models import Change  # noqa: E402
from cases.models import Agency, Case, CaseEvent, User  # noqa: E402
from casework import agencies, imports  # noqa: E402
from demo import national  # noqa: E402
from reports import summaries  # noqa: E402
from reports.models import FigureCount  # noqa: E402

# Issue 27's goals: rows a second (PostgreSQL, SQLite; into the national database), peak memory.
RATE_GOALS = {"postgresql": 5000, "sqlite": 3000}
EXISTING_RATE_GOAL = 3000
PEAK_GOAL_MB = 300
TODAY = date(2026, 11, 22)  # the national dataset's today; every row of the files is dated before it


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Rollback(Exception):
    pass


def fresh_setup():
    call_command("migrate", verbosity=0)
    call_command("load_agencies", verbosity=0)
    province = Agency.objects.get(code="THADS-TUYENQUANG")  # the example row is of 2026
    units = [agencies.agency_create(code=f"BENCH-KV{i:02d}", name=f"Phòng khu vực {i}", short_name=f"KV {i}",
                                    level=Agency.Level.LOCAL, parent=province, valid_from=province.valid_from)
             for i in range(1, 11)]
    for year in (2025, 2026, 2027):  # as in use: the summary figures are kept for these years
        summaries.fill_year(year)
    return province, units


def existing_setup():
    province = Agency.objects.get(code="THADS-TUYENQUANG")
    units = list(Agency.objects.filter(parent=province, valid_to__isnull=True).order_by("code")[:10])
    return province, units


def cases_file(rows, units) -> bytes:
    """Written line by line (a list of the lines first would count in the process's peak memory)."""
    headers = [c.header for c in imports.CASE_COLUMNS]
    out = io.BytesIO()
    out.write(";".join(headers).encode())
    for i in range(rows):
        values = dict(zip(headers, imports.EXAMPLE_ROW, strict=True))
        values.update({"Mã cơ quan thụ lý": units[i % len(units)].code, "Số quyết định": f"{i + 1}/QĐ-BENCH",
                       "Số tiền phải thi hành (đồng)": str(1_000_000 + i)})
        out.write(("\n" + ";".join(values[h] for h in headers)).encode())
    return out.getvalue()


def events_file(rows, units) -> bytes:
    """Each case verified and classified; a third of them paid in full and completed."""
    headers = [c.header for c in imports.EVENT_COLUMNS]
    out = io.BytesIO()
    out.write(";".join(headers).encode())

    def line(i, kind, day, **more):
        values = dict.fromkeys(headers, "")
        values.update({"Mã cơ quan thụ lý": units[i % len(units)].code, "Số quyết định": f"{i + 1}/QĐ-BENCH",
                       "Ngày quyết định": "02/03/2026", "Sự kiện": kind, "Ngày hiệu lực": day, **more})
        out.write(("\n" + ";".join(values[h] for h in headers)).encode())

    for i in range(rows):
        line(i, "Xác minh", "10/03/2026")
        line(i, "Phân loại điều kiện thi hành", "12/03/2026",
             **{"Kết quả phân loại": "Chưa có điều kiện thi hành" if i % 4 == 3 else "Có điều kiện thi hành"})
        if i % 3 == 0 and i % 4 != 3:
            line(i, "Thu tiền", "15/04/2026", **{"Số tiền (đồng)": str(1_000_000 + i), "Số chứng từ, văn bản": f"BL-{i}"})
            line(i, "Thi hành xong", "16/04/2026")
    return out.getvalue()


def server_cpu():
    """The CPU seconds of this connection's PostgreSQL server process so far, when it runs on this
    machine (the other half of an import's work: its writes go there, from a thread of this process
    on the same connection, while this process reads on); None elsewhere. The second connection
    that takes keys ahead is left out (a query a chunk)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def timed_import(what, function, data, clerk, goal):
    server = server_cpu()
    cpu, start = time.process_time(), time.perf_counter()
    result = function(data, "bench.csv", user=clerk, today=TODAY)
    settled = time.perf_counter()
    if connection.vendor == "postgresql":
        # What the import's commit does (the runs here commit or roll back only at the end): the
        # foreign keys' checks, deferred until then, one a row and key.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    settled = time.perf_counter() - settled
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    after = server_cpu()
    server = "" if server is None or after is None or after < server else f"; the server's CPU {after - server:.1f} s"
    assert not result.errors, result.errors[:5]
    rate = result.created / elapsed
    print(f"{what:7s} {result.created:>7} rows in {elapsed:6.1f} s = {rate:5.0f} rows/s (this process's CPU "
          f"{cpu:.1f} s{server}; deferred key checks {settled:.1f} s; {len(data) / 2**20:.1f} MiB file); "
          f"peak so far {peak_mib():.0f} MiB; goal ≥ {goal} rows/s: {'held' if rate >= goal else 'MISSED'}")
    return rate >= goal


def recomputation_check(units) -> bool:
    """The stored summary rows of `units` equal their recomputation from the raw events."""
    years = sorted(summaries.filled_years())
    fields = list(FigureCount.DIMS) + summaries.COLUMNS
    same = True
    for unit in units:
        cases = Case.objects.filter(agency=unit).prefetch_related(
            Prefetch("events", queryset=CaseEvent.objects.order_by("effective_date", "id"))).order_by("pk")
        recomputed = {key: row for key, row in summaries.compute_rows(years, cases.iterator(chunk_size=2000)).items()
                      if key[2] == unit.pk}
        stored = {tuple(values[:len(FigureCount.DIMS)]): dict(zip(summaries.COLUMNS, values[len(FigureCount.DIMS):],
                                                                  strict=True))
                  for values in FigureCount.objects.filter(agency=unit).values_list(*fields)}
        equal = recomputed == stored and bool(stored)
        same &= equal
        print(f"recomputed from raw events: {unit.code}: {len(stored)} summary rows: {'equal' if equal else 'DIFFERENT'}")
    return same


def vacuum_after_rollback():
    """The rows the rolled-back import wrote are dead rows of the national dataset, which nothing
    cleans here (autovacuum is off on these machines): each run left 20.000 cases, 70.000 events
    and their history and spans behind, and the page benchmarks run after it then read through
    them (a unit's search 24 → 94 ms after six runs). Vacuumed as autovacuum would have: the
    dataset's tables, as its generator leaves them (demo.national), and the history."""
    if connection.vendor != "postgresql":
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:  # outside the rolled-back transaction: VACUUM may run
        for model in (*national.TABLES, Change):
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
    print(f"vacuumed what the rolled-back import left, in {time.perf_counter() - started:.1f} s")


def main(rows, *, with_events, check, existing):
    province, units = existing_setup() if existing else fresh_setup()
    goal = EXISTING_RATE_GOAL if existing else RATE_GOALS[connection.vendor]
    clerk = User(username="bench-import", agency=province, role=User.Role.CLERK)
    clerk.set_unusable_password()
    held = True
    print(f"database: {connection.vendor} ({'existing: ' + str(Case.objects.count()) + ' cases' if existing else 'fresh'}); "
          f"{rows} cases over {len(units)} units; peak so far {peak_mib():.0f} MiB")
    try:
        with transaction.atomic():
            clerk.save()
            held &= timed_import("cases", imports.import_cases, cases_file(rows, units), clerk, goal)
            if with_events:
                held &= timed_import("events", imports.import_events, events_file(rows, units), clerk, goal)
            if check:
                held &= recomputation_check(units[:3] if existing else units)
            if existing:
                raise Rollback
    except Rollback:
        print("rolled back")
        vacuum_after_rollback()
    peak_mb = peak_mib() * 2**20 / 1e6
    print(f"peak memory {peak_mb:.0f} MB ({peak_mib():.0f} MiB): goal ≤ {PEAK_GOAL_MB} MB: "
          f"{'held' if peak_mb <= PEAK_GOAL_MB else 'MISSED'}")
    held &= peak_mb <= PEAK_GOAL_MB
    print("every goal held" if held else "SOME GOAL MISSED")
    return held


if __name__ == "__main__":
    count = next((int(arg) for arg in sys.argv[1:] if arg.isdigit()), 2000)
    ok = main(count, with_events="--events" in sys.argv, check="--check" in sys.argv, existing="--existing" in sys.argv)
    sys.exit(0 if ok else 1)
