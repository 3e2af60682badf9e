"""What the import commands share: read the file, import as the given user, report every bad row."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.imports import FileRefused
from cases.models import User


class ImportCommand(BaseCommand):
    importer = None  # cases.imports.import_cases or import_events
    done = ""  # "{created} … {skipped} …"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username of the account importing (its scope applies)")

    def handle(self, *args, file, user, **options):
        account = User.objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"No user {user!r}.")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            result = self.importer(data, file.name, user=account, address=f"manage.py {self.name}")
        except FileRefused as exc:
            raise CommandError(str(exc)) from exc
        if result.errors:
            for row, column, reason in result.errors:
                self.stderr.write(f"row {row}{f', {column}' if column else ''}: {reason}")
            raise CommandError(f"{len(result.errors)} error(s) in {result.rows} row(s); nothing was imported.")
        self.stdout.write(self.done.format(created=result.created, skipped=result.skipped))
