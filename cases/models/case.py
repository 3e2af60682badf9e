from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from thads.formatting import date as fmt_date

from .. import search
from ..amounts import MAX_AMOUNT, validate_amount
from ..choices import CaseStatus, Condition, DisplayState, Initiation, JudgmentKind
from ..querysets import CaseQuerySet


class Case(models.Model):
    """One enforcement decision (quyết định thi hành án) = one việc.

    The attributes up to `amount` are facts of the decision. The fields after them are the
    current state, derived from the event timeline by `cases.timeline` and stored for fast lists;
    only the services write them.
    """

    # Indexed by case_decision_number_unique, which leads with it.
    issuing_agency = models.ForeignKey(
        "cases.Agency", verbose_name=_("issuing agency"), on_delete=models.PROTECT, related_name="issued_cases",
        db_index=False,
    )
    # Indexed by case_agency_status and case_officer_status, which lead with them.
    agency = models.ForeignKey(
        "cases.Agency", verbose_name=_("agency holding the case"), on_delete=models.PROTECT, related_name="cases",
        db_index=False,
    )
    officer = models.ForeignKey(
        "cases.Officer", verbose_name=_("enforcement officer"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="cases", db_index=False,
    )
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    # Derived from decision_date in save(); it carries the "unique per agency and year" constraint.
    decision_year = models.PositiveSmallIntegerField(_("decision year"), editable=False)
    accepted_on = models.DateField(_("date accepted"))

    court = models.CharField(_("court"), max_length=200)
    judgment_number = models.CharField(_("judgment number"), max_length=64)
    judgment_date = models.DateField(_("judgment date"))
    judgment_kind = models.CharField(_("kind of judgment"), max_length=24, choices=JudgmentKind.choices)
    initiation = models.CharField(_("initiation"), max_length=16, choices=Initiation.choices)
    is_credit_institution = models.BooleanField(_("owed to a credit institution"), default=False)
    is_corruption_asset = models.BooleanField(_("corruption or economic asset recovery"), default=False)

    debtor_name = models.CharField(_("debtor"), max_length=200)
    debtor_address = models.CharField(_("debtor's address"), max_length=300, blank=True)
    creditor_name = models.CharField(_("creditor"), max_length=200, blank=True)
    creditor_address = models.CharField(_("creditor's address"), max_length=300, blank=True)
    obligation = models.TextField(_("obligation"), blank=True)
    amount = models.BigIntegerField(_("amount to enforce (đồng)"), default=0, validators=[validate_amount])

    entrusted_from = models.ForeignKey(
        "self", verbose_name=_("entrusted from"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="entrusted_to", db_index=False,  # case_entrusted_from: the few that have one
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    # Accent-folded decision number and parties, so that a search for "dang" finds "Đặng".
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    # Current state, derived from the events (see cases.timeline).
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.ACTIVE)
    condition = models.CharField(_("condition"), max_length=16, choices=Condition.choices, default=Condition.UNKNOWN)
    in_separate_register = models.BooleanField(_("in the separate register"), default=False)
    collected_amount = models.BigIntegerField(_("collected (đồng)"), default=0)
    reduced_amount = models.BigIntegerField(_("exempted or reduced (đồng)"), default=0)
    remaining_amount = models.BigIntegerField(_("remaining (đồng)"), default=0)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    last_event_on = models.DateField(_("last event on"), null=True, blank=True)
    # Kept for the legal clocks: the first verification and the re-verification of unable cases.
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    open_complaints = models.PositiveIntegerField(_("open complaints"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", db_index=False,  # case_created_by: those that have one
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-decision_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_agency", "decision_year", "decision_number"], name="case_decision_number_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="case_amount_not_negative"),
            models.CheckConstraint(condition=Q(amount__lte=MAX_AMOUNT), name="case_amount_within_ceiling"),
            models.CheckConstraint(
                condition=Q(collected_amount__gte=0) & Q(reduced_amount__gte=0), name="case_collected_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(collected_amount__lte=F("amount") - F("reduced_amount")), name="case_collected_within_owed"
            ),
            models.CheckConstraint(
                condition=Q(remaining_amount=F("amount") - F("collected_amount") - F("reduced_amount")),
                name="case_remaining_consistent",
            ),
            models.CheckConstraint(condition=Q(accepted_on__gte=F("decision_date")), name="case_accepted_after_decision"),
            models.CheckConstraint(condition=Q(decision_date__gte=F("judgment_date")), name="case_decision_after_judgment"),
        ]
        indexes = [
            # Every list is scoped by agency; with the forms' two breakdowns (kind, initiation) and the
            # id in the index, counting a filtered list up to its cap reads no table row.
            models.Index(fields=["agency", "status"], include=["judgment_kind", "initiation", "id"],
                         name="case_agency_status"),
            models.Index(fields=["officer", "status"], name="case_officer_status"),
            # One per sort of the case list, with the id that breaks ties: a page is an index walk.
            models.Index(fields=["decision_date", "id"], name="case_decision_date_id"),
            models.Index(fields=["accepted_on", "id"], name="case_accepted_on_id"),
            models.Index(fields=["amount", "id"], name="case_amount_id"),
            models.Index(fields=["remaining_amount", "id"], name="case_remaining_id"),
            # The dashboard's largest remaining amounts: the open cases only, a fifth of the register.
            models.Index(fields=["-remaining_amount", "-id"], condition=Q(status__in=CaseStatus.open_values()),
                         name="case_open_remaining"),
            # A closing figure's cases (revoked, entrusted out, terminated…) in decision order: the
            # list behind it walks its own status instead of every case of the country. The closing
            # date last, after the order's keys, is checked in the index: the walk passes the cases
            # closed after the period's end (the most recent decisions' are) without reading their
            # rows (behind "completed" nationally: 19.500 of them, 16 ms → 2).
            models.Index(fields=["status", "decision_date", "id", "closed_on"],
                         condition=~Q(status__in=CaseStatus.open_values()), name="case_closed_decided"),
            # A figure closing with either of two statuses ("completed": done or terminated) walks
            # the closed cases in decision order, past the open ones most recent decisions are.
            models.Index(fields=["decision_date", "id", "closed_on"], condition=~Q(status__in=CaseStatus.open_values()),
                         name="case_closed_by_decision"),
            # The cases a closing figure counts over a period (revoked within the year): the sums
            # above the list behind it read those closed in the period, not every case ever closed
            # with that status (16.663 revoked in the national dataset: 96 ms a page).
            models.Index(fields=["status", "closed_on"], condition=~Q(status__in=CaseStatus.open_values()),
                         name="case_closed_on"),
            # Keys that most rows leave empty (imported or generated cases have no creator) are
            # indexed where they are set: what a deletion's check of them reads.
            models.Index(fields=["entrusted_from"], condition=Q(entrusted_from__isnull=False),
                         name="case_entrusted_from"),
            models.Index(fields=["created_by"], condition=Q(created_by__isnull=False), name="case_created_by"),
            # An import finds the cases of its rows already in the register by their decision
            # numbers and agencies (casework.imports): without it, every case of the rows'
            # agencies was read (SQLite chose the agency's index for a thousand numbers, and the
            # import slowed as it grew; a number alone repeats in every unit of the country).
            models.Index(fields=["decision_number", "agency"], name="case_number_agency"),
            # The few cases with an open complaint (the list's filter), by agency.
            models.Index(fields=["agency"], condition=Q(open_complaints__gt=0), name="case_open_complaint"),
        ]

    def __str__(self):
        return f"{self.decision_number} ({fmt_date(self.decision_date)})"

    def save(self, *args, **kwargs):
        self.fill_derived_facts()
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        case = super().from_db(db, field_names, values)
        # Where the case was when read: a write that moves it changes two agencies' focus counts.
        case._loaded_agency_id = case.__dict__.get("agency_id")
        return case

    def fill_derived_facts(self):
        """Fields derived from the decision's facts (bulk inserts call this themselves)."""
        if self.decision_date:
            self.decision_year = self.decision_date.year
        self.search_text = search.search_text(self.decision_number, self.debtor_name, self.creditor_name)

    @property
    def is_open(self) -> bool:
        return self.status in CaseStatus.open_values()

    @property
    def display_state(self):
        return DisplayState.of(self.status, self.condition)
