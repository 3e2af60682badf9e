import time

from django.core.management.base import BaseCommand, CommandError

from cases.models import Case
from demo import national


class Command(BaseCommand):
    help = ("Build a national dataset on PostgreSQL (34 provinces, 355 regional offices, their officers and "
            "millions of sample cases), deterministic by seed, for benchmarks. Needs an empty register.")

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=4, help="statistical years of history")
        parser.add_argument("--cases-per-year", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=national.NATIONAL_SEED)
        parser.add_argument("--workers", type=int, default=2, help="processes simulating provinces")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when the register already has cases")

    def handle(self, *args, years, cases_per_year, seed, workers, if_empty, **options):
        if years < 1 or cases_per_year < 1:
            raise CommandError("--years and --cases-per-year must be at least 1.")
        if if_empty and Case.objects.exists():
            self.stdout.write("The register already has cases; nothing generated.")
            return
        started = time.monotonic()

        def log(message):
            self.stdout.write(f"[{time.monotonic() - started:7.1f} s] {message}")

        try:
            totals = national.generate(years=years, cases_per_year=cases_per_year, seed=seed, workers=workers,
                                       log=log)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        log(f"Done: {totals['cases']} cases, {totals['events']} events, {totals['complaints']} complaints, "
            f"{totals['summary_rows']} summary rows.")
