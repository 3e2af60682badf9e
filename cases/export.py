"""The case list as CSV: one row per case, amounts as plain whole đồng so spreadsheets can sum them."""

import csv
from datetime import date

from django.utils.translation import gettext as _

from .models import DisplayState, Initiation, JudgmentKind

CHUNK = 2000


class _Line:
    """csv.writer writes into this, and we hand each line on."""

    def write(self, value):
        return value


def _headers():
    return [_("Decision number"), _("Decision date"), _("Date accepted"), _("Agency"), _("Enforcement officer"),
            _("Debtor"), _("Creditor"), _("Kind of judgment"), _("Initiation"), _("Credit institution"),
            _("Corruption asset recovery"), _("Amount (đồng)"), _("Collected (đồng)"), _("Exempted or reduced (đồng)"),
            _("Remaining (đồng)"), _("Status"), _("Separate register"), _("Closed on"), _("Open complaints")]


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def case_rows(queryset):
    writer = csv.writer(_Line(), delimiter=";")
    yes, no = _("Yes"), _("No")
    yield "\ufeff" + writer.writerow(_headers())
    fields = ("decision_number", "decision_date", "accepted_on", "agency__name", "officer__full_name", "debtor_name",
              "creditor_name", "judgment_kind", "initiation", "is_credit_institution", "is_corruption_asset", "amount",
              "collected_amount", "reduced_amount", "remaining_amount", "status", "condition", "in_separate_register",
              "closed_on", "open_complaints")
    for row in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
        r = dict(zip(fields, row, strict=True))
        yield writer.writerow([
            r["decision_number"], _day(r["decision_date"]), _day(r["accepted_on"]), r["agency__name"],
            r["officer__full_name"] or "", r["debtor_name"], r["creditor_name"], JudgmentKind(r["judgment_kind"]).label,
            Initiation(r["initiation"]).label, yes if r["is_credit_institution"] else no,
            yes if r["is_corruption_asset"] else no, r["amount"], r["collected_amount"], r["reduced_amount"],
            r["remaining_amount"], DisplayState.of(r["status"], r["condition"]).label,
            yes if r["in_separate_register"] else no, _day(r["closed_on"]), r["open_complaints"],
        ])


def filename(today: date) -> str:
    return f"danh-sach-viec-{today:%Y%m%d}.csv"
