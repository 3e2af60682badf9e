import time

from django.core.management.base import BaseCommand, CommandError

from cases.models import Case
from demo.province import DEFAULT_CASES, DEMO_SEED, load_demo


class Command(BaseCommand):
    help = "Build the demo province (sample data, deterministic by seed) and one demo user per role."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help="number of cases to draw")
        parser.add_argument("--seed", type=int, default=DEMO_SEED)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when the register already has cases")

    def handle(self, *args, cases, seed, if_empty, **options):
        if if_empty and Case.objects.exists():
            self.stdout.write("The register already has cases; demo data not loaded.")
            return
        started = time.monotonic()
        try:
            counts = load_demo(cases=cases, seed=seed)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Demo data loaded in {time.monotonic() - started:.1f} s: {counts['cases']} cases, "
            f"{counts['events']} events, {counts['judgments']} administrative judgments followed, {counts['users']} demo users."
        )
