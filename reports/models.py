from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.querysets import ScopedQuerySet

from .calendar import FIRST_YEAR, LAST_YEAR
from .figures import BASE


class FigureCount(models.Model):
    """Base figures of one cumulative period for one combination of breakdown keys.

    Kept up to date as events are written (reports.summaries); rows that would be all zero are not
    stored. The agency is the one holding the cases at the period's end.
    """

    year = models.PositiveSmallIntegerField(_("statistical year"))
    months = models.PositiveSmallIntegerField(_("months"))
    agency = models.ForeignKey("cases.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    officer_key = models.BigIntegerField(_("enforcement officer"), default=0)  # officer id; 0 = none
    initiation = models.CharField(_("initiation"), max_length=16)
    judgment_kind = models.CharField(_("kind of judgment"), max_length=24)
    is_credit_institution = models.BooleanField(_("credit institution"))
    is_corruption_asset = models.BooleanField(_("corruption asset recovery"))

    class Meta:
        verbose_name = _("figure summary")
        verbose_name_plural = _("figure summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "months", "agency", "officer_key", "initiation", "judgment_kind",
                        "is_credit_institution", "is_corruption_asset"],
                name="figurecount_unique_dims",
            ),
        ]
        # The unique constraint's index also serves the reads by period and agency (its first keys).

    def __str__(self):
        return f"{self.agency_id} {self.months}/{self.year}"

    DIMS = ("year", "months", "agency_id", "officer_key", "initiation", "judgment_kind", "is_credit_institution",
            "is_corruption_asset")


class FigureByKind(models.Model):
    """FigureCount summed over the officers: what the breakdowns by initiation, kind and flag read
    (a tenth of the rows at national scale). Kept with FigureCount by reports.summaries."""

    year = models.PositiveSmallIntegerField(_("statistical year"))
    months = models.PositiveSmallIntegerField(_("months"))
    agency = models.ForeignKey("cases.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    initiation = models.CharField(_("initiation"), max_length=16)
    judgment_kind = models.CharField(_("kind of judgment"), max_length=24)
    is_credit_institution = models.BooleanField(_("credit institution"))
    is_corruption_asset = models.BooleanField(_("corruption asset recovery"))

    class Meta:
        verbose_name = _("figure summary by kind")
        verbose_name_plural = _("figure summaries by kind")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "months", "agency", "initiation", "judgment_kind", "is_credit_institution",
                        "is_corruption_asset"],
                name="figurebykind_unique_dims",
            ),
        ]

    def __str__(self):
        return f"{self.agency_id} {self.months}/{self.year}"

    DIMS = ("year", "months", "agency_id", "initiation", "judgment_kind", "is_credit_institution",
            "is_corruption_asset")


class FigureByAgency(models.Model):
    """FigureCount summed per agency and period: what the totals, the ranking of units and the
    month-by-month series read (a few hundred rows a period at national scale)."""

    year = models.PositiveSmallIntegerField(_("statistical year"))
    months = models.PositiveSmallIntegerField(_("months"))
    agency = models.ForeignKey("cases.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("figure summary by agency")
        verbose_name_plural = _("figure summaries by agency")
        constraints = [
            models.UniqueConstraint(fields=["year", "months", "agency"], name="figurebyagency_unique_dims"),
        ]

    def __str__(self):
        return f"{self.agency_id} {self.months}/{self.year}"

    DIMS = ("year", "months", "agency_id")


class FigureNational(models.Model):
    """FigureCount summed per period over every agency: the country's figures, what a national
    month-by-month series reads (24 rows where the by-agency rollup has thousands)."""

    year = models.PositiveSmallIntegerField(_("statistical year"))
    months = models.PositiveSmallIntegerField(_("months"))

    class Meta:
        verbose_name = _("national figure summary")
        verbose_name_plural = _("national figure summaries")
        constraints = [
            models.UniqueConstraint(fields=["year", "months"], name="figurenational_unique_dims"),
        ]

    def __str__(self):
        return f"{self.months}/{self.year}"

    DIMS = ("year", "months")


for _model in (FigureCount, FigureByKind, FigureByAgency, FigureNational):
    for _key in BASE:
        _model.add_to_class(f"cases_{_key}", models.IntegerField(default=0))
        _model.add_to_class(f"money_{_key}", models.BigIntegerField(default=0))


class FigureFill(models.Model):
    """A statistical year whose summary rows exist and are kept current."""

    year = models.PositiveSmallIntegerField(_("statistical year"), unique=True)
    filled_at = models.DateTimeField(_("filled at"), auto_now=True)

    class Meta:
        verbose_name = _("filled year")
        verbose_name_plural = _("filled years")

    def __str__(self):
        return str(self.year)


class Target(models.Model):
    """The yearly target rates (chỉ tiêu) of one agency: one for cases, one for money."""

    agency = models.ForeignKey("cases.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField(_("statistical year"), validators=[MinValueValidator(FIRST_YEAR),
                                                                             MaxValueValidator(LAST_YEAR)])
    cases_rate = models.DecimalField(_("target rate by cases (%)"), max_digits=5, decimal_places=2,
                                     validators=[MinValueValidator(0), MaxValueValidator(100)])
    money_rate = models.DecimalField(_("target rate by money (%)"), max_digits=5, decimal_places=2,
                                     validators=[MinValueValidator(0), MaxValueValidator(100)])
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("set by"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-year", "agency__path"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="target_unique_agency_year")]

    def __str__(self):
        return f"{self.agency} {self.year}"


class PeriodClosingQuerySet(ScopedQuerySet):
    def published(self):
        """The closings in force: a reopened one is kept, as the version it was, but no longer holds."""
        return self.filter(reopened_at__isnull=True)

    def guarding(self):
        """The closings that refuse events dated inside them. Not the imported published figures of a
        period before the register: entering its cases afterwards is how the register begins, and
        cannot change figures that came from a file."""
        return self.published().filter(imported_from="")


class PeriodClosing(models.Model):
    """A period whose figures an agency has closed (chốt số liệu), with the published snapshot.

    Closing an agency closes its units with it (`part_of`), each with its own snapshot. An
    administrator may reopen a closing, with a reason; the next closing is a new version."""

    agency = models.ForeignKey("cases.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="closings")
    year = models.PositiveSmallIntegerField(_("statistical year"))
    months = models.PositiveSmallIntegerField(_("months"))
    period_end = models.DateField(_("period end"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    part_of = models.ForeignKey("self", verbose_name=_("closed with"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="parts")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"), on_delete=models.PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)
    snapshot = models.JSONField(_("published figures"))
    live_differs = models.BooleanField(_("live figures differ from the published ones"), default=False)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reopened by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    # Published figures of a period from before the register (reports.published): the file they came from.
    imported_from = models.CharField(_("imported from"), max_length=200, blank=True)

    objects = PeriodClosingQuerySet.as_manager()

    class Meta:
        verbose_name = _("period closing")
        verbose_name_plural = _("period closings")
        ordering = ["-period_end", "agency__path", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "months"], condition=Q(reopened_at__isnull=True),
                                    name="closing_one_published"),
            models.UniqueConstraint(fields=["agency", "year", "months", "version"], name="closing_unique_version"),
        ]
        indexes = [models.Index(fields=["agency", "period_end"], name="closing_agency_end")]

    def __str__(self):
        return f"{self.agency} {self.months}/{self.year} ({self.version})"


class ReportSigners(models.Model):
    """Who signs an agency's reports (domain primer §13): kept by its administrator, printed under
    every period report's table."""

    agency = models.OneToOneField("cases.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                                  related_name="report_signers")
    drawn_up_by = models.CharField(_("drawn up by"), max_length=100, blank=True,
                                   help_text=_("The person who draws up the statistics form (người lập biểu)."))
    checked_by = models.CharField(_("checked by"), max_length=100, blank=True)
    head_title = models.CharField(_("head's title"), max_length=100, blank=True,
                                  help_text=_("As it is printed above the signature, e.g. CHI CỤC TRƯỞNG; empty: "
                                              "THỦ TRƯỞNG ĐƠN VỊ."))
    head_name = models.CharField(_("head of the agency"), max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("report signers")
        verbose_name_plural = _("report signers")
        ordering = ["agency__path"]

    def __str__(self):
        return str(self.agency)


class LateEntryQuerySet(ScopedQuerySet):
    scope_lookup = "event__case__agency_id"


class LateEntry(models.Model):
    """An event accepted by an administrator inside a closed period, with the reason given."""

    event = models.OneToOneField("cases.CaseEvent", verbose_name=_("event"), on_delete=models.PROTECT,
                                 related_name="late_entry")
    closings = models.ManyToManyField(PeriodClosing, verbose_name=_("closed periods"), related_name="late_entries")
    reason = models.TextField(_("reason"))
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("accepted by"),
                                    on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)

    objects = LateEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("late entry")
        verbose_name_plural = _("late entries")

    def __str__(self):
        return f"{self.event} ({self.accepted_by})"


class ReportJob(models.Model):
    """A period report asked for (or scheduled): what it covers, how far its building has gone,
    and how it ended. The files are kept in ReportFile, once built."""

    class By(models.TextChoices):
        CHILD = "child", _("Units")
        OFFICER = "officer", _("Enforcement officers")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Building")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    agency = models.ForeignKey("cases.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("statistical year"))
    months = models.PositiveSmallIntegerField(_("months"))
    by = models.CharField(_("one row per"), max_length=8, choices=By.choices, default=By.CHILD)
    number = models.CharField(_("report number"), max_length=40, blank=True)  # filled by leadership, e.g. 125/BC-THADS
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")  # empty: built on schedule
    # Whose leadership sees the job besides its requester: the requester's agency, or for a
    # scheduled report the agency it is about.
    owner_agency = models.ForeignKey("cases.Agency", verbose_name=_("for the leadership of"), on_delete=models.PROTECT,
                                     related_name="+")
    scheduled = models.BooleanField(_("built on schedule"), default=False)
    language = models.CharField(_("language"), max_length=8, default="vi")
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=16, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    frozen = models.BooleanField(_("closed figures"), default=False)
    message = models.TextField(_("reason of the failure"), blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of work"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("period report")
        verbose_name_plural = _("period reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "months"], condition=models.Q(scheduled=True),
                                    name="reportjob_one_scheduled_per_period"),
            models.CheckConstraint(condition=models.Q(months__gte=1, months__lte=12), name="reportjob_months_1_to_12"),
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="reportjob_status_heartbeat")]

    def __str__(self):
        return f"{self.agency} {self.months}/{self.year}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ReportFile(models.Model):
    """One built file of a report job, kept in the database so every web machine can serve it."""

    class Kind(models.TextChoices):
        XLSX = "xlsx", _("Spreadsheet (XLSX)")
        PDF = "pdf", _("Summary (PDF)")

    job = models.ForeignKey(ReportJob, verbose_name=_("report"), on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["job", "kind"]
        constraints = [models.UniqueConstraint(fields=["job", "kind"], name="reportfile_one_per_kind")]

    def __str__(self):
        return self.name
