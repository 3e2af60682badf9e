from django.core.management.base import BaseCommand

from reports import summaries
from reports.calendar import statistical_year
from thads.today import local_today


class Command(BaseCommand):
    help = ("Fill the summary figures of every statistical year not filled yet, from the register's first "
            "acceptance to the current year (pages never fill them; the scheduler runs this too). "
            "--rebuild recomputes every year from the events.")

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="recompute every year, filled or not")

    def handle(self, *args, rebuild, **options):
        years = summaries.rebuild() if rebuild else summaries.fill_all_missing()
        done = ", ".join(str(year) for year in years) or "none"
        self.stdout.write(f"Statistical years {'rebuilt' if rebuild else 'filled'}: {done} "
                          f"(current year {statistical_year(local_today())}).")
