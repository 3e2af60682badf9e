from datetime import date

from django.utils import timezone


def local_today() -> date:
    """Today in the site's time zone (Asia/Ho_Chi_Minh): the day every clock and period counts from."""
    return timezone.localdate()
