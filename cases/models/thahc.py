from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import search
from ..choices import AdminJudgmentType, BodyResult, ClaimResult, FollowStatus, StepKind
from ..querysets import FollowedJudgmentQuerySet, FollowStepQuerySet


class FollowedJudgment(models.Model):
    """One administrative judgment or decision received from a court (domain primer §11).

    The losing administrative body carries it out itself; the agency only follows it. A judgment
    with nothing to follow is received and counted. The fields after `civil_case` are the current
    state, derived from the steps by `cases.thahc` and stored for lists; only the services write them.
    """

    agency = models.ForeignKey("cases.Agency", verbose_name=_("agency following it"), on_delete=models.PROTECT,
                               related_name="followed_judgments", db_index=False)
    officer = models.ForeignKey("cases.Officer", verbose_name=_("enforcement officer"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="followed_judgments", db_index=False)
    received_on = models.DateField(_("date received"))
    register_number = models.CharField(_("register number"), max_length=32, blank=True)

    court = models.CharField(_("court"), max_length=200)
    judgment_number = models.CharField(_("judgment number"), max_length=64)
    judgment_date = models.DateField(_("judgment date"))
    first_instance_court = models.CharField(_("first-instance court"), max_length=200, blank=True)
    judgment_type = models.CharField(_("kind of judgment or decision"), max_length=24,
                                     choices=AdminJudgmentType.choices)
    claim_result = models.CharField(_("result of the claim"), max_length=16, choices=ClaimResult.choices)
    has_follow_up = models.BooleanField(
        _("has content to follow"), default=True,
        help_text=_("Judgments accepting the claim, and rejected claims with a compulsion decision, are followed; "
                    "the others are only counted."))

    body = models.CharField(_("body that must comply"), max_length=300)
    body_head = models.CharField(_("head of the body"), max_length=200, blank=True)
    body_superior = models.CharField(_("its direct superior"), max_length=300, blank=True)
    beneficiary = models.CharField(_("beneficiary"), max_length=300)
    content = models.TextField(_("what must be done"), blank=True)
    civil_case = models.ForeignKey(
        "cases.Case", verbose_name=_("civil case for its money part"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="followed_judgments", db_index=False)
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    # Current state, derived from the steps (cases.thahc).
    status = models.CharField(_("status"), max_length=16, choices=FollowStatus.choices, default=FollowStatus.FOLLOWED)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    compelled_on = models.DateField(_("compulsion decision of"), null=True, blank=True)
    last_step_on = models.DateField(_("last step on"), null=True, blank=True)
    # The earliest due date of the steps still awaited: the overdue and due-soon lists read it.
    next_due_on = models.DateField(_("next step due on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", db_index=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = FollowedJudgmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("followed administrative judgment")
        verbose_name_plural = _("followed administrative judgments")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "court", "judgment_number", "judgment_date"],
                                    name="followed_judgment_unique"),
            models.CheckConstraint(condition=Q(received_on__gte=F("judgment_date")),
                                   name="followed_received_after_judgment"),
        ]
        indexes = [
            models.Index(fields=["agency", "status"], name="followed_agency_status"),
            models.Index(fields=["officer", "status"], name="followed_officer_status"),
            models.Index(fields=["next_due_on"], condition=Q(next_due_on__isnull=False), name="followed_next_due"),
            models.Index(fields=["civil_case"], condition=Q(civil_case__isnull=False), name="followed_civil_case"),
            models.Index(fields=["created_by"], condition=Q(created_by__isnull=False), name="followed_created_by"),
        ]

    def __str__(self):
        return f"{self.judgment_number} ({self.judgment_date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.fill_derived_facts()
        super().save(*args, **kwargs)

    def fill_derived_facts(self):
        self.search_text = search.search_text(self.judgment_number, self.body, self.beneficiary)

    @property
    def is_open(self) -> bool:
        return self.status == FollowStatus.FOLLOWED


class FollowStep(models.Model):
    """One document of a followed judgment's file. Append-only, like a case's events."""

    judgment = models.ForeignKey(FollowedJudgment, verbose_name=_("judgment"), on_delete=models.PROTECT,
                                 related_name="steps", db_index=False)
    kind = models.CharField(_("step"), max_length=16, choices=StepKind.choices)
    effective_date = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    result = models.CharField(_("result"), max_length=16, choices=BodyResult.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    agency = models.ForeignKey("cases.Agency", verbose_name=_("agency following it"), on_delete=models.PROTECT,
                               related_name="+", db_index=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", db_index=False)
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    objects = FollowStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("step of a followed judgment")
        verbose_name_plural = _("steps of followed judgments")
        ordering = ["effective_date", "id"]
        indexes = [
            models.Index(fields=["judgment", "effective_date", "id"], name="followstep_timeline"),
            models.Index(fields=["entered_by"], condition=Q(entered_by__isnull=False), name="followstep_entered_by"),
        ]

    def __str__(self):
        return f"{StepKind(self.kind).label} {self.effective_date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Steps are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Steps are append-only.")
