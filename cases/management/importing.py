"""What the import commands share: read the file, import as the given user, report every bad row."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.imports import FileRefused
from cases.models import User


class FileCommand(BaseCommand):
    """A command importing FILE as --user: the account, the bytes, and the report of bad rows."""

    user_help = "username of the account importing (its scope applies)"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help=self.user_help)

    def account(self, username) -> User:
        account = User.objects.filter(username=username).first()
        if account is None:
            raise CommandError(f"No user {username!r}.")
        return account

    def read(self, file: Path) -> bytes:
        try:
            return file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc

    def refuse(self, errors, summary: str):
        for row, column, reason in errors:
            self.stderr.write(f"row {row}{f', {column}' if column else ''}: {reason}")
        raise CommandError(summary)


class ImportCommand(FileCommand):
    importer = None  # cases.imports.import_cases or import_events
    done = ""  # "{created} … {skipped} …"

    def handle(self, *args, file, user, **options):
        account, data = self.account(user), self.read(file)
        try:
            result = self.importer(data, file.name, user=account, address=f"manage.py {self.name}")
        except FileRefused as exc:
            raise CommandError(str(exc)) from exc
        if result.errors:
            self.refuse(result.errors, f"{len(result.errors)} error(s) in {result.rows} row(s); nothing was imported.")
        self.stdout.write(self.done.format(created=result.created, skipped=result.skipped))
