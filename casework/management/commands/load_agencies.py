from django.core.management.base import BaseCommand

from casework.agency_tree import load_provincial_tree


class Command(BaseCommand):
    help = "Load the central and provincial agencies (63 until 30/6/2025, 34 from 1/7/2025) and the merge map."

    def handle(self, *args, **options):
        tree = load_provincial_tree()
        self.stdout.write(
            f"{len(tree['old'])} provincial agencies until 30/06/2025, {len(tree['new'])} from 01/07/2025."
        )
