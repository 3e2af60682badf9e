from django.core.management.base import BaseCommand, CommandError

from thads import backups


class Command(BaseCommand):
    help = ("Restore a backup made by `manage.py backup` into an empty PostgreSQL database "
            "(never over existing data), all or nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file")
        parser.add_argument("--into", required=True, metavar="URL",
                            help="the empty database to restore into, e.g. postgres://thads@127.0.0.1:5432/thads_restored")

    def handle(self, *args, file, into, **options):
        try:
            counts = backups.restore(file, into)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {file} into {backups.describe(into)}: {counts['cases']} cases, "
                          f"{counts['events']} events.")
