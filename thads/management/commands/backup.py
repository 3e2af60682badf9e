import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thads import backups


class Command(BaseCommand):
    help = ("Back up the whole database with pg_dump (custom format, compressed) into FILE. "
            "Restore it with `manage.py restore FILE --into URL`.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the backup (written beside, then renamed: never half a file)")

    def handle(self, *args, file, **options):
        target = Path(file)
        partial = target.with_name(target.name + ".partial")
        try:
            backups.dump(partial)
        except backups.BackupError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(str(exc)) from exc
        os.replace(partial, target)
        counts = backups.counts()
        self.stdout.write(f"Backed up to {target} ({target.stat().st_size / 1e6:.1f} MB): "
                          f"{counts['cases']} cases, {counts['events']} events.")
