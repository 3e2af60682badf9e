from reports.targets import CSV_HEADERS, import_targets_csv
from thads.commands import FileCommand


class Command(FileCommand):
    help = "Import yearly targets from a CSV file (headers: " + "; ".join(CSV_HEADERS) + "). All or nothing."
    user_help = "username of the leadership or administrator account"

    def handle(self, *args, file, user, **options):
        account = self.account(user)
        name = file.name if file.name.lower().endswith((".csv", ".xlsx")) else "chi-tieu.csv"
        saved, errors = import_targets_csv(self.read(file), user=account, filename=name)
        if errors:
            self.refuse(errors, f"{len(errors)} error(s); nothing was imported.")
        self.stdout.write(f"{saved} target(s) saved.")
