from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Change(models.Model):
    """One create, update or delete of a tracked record: who, when, from where, old → new.

    Written only by `audit.recorder`; no page, form or admin action changes or deletes one.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")

    # The same for every record one write changed (`recorder.followed`): that is how a history
    # groups them as one save.
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(_("user name"), max_length=150, blank=True)  # kept if the user goes
    address = models.CharField(_("from where"), max_length=64, blank=True)  # IP address, or the command's name
    model = models.CharField(_("record type"), max_length=64)
    object_id = models.CharField(_("record"), max_length=64)
    case_id = models.BigIntegerField(_("case"), null=True, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    changes = models.JSONField(_("changes"), default=dict)  # {field: [old, new]}
    summary = models.CharField(_("record"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("change history")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"], name="change_record")]

    def __str__(self):
        return f"{self.get_action_display()} {self.summary}"
