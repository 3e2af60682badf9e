"""The project's password rule beside Django's (length, common, numeric, like the username)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

KINDS = (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())


class CharacterKindsValidator:
    """Three of the four kinds of character: lower case, upper case, digits, others (Thads@2026)."""

    needed = 3

    def validate(self, password, user=None):
        if sum(any(kind(c) for c in password) for kind in KINDS) < self.needed:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("Your password must mix three of these: lower-case letters, capital letters, digits, other signs.")
