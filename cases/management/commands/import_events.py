from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.imports import EVENT_COLUMNS, FileRefused, import_events
from cases.models import User


class Command(BaseCommand):
    help = ("Import events on registered cases from an .xlsx or .csv file made from the template (columns: "
            + "; ".join(c.header for c in EVENT_COLUMNS) + "). All or nothing; re-importing skips what is there.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username of the clerk, officer or administrator importing")

    def handle(self, *args, file, user, **options):
        account = User.objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"No user {user!r}.")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            result = import_events(data, file.name, user=account, address="manage.py import_events")
        except FileRefused as exc:
            raise CommandError(str(exc)) from exc
        if result.errors:
            for row, column, reason in result.errors:
                self.stderr.write(f"row {row}{f', {column}' if column else ''}: {reason}")
            raise CommandError(f"{len(result.errors)} error(s) in {result.rows} row(s); nothing was imported.")
        self.stdout.write(f"{result.created} event(s) recorded, {result.skipped} already recorded.")
