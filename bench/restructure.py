"""Time a restructure: its preview, then its apply (every open case handed over, people moved,
units ended and linked).

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/restructure.py THADS-TUYENQUANG 5
    DATABASE_URL=postgres://…/thads .venv/bin/python bench/restructure.py THADS-TUYENQUANG 5

Merges the first N regional offices of the province into a new one on the first day of next month
(casework.restructure, as the page does), three times, each inside a transaction rolled back
afterwards, so the database is left as it was. Prints the medians, the cases moved and the peak
memory. Numbers go in bench/RESULTS.md.
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
TODAY = date(2026, 12, 6)
DAY = date(2026, 12, 1)


def main(code, count):
    import django

    django.setup()
    from cases.models import Agency, User
    from casework import agencies
    from casework.restructure import Plan, restructure_apply, restructure_preview

    province = Agency.objects.get(code=code)
    admin = User.objects.filter(agency=province, role=User.Role.ADMINISTRATOR).first()
    units = list(Agency.objects.filter(parent=province, valid_to__isnull=True).order_by("path")[:count])
    previews, applies = [], []

    def run():
        merged = agencies.agency_create(code=f"{code}-BENCH", name="Phòng khu vực (bench)", short_name="Bench",
                                        parent=province, valid_from=DAY)
        plan = Plan(effective_date=DAY, predecessors=units, successors=[merged])
        start = time.perf_counter()
        preview = restructure_preview(plan, user=User.objects.get(pk=admin.pk), today=TODAY)
        previews.append(time.perf_counter() - start)
        assert not preview.problems, preview.problems
        start = time.perf_counter()
        done = restructure_apply(plan, user=User.objects.get(pk=admin.pk), today=TODAY)
        applies.append(time.perf_counter() - start)
        return done.case_count

    for _run in range(RUNS):
        moved = rolled_back(run)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"merge {len(units)} units of {code} ({moved} open cases): preview median {statistics.median(previews):.2f} s, "
          f"apply median {statistics.median(applies):.2f} s (max {max(applies):.2f} s), peak {peak:.0f} MiB")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
