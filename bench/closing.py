"""Time closing a period: the agency's snapshot and those of every unit it closes with it.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/closing.py THADS-TUYENQUANG 2026 9
    DATABASE_URL=postgres://…/thads_national .venv/bin/python bench/closing.py CQLTHADS 2026 9

Closes the period as its leadership would (reports.closing.period_close: the confirmation's refusal
rule, the figures filled, one snapshot per agency), three times, each inside a transaction rolled
back afterwards, so the database is left as it was. Prints the median, the number of closings
written and the peak memory. Numbers go in bench/RESULTS.md.
"""

import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from production_like import rolled_back  # noqa: E402  (bench/ is the script's directory; sets production's settings)

RUNS = 3


def main(code, year, months):
    import django

    django.setup()
    from cases.models import Agency, User
    from reports.calendar import Period
    from reports.closing import period_close
    from reports.models import PeriodClosing

    agency = Agency.objects.get(code=code)
    leader = User.objects.filter(agency=agency, role=User.Role.LEADERSHIP).first()
    if leader is None:
        leader = User.objects.create_user(f"bench.closing.{code.lower()}", password=None, agency=agency,
                                          role=User.Role.LEADERSHIP)
    period = Period(year, months)
    times = []

    def run():
        start = time.perf_counter()
        closing = period_close(agency=agency, period=period, user=leader, today=date(2026, 12, 6))
        times.append(time.perf_counter() - start)
        return 1 + PeriodClosing.objects.filter(part_of=closing).count()

    for _run in range(RUNS):
        written = rolled_back(run)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"close {code} {period.short_name}: median {statistics.median(times):.2f} s, max {max(times):.2f} s, "
          f"{written} closings, peak {peak:.0f} MiB")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
