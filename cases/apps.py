from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Case register")

    def ready(self):
        from . import login_protection, lookups

        lookups.register()
        login_protection.connect()
