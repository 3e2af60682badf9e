"""The case list as CSV: one row per case, amounts as plain whole đồng so spreadsheets can sum them."""

from datetime import date

from django.utils.translation import gettext as _

from thads import sheets

from .models import DisplayState, Initiation, JudgmentKind

CHUNK = 2000
LINES_PER_CHUNK = 500


class _Line:
    """The CSV writer writes into this, and we hand each line on."""

    def write(self, value):
        return value


def _headers():
    return [_("Decision number"), _("Decision date"), _("Date accepted"), _("Agency"), _("Enforcement officer"),
            _("Debtor"), _("Creditor"), _("Kind of judgment"), _("Initiation"), _("Credit institution"),
            _("Corruption asset recovery"), _("Amount (đồng)"), _("Collected (đồng)"), _("Exempted or reduced (đồng)"),
            _("Remaining (đồng)"), _("Status"), _("Separate register"), _("Closed on"), _("Number of open complaints")]


def _day(value: date | None) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}" if value else ""  # strftime is slower


def case_rows(queryset):
    writer = sheets.csv_writer(_Line(), delimiter=";")  # parties' names cannot become formulas
    yes, no = _("Yes"), _("No")
    yield "\ufeff" + writer.writerow(_headers())
    fields = ("decision_number", "decision_date", "accepted_on", "agency__name", "officer__full_name", "debtor_name",
              "creditor_name", "judgment_kind", "initiation", "is_credit_institution", "is_corruption_asset", "amount",
              "collected_amount", "reduced_amount", "remaining_amount", "status", "condition", "in_separate_register",
              "closed_on", "open_complaints")
    # Labels translated once, not once a row: a province's export has tens of thousands of rows.
    kinds = {value: str(label) for value, label in JudgmentKind.choices}
    initiations = {value: str(label) for value, label in Initiation.choices}
    states = {}
    lines = []
    for row in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
        r = dict(zip(fields, row, strict=True))
        state = (r["status"], r["condition"])
        if state not in states:
            states[state] = str(DisplayState.of(*state).label)
        lines.append(writer.writerow([
            r["decision_number"], _day(r["decision_date"]), _day(r["accepted_on"]), r["agency__name"],
            r["officer__full_name"] or "", r["debtor_name"], r["creditor_name"], kinds[r["judgment_kind"]],
            initiations[r["initiation"]], yes if r["is_credit_institution"] else no,
            yes if r["is_corruption_asset"] else no, r["amount"], r["collected_amount"], r["reduced_amount"],
            r["remaining_amount"], states[state],
            yes if r["in_separate_register"] else no, _day(r["closed_on"]), r["open_complaints"],
        ]))
        if len(lines) == LINES_PER_CHUNK:  # the response encodes each piece: hand on many lines at once
            yield "".join(lines)
            lines.clear()
    if lines:
        yield "".join(lines)


def filename(today: date) -> str:
    return f"danh-sach-viec-{today:%Y%m%d}.csv"
