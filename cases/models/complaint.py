from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import ComplaintKind
from ..querysets import ComplaintQuerySet

# Resolution deadlines in days (domain primer §4): first/second complaint, and coercion-related.
RESOLUTION_DAYS = {(False, 1): 15, (False, 2): 30, (True, 1): 30, (True, 2): 45}


class Complaint(models.Model):
    """A complaint or denunciation attached to a case; opened and resolved by timeline events."""

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="complaints")
    kind = models.CharField(_("kind"), max_length=16, choices=ComplaintKind.choices, default=ComplaintKind.COMPLAINT)
    round = models.PositiveSmallIntegerField(_("round"), choices=[(1, _("First")), (2, _("Second"))], default=1)
    coercion_related = models.BooleanField(_("about coercion"), default=False)
    complainant = models.CharField(_("complainant"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("due on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["received_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.received_on:%d/%m/%Y}"

    @staticmethod
    def due_date(received_on, *, coercion_related: bool, round: int):
        return received_on + timedelta(days=RESOLUTION_DAYS[(coercion_related, round)])
