from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from thads import exact_sum

        from . import data_version

        data_version.connect()
        exact_sum.connect()
