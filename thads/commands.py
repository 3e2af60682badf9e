"""What the file commands share: read the file, act as the given account, report every bad row."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class FileCommand(BaseCommand):
    """A command importing FILE as --user: the account, the bytes, and the report of bad rows."""

    user_help = "username of the account importing (its scope applies)"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help=self.user_help)

    def account(self, username):
        account = get_user_model().objects.filter(username=username).first()
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
