from django.core.management.base import CommandError

from cases.management.importing import FileCommand
from reports.targets import CSV_HEADERS, import_targets_csv


class Command(FileCommand):
    help = "Import yearly targets from a CSV file (headers: " + "; ".join(CSV_HEADERS) + "). All or nothing."
    user_help = "username of the leadership or administrator account"

    def handle(self, *args, file, user, **options):
        account = self.account(user)
        try:
            content = self.read(file).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        saved, errors = import_targets_csv(content, user=account)
        if errors:
            self.refuse(errors, f"{len(errors)} error(s); nothing was imported.")
        self.stdout.write(f"{saved} target(s) saved.")
