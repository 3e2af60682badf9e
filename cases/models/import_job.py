from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """A large file imported in the background: the file until it has run, who sent it, how it ended.

    The rows themselves are written by `casework.imports` exactly as for a small file; the job only
    carries the file to the worker and the outcome back to the person who sent it.
    """

    class What(models.TextChoices):
        CASES = "cases", _("New cases")
        EVENTS = "events", _("Events on registered cases")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        REFUSED = "refused", _("Nothing imported")
        FAILED = "failed", _("Stopped by an error")

    what = models.CharField(_("content"), max_length=8, choices=What.choices)
    filename = models.CharField(_("file"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    data = models.BinaryField(_("file content"), null=True)  # dropped once the job has run
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT,
                             related_name="+")
    address = models.CharField(_("from"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("imported"), default=0)
    skipped = models.PositiveIntegerField(_("already there"), default=0)
    language = models.CharField(_("language"), max_length=8, default="vi")  # of the messages, as the sender reads
    error_count = models.PositiveIntegerField(_("problems found"), default=0)
    errors = models.JSONField(_("problems"), default=list)  # [[row, column header, reason], ...], the first ones
    message = models.TextField(_("message"), blank=True)  # why the whole file was refused

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REFUSED, self.Status.FAILED)
