"""The first account of an agency, before anyone can log in to make it: an administrator of the
Cục Quản lý THADS (who then makes each province's administrator on the pages) or of a province."""

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from audit.context import acting
from cases.models import Agency, User
from casework import people


class Command(BaseCommand):
    help = ("Create an account at an agency (by its code) with a role; the password is asked for, or read from "
            "THADS_NEW_PASSWORD.")

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="code of the agency, e.g. CQLTHADS or THADS-LAOCAI")
        parser.add_argument("--username", required=True)
        parser.add_argument("--full-name", default="")
        # An officer's account is made on the unit's page, from the officer's record.
        parser.add_argument("--role", default=User.Role.ADMINISTRATOR,
                            choices=[role for role in User.Role.values if role != User.Role.OFFICER])

    def handle(self, *args, agency, username, full_name, role, **options):
        unit = Agency.objects.filter(code=agency.strip().upper()).first()
        if unit is None:
            raise CommandError(f"No agency {agency!r}: load the tiers first (load_agencies), then the units.")
        password = os.environ.get("THADS_NEW_PASSWORD") or getpass.getpass("Password: ")
        try:
            with acting(None, "add_account"):
                account = people.account_create(username=username, full_name=full_name, role=role, agency=unit,
                                                password=password)
        except ValidationError as error:
            raise CommandError(" ".join(f"{field}: {' '.join(messages)}"
                                        for field, messages in error.message_dict.items())) from None
        self.stdout.write(f"{account.username} ({account.get_role_display()}) at {unit.name} created.")
