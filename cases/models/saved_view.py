from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedView(models.Model):
    """A person's filters of the case list: the last ones they used (no name), remembered for the
    next visit, and the ones they named to come back to. Personal: nobody else reads them, and a
    view holds only the list's query, whose every filter is checked again against the reader's scope."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="saved_views")
    name = models.CharField(_("name"), max_length=80, blank=True)  # "": the last filters used
    query = models.CharField(_("filters"), max_length=2000)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("saved list")
        verbose_name_plural = _("saved lists")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_view_name_once")]

    def __str__(self):
        return self.name or str(_("Last filters"))
