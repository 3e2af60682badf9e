"""The import commands' base: a file of cases or events imported as the given account."""

from django.core.management.base import CommandError

from casework.imports import FileRefused
from thads.commands import FileCommand


class ImportCommand(FileCommand):
    importer = None  # casework.imports.import_cases or import_events
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
