from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import CommitteeCategory, CommitteeItemStatus
from ..querysets import CommitteeItemQuerySet, CommitteeMeetingQuerySet


class CommitteeItem(models.Model):
    """A case (civil, or a followed administrative judgment) brought to the provincial steering
    committee (domain primer §12): why, what blocks it, whose help it needs, what is proposed."""

    # The province whose committee it is before; the case's or judgment's unit is within it.
    committee = models.ForeignKey("cases.Agency", verbose_name=_("province"), on_delete=models.PROTECT,
                                  related_name="+", db_index=False)
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="committee_items", db_index=False)
    judgment = models.ForeignKey("cases.FollowedJudgment", verbose_name=_("administrative judgment"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="committee_items", db_index=False)
    category = models.CharField(_("category"), max_length=16, choices=CommitteeCategory.choices)
    obstacle = models.TextField(_("obstacle"))
    help_needed = models.TextField(_("agencies whose help is needed"))
    proposal = models.TextField(_("proposal"), help_text=_("Meeting, coercion plan, forces, planned date."))
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    brought_on = models.DateField(_("brought on"))
    brought_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("brought by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", db_index=False)
    status = models.CharField(_("status"), max_length=16, choices=CommitteeItemStatus.choices,
                              default=CommitteeItemStatus.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = CommitteeItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("case before the steering committee")
        verbose_name_plural = _("cases before the steering committee")
        ordering = ["-brought_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(case__isnull=False, judgment__isnull=True)
                                   | Q(case__isnull=True, judgment__isnull=False), name="committee_item_one_subject"),
            # A case is on the list once at a time.
            models.UniqueConstraint(fields=["case"], condition=Q(status="open", case__isnull=False),
                                    name="committee_item_case_once"),
            models.UniqueConstraint(fields=["judgment"], condition=Q(status="open", judgment__isnull=False),
                                    name="committee_item_judgment_once"),
        ]
        indexes = [
            models.Index(fields=["committee", "status"], name="committee_item_list"),
            models.Index(fields=["case"], condition=Q(case__isnull=False), name="committee_item_case"),
            models.Index(fields=["judgment"], condition=Q(judgment__isnull=False), name="committee_item_judgment"),
            models.Index(fields=["brought_by"], condition=Q(brought_by__isnull=False), name="committee_item_by"),
        ]

    def __str__(self):
        subject = self.case or self.judgment
        return f"{self.get_category_display()}: {subject}"

    @property
    def subject(self):
        return self.case if self.case_id else self.judgment

    @property
    def agency_id(self):
        """The unit holding the case (scoping: a user sees the items of the cases they see)."""
        return self.subject.agency_id


class CommitteeMeeting(models.Model):
    """A meeting of the provincial steering committee: who came, and (in its conclusions) what it decided."""

    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", _("Quarterly meeting")
        EXTRAORDINARY = "extraordinary", _("Extraordinary meeting (asked by the head of THADS)")

    committee = models.ForeignKey("cases.Agency", verbose_name=_("province"), on_delete=models.PROTECT,
                                  related_name="+", db_index=False)
    held_on = models.DateField(_("held on"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.QUARTERLY)
    chaired_by = models.CharField(_("chaired by"), max_length=200)
    members_present = models.TextField(_("members present"))
    procuracy = models.CharField(_("procuracy representative"), max_length=200, blank=True)
    papers_sent_on = models.DateField(_("papers sent on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", db_index=False)

    objects = CommitteeMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("steering committee meeting")
        verbose_name_plural = _("steering committee meetings")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["committee", "held_on"], name="committee_meeting_date"),
            models.Index(fields=["recorded_by"], condition=Q(recorded_by__isnull=False), name="committee_meeting_by"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


class CommitteeConclusion(models.Model):
    """What the committee concluded on one case at one meeting, who leads it, by when; and what
    happened after (done_on, follow_up)."""

    meeting = models.ForeignKey(CommitteeMeeting, verbose_name=_("meeting"), on_delete=models.PROTECT,
                                related_name="conclusions", db_index=False)
    item = models.ForeignKey(CommitteeItem, verbose_name=_("case before the committee"), on_delete=models.PROTECT,
                             related_name="conclusions", db_index=False)
    content = models.TextField(_("conclusion"))
    lead_agency = models.CharField(_("lead agency"), max_length=200)
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    follow_up = models.TextField(_("what happened after"), blank=True)

    class Meta:
        verbose_name = _("steering committee conclusion")
        verbose_name_plural = _("steering committee conclusions")
        ordering = ["deadline", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "item"], name="committee_conclusion_once"),
        ]
        indexes = [
            models.Index(fields=["item", "deadline"], name="committee_conclusion_item"),
            models.Index(fields=["meeting"], name="committee_conclusion_meeting"),
            models.Index(fields=["deadline"], condition=Q(done_on__isnull=True), name="committee_conclusion_open"),
        ]

    def __str__(self):
        return f"{self.lead_agency}: {self.deadline:%d/%m/%Y}"
