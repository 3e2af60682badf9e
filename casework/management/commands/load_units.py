from casework.imports import FileRefused
from casework.tree_file import COLUMNS, load_tree
from thads.commands import FileCommand


class Command(FileCommand):
    help = ("Load a province's units and former units from a CSV or XLSX file (columns: "
            + "; ".join(c.header for c in COLUMNS) + "). All or nothing.")
    user_help = "username of the administrator whose units these are"

    def handle(self, *args, file, user, **options):
        account = self.account(user)
        try:
            result = load_tree(self.read(file), file.name, user=account, address="load_units")
        except FileRefused as refused:
            self.refuse([], str(refused))
        if result.errors:
            self.refuse(result.errors, f"{len(result.errors)} error(s); nothing was loaded.")
        self.stdout.write(f"{result.created} unit(s) created, {result.changed} changed, {result.linked} link(s) added.")
