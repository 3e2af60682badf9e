"""Messages of Django's forms that its Vietnamese catalogue words awkwardly ("Nhập một số tổng
thể." for a whole number), listed here so that `makemessages` keeps them in the project's
catalogue, which takes precedence over Django's own. Nothing here is called."""

from django.utils.translation import gettext_noop

DJANGO_MESSAGES = (
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
)
