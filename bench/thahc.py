"""Time the figures of followed administrative judgments at national scale.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/thahc.py 50000
    DATABASE_URL=postgres://…/thads .venv/bin/python bench/thahc.py 50000

Adds N judgments spread over every operating provincial and local agency of the country (received
over five statistical years, a quarter of them completed, a few ended otherwise, a third with a
compulsion decision), inside a transaction rolled back afterwards, and times `reports.thahc.compute`
(totals, last year, by child, by officer) for the central agency and for one province, and the
dashboard's one query, five times each. Prints the medians and the peak memory. Numbers go in
bench/RESULTS.md. The country receives about 1.400 such judgments a year (domain primer §11):
50.000 is some thirty years of them.
"""

import random
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from production_like import rolled_back  # noqa: E402  (bench/ is the script's directory; sets production's settings)

RUNS = 5


def main(count):
    import django

    django.setup()
    from cases import thahc_due
    from cases.models import Agency, FollowedJudgment
    from reports import thahc
    from reports.calendar import Period

    central = Agency.objects.filter(level=Agency.Level.CENTRAL, parent__isnull=True, valid_to__isnull=True).first()
    units = list(Agency.objects.exclude(level=Agency.Level.CENTRAL).filter(valid_to__isnull=True))
    province = next(u for u in units if u.level == Agency.Level.PROVINCIAL)
    period = Period(2026, 12)
    rng = random.Random(2026)
    timings = {"national": [], "province": [], "dashboard query": []}

    def run():
        rows = []
        for number in range(count):
            received = date(2021, 10, 1) + timedelta(days=rng.randrange(5 * 365))
            follow = rng.random() < 0.85
            fate = rng.random()
            closed = received + timedelta(days=rng.randrange(30, 700)) if follow and fate < 0.3 else None
            rows.append(FollowedJudgment(
                agency=rng.choice(units), received_on=received, court="Tòa án nhân dân", judgment_number=f"{number}/HC",
                judgment_date=received - timedelta(days=20), judgment_type="first_instance",
                claim_result="accepted" if follow else "rejected", has_follow_up=follow, body="UBND", beneficiary="A",
                status=("counted" if not follow else "followed" if closed is None else
                        "ended" if fate < 0.02 else "completed"),
                closed_on=closed, compelled_on=received + timedelta(days=60) if follow and fate > 0.66 else None,
                next_due_on=received + timedelta(days=40) if follow and closed is None else None))
        FollowedJudgment.objects.bulk_create(rows, batch_size=2000)
        for _run in range(RUNS):
            for label, agency in (("national", central), ("province", province)):
                start = time.perf_counter()
                report = thahc.compute(agency, period)
                timings[label].append(time.perf_counter() - start)
                assert report["figures"].problems() == []
            start = time.perf_counter()
            ids = frozenset(Agency.objects.values_list("pk", flat=True))
            thahc.figures_with_last_year(ids, period, **thahc_due.counters(date(2026, 12, 7)))
            timings["dashboard query"].append(time.perf_counter() - start)
        return report["figures"]["transferred"]

    transferred = rolled_back(run)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{count} judgments over {len(units)} agencies; a province's 12 months of 2026: {transferred} transferred")
    for label, values in timings.items():
        print(f"  {label}: median {statistics.median(values) * 1000:.0f} ms (max {max(values) * 1000:.0f} ms)")
    print(f"  peak {peak:.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
