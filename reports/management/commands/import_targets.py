from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.models import User
from reports.targets import CSV_HEADERS, import_targets_csv


class Command(BaseCommand):
    help = "Import yearly targets from a CSV file (headers: " + "; ".join(CSV_HEADERS) + "). All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username of the leadership or administrator account")

    def handle(self, *args, file, user, **options):
        account = User.objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"No user {user!r}.")
        try:
            content = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        saved, errors = import_targets_csv(content, user=account)
        if errors:
            for row, column, reason in errors:
                self.stderr.write(f"row {row}{f', {column}' if column else ''}: {reason}")
            raise CommandError(f"{len(errors)} error(s); nothing was imported.")
        self.stdout.write(f"{saved} target(s) saved.")
