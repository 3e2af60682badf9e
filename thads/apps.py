from django.apps import AppConfig


class ThadsConfig(AppConfig):
    """The project's infrastructure (no domain): formatting, the data version, pagination, the
    spreadsheet reader and writer, backups; its `ready` wires what the database needs."""

    name = "thads"
    verbose_name = "THADS"

    def ready(self):
        from . import exact_sum

        exact_sum.connect()
