from django.db import models
from django.utils.translation import gettext_lazy as _


class FocusChange(models.Model):
    """A counter per agency that every write to its cases moves (cases.focus_tally)."""

    agency = models.OneToOneField("cases.Agency", verbose_name=_("agency"), on_delete=models.CASCADE,
                                  primary_key=True, related_name="+")
    version = models.BigIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("focus list change")
        verbose_name_plural = _("focus list changes")

    def __str__(self):
        return f"{self.agency_id}: {self.version}"


class FocusCount(models.Model):
    """How many of an agency's cases are on each focus list on `day`, as of its change counter
    `version` (cases.focus_tally). The counts are the focus list definitions' own, per agency."""

    agency = models.OneToOneField("cases.Agency", verbose_name=_("agency"), on_delete=models.CASCADE,
                                  primary_key=True, related_name="+")
    day = models.DateField(_("day"))
    version = models.BigIntegerField(_("version"), default=0)
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        verbose_name = _("focus list count")
        verbose_name_plural = _("focus list counts")

    def __str__(self):
        return f"{self.agency_id} {self.day}"
