from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CaseSpan(models.Model):
    """The part of a case's state that decides its official figures, over the dates it held.

    Derived from the events by `cases.spans` and rewritten with them; never entered. The state on
    a day is the one span with valid_from <= day < valid_to (valid_to NULL: still so today), so a
    drill-down reads it with one indexed join instead of folding the events of every case.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="spans", db_index=False)
    # The case's, which never changes: a list in decision order can walk a span index (below).
    decision_date = models.DateField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True)  # the first day of the next span; exclusive
    holder = models.ForeignKey("cases.Agency", on_delete=models.PROTECT, related_name="+", db_index=False)
    # "postpone" or "suspend" while paused; "" otherwise (never paused, or resumed).
    pause = models.CharField(max_length=16, blank=True)
    ground = models.CharField(max_length=16, blank=True)  # of the latest postponement or suspension
    condition = models.CharField(max_length=16, blank=True)  # of the latest classification; "" before one
    in_register = models.BooleanField(default=False)  # in the separate register (sổ theo dõi riêng)

    class Meta:
        verbose_name = _("case state span")
        verbose_name_plural = _("case state spans")
        indexes = [
            models.Index(fields=["case", "valid_from"], name="span_case_from"),
            # The rare states, in decision order: a drill-down to the cases postponed, suspended or
            # unable to pay on a day walks one of these and stops at the page's end, reading
            # everything the list asks of the span from the index alone (the separate register
            # too: without it, each span walked was read from the table). The first day last
            # among the keys is checked in the index: the most recent decisions' spans mostly
            # begin after a past period's end (behind "without conditions" nationally, 13.439 of
            # the first 14.400 walked: 5 ms → 0,3).
            models.Index(fields=["pause", "decision_date", "case", "valid_from"],
                         include=["valid_to", "holder", "in_register"], condition=~Q(pause=""),
                         name="span_paused_decided"),
            models.Index(fields=["decision_date", "case", "valid_from"],
                         include=["valid_to", "holder", "pause", "in_register"], condition=Q(condition="unable"),
                         name="span_unable_decided"),
        ]

    def __str__(self):
        return f"{self.case_id} {self.valid_from}–{self.valid_to or ''}"
