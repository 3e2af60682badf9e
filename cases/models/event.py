import functools

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from thads.formatting import date as fmt_date

from ..amounts import MAX_AMOUNT, validate_amount
from ..choices import Condition, EventKind, PostponementGround
from ..querysets import CaseEventQuerySet


class CaseEvent(models.Model):
    """One entry of a case's timeline. Append-only: a saved event is never changed or deleted.

    `effective_date` is the legal date of the act; `entered_at`/`entered_by` say when and by whom it
    was recorded. `agency` is the agency holding the case on the effective date, kept so that
    figures can be attributed without replaying handovers.
    """

    # Indexed by event_case_timeline, which leads with it (as `agency` by event_agency_kind_date).
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="events",
                             db_index=False)
    kind = models.CharField(_("event"), max_length=24, choices=EventKind.choices)
    effective_date = models.DateField(_("effective date"))
    amount = models.BigIntegerField(_("amount (đồng)"), default=0, validators=[validate_amount])
    condition = models.CharField(_("result"), max_length=16, choices=Condition.choices, blank=True)
    ground = models.CharField(_("ground"), max_length=16, choices=PostponementGround.choices, blank=True)
    # The keys most events leave empty are indexed where they are set (Meta.indexes).
    to_agency = models.ForeignKey(
        "cases.Agency", verbose_name=_("to agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        db_index=False,
    )
    complaint = models.ForeignKey(
        "cases.Complaint", verbose_name=_("complaint"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="events", db_index=False,
    )
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True)
    agency = models.ForeignKey(
        "cases.Agency", verbose_name=_("agency holding the case"), on_delete=models.PROTECT, related_name="+",
        db_index=False,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", db_index=False,
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["effective_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="event_amount_not_negative"),
            models.CheckConstraint(condition=Q(amount__lte=MAX_AMOUNT), name="event_amount_within_ceiling"),
        ]
        indexes = [
            models.Index(fields=["case", "effective_date", "id"], name="event_case_timeline"),
            models.Index(fields=["agency", "kind", "effective_date"], name="event_agency_kind_date"),
            # The few handovers after a date (a drill-down's cases that left the reader's sight).
            models.Index(fields=["effective_date"], condition=Q(kind="handover"), name="event_handover_date"),
            # Only acceptances and handovers name an agency, a complaint's events a complaint, and
            # generated or imported events no user: a deletion's check reads these where set.
            models.Index(fields=["to_agency"], condition=Q(to_agency__isnull=False), name="event_to_agency"),
            models.Index(fields=["complaint"], condition=Q(complaint__isnull=False), name="event_complaint"),
            models.Index(fields=["entered_by"], condition=Q(entered_by__isnull=False), name="event_entered_by"),
        ]

    def __str__(self):
        # Imports name thousands of events in their change history: each kind's name is
        # translated once per language, not once per event.
        return f"{_kind_label(self.kind, translation.get_language())} {fmt_date(self.effective_date)}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValueError("Case events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Case events are append-only.")


@functools.lru_cache(maxsize=256)
def _kind_label(kind, language) -> str:
    """An event kind's name in `language` (the active one, which the cache is keyed by)."""
    return str(EventKind(kind).label)
