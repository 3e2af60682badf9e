"""Time the case import on a fresh database: rows per second and peak memory.

    .venv/bin/python bench/import_cases.py [rows] [--events]

Builds a throwaway SQLite database (or uses DATABASE_URL if set: give it an empty database),
loads the agency tree, writes a CSV of `rows` cases spread over the units of one province, and
imports it with `casework.imports.import_cases` as a clerk of that province; with --events, then
imports their events (each case verified and classified, a third paid and completed: about 2,5
events per case). The summary figures are kept (years filled), as in use. Numbers go in bench/RESULTS.md.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
import django  # noqa: E402
import production_like  # noqa: E402, F401  (as deployed: DEBUG would keep every query's SQL)

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from cases.models import Agency, User  # noqa: E402
from casework import agencies, imports  # noqa: E402
from reports import summaries  # noqa: E402


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(rows, with_events):
    call_command("migrate", verbosity=0)
    call_command("load_agencies", verbosity=0)
    province = Agency.objects.get(code="THADS-TUYENQUANG")  # the example row is of 2026
    units = [agencies.agency_create(code=f"BENCH-KV{i:02d}", name=f"Phòng khu vực {i}", short_name=f"KV {i}",
                                    level=Agency.Level.LOCAL, parent=province, valid_from=province.valid_from)
             for i in range(1, 11)]
    for year in (2025, 2026, 2027):  # as in use: the summary figures are kept for these years
        summaries.fill_year(year)
    clerk = User.objects.create_user("bench", password="x", agency=province, role=User.Role.CLERK)
    headers = [c.header for c in imports.CASE_COLUMNS]
    lines = [";".join(headers)]
    for i in range(rows):
        values = dict(zip(headers, imports.EXAMPLE_ROW, strict=True))
        values.update({"Mã cơ quan thụ lý": units[i % 10].code, "Số quyết định": f"{i + 1}/QĐ-BENCH",
                       "Số tiền phải thi hành (đồng)": str(1_000_000 + i)})
        lines.append(";".join(values[h] for h in headers))
    data = "\n".join(lines).encode()
    print(f"database: {connection.vendor}; {rows} rows, {len(data) / 1024:.0f} KiB; peak so far {peak_mib():.0f} MiB")
    start = time.perf_counter()
    result = imports.import_cases(data, "bench.csv", user=clerk)
    elapsed = time.perf_counter() - start
    assert not result.errors, result.errors[:5]
    print(f"cases:  {result.created} in {elapsed:.1f} s = {result.created / elapsed:.0f} rows/s; peak {peak_mib():.0f} MiB")
    if with_events:
        data = events_file(rows, units)
        start = time.perf_counter()
        result = imports.import_events(data, "bench.csv", user=clerk)
        elapsed = time.perf_counter() - start
        assert not result.errors, result.errors[:5]
        print(f"events: {result.created} in {elapsed:.1f} s = {result.created / elapsed:.0f} rows/s; "
              f"peak {peak_mib():.0f} MiB")


def events_file(rows, units) -> bytes:
    """Each case verified and classified; a third of them paid in full and completed."""
    headers = [c.header for c in imports.EVENT_COLUMNS]
    lines = [";".join(headers)]

    def line(i, kind, day, **more):
        values = dict.fromkeys(headers, "")
        values.update({"Mã cơ quan thụ lý": units[i % 10].code, "Số quyết định": f"{i + 1}/QĐ-BENCH",
                       "Ngày quyết định": "02/03/2026", "Sự kiện": kind, "Ngày hiệu lực": day, **more})
        lines.append(";".join(values[h] for h in headers))

    for i in range(rows):
        line(i, "Xác minh", "10/03/2026")
        line(i, "Phân loại điều kiện thi hành", "12/03/2026",
             **{"Kết quả phân loại": "Chưa có điều kiện thi hành" if i % 4 == 3 else "Có điều kiện thi hành"})
        if i % 3 == 0 and i % 4 != 3:
            line(i, "Thu tiền", "15/04/2026", **{"Số tiền (đồng)": str(1_000_000 + i), "Số chứng từ, văn bản": f"BL-{i}"})
            line(i, "Thi hành xong", "16/04/2026")
    return "\n".join(lines).encode()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 2000, "--events" in sys.argv)
