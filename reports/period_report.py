"""Everything a period report prints, gathered once for both files (XLSX and PDF).

Reads only: the figures engine (the closed snapshot when the period is closed), the month-by-month
series for the charts, and the focus lists. The scope is the agency's whole subtree: whoever asks
was allowed that agency when the job was accepted, and again when a file is downloaded.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import focus, focus_tally
from cases.models import Agency
from cases.scoping import agency_scope_ids
from thads import formatting

from . import thahc
from .calendar import Period
from .engine import compute, year_series
from .models import ReportSigners


def dated(report) -> str:
    """The place and date line of a report (domain primer §13): "Tuyên Quang, ngày 06 tháng 12 năm 2026"."""
    day = timezone.localtime(report.built_at) if timezone.is_aware(report.built_at) else report.built_at
    return _("%(place)s, date %(day)s month %(month)s year %(year)s") % {
        "place": report.agency.place(), "day": f"{day.day:02d}", "month": f"{day.month:02d}", "year": day.year}


@dataclass
class PeriodReport:
    agency: Agency
    period: Period
    by: str                 # "child" or "officer": what each row of the breakdown is
    figures: dict           # compute(): the totals, target, previous year, change (or the closed snapshot)
    rows: list              # the breakdown rows, in tree (or name) order
    rows_live: bool         # the period is closed but these rows are live (the snapshot lacks them)
    series: list            # year_series(): cumulative rates month by month, this year and last
    focus: list             # [{key, label, count}] of the focus lists, counted when the report is built
    built_at: datetime
    today: date
    ranking: list = field(default_factory=list)
    number: str = ""        # the report's number (số), filled by leadership when asking for it
    signers: dict = field(default_factory=dict)  # drawn_up_by, checked_by, head_title, head_name
    thahc: dict = field(default_factory=dict)  # reports.thahc.compute(): the followed administrative judgments

    @property
    def receiving_agency(self) -> str:
        """Where the report goes (domain primer §13): the agency above in the tree; above the
        central level, the Ministry of Justice."""
        parent = self.agency.parent
        return parent.name if parent is not None else _("Ministry of Justice")

    def signatures(self) -> list:
        """The form's three signatures, left to right: (title, what to sign with, name)."""
        signers = self.signers or signers_of(None)
        return [(_("PREPARED BY"), _("(signature, full name)"), signers["drawn_up_by"]),
                (_("CHECKED BY"), _("(signature, full name)"), signers["checked_by"]),
                (signers["head_title"].upper(), _("(signature, full name, seal)"), signers["head_name"])]

    def form_number(self, unit: str) -> str:
        """The official form number of a sheet, as configured (THADS_FORM_NUMBER_CASES / _MONEY);
        "" when it is not known, and the form then leaves it to be written in by hand."""
        return getattr(settings, f"THADS_FORM_NUMBER_{unit.upper()}", "")

    @property
    def frozen(self) -> bool:
        return bool(self.figures.get("frozen"))

    @property
    def by_officer(self) -> bool:
        return self.by == "officer"

    def status_line(self) -> str:
        """Whose figures these are: the closed (published) ones, or live ones as of the build."""
        if self.frozen:
            return self.figures["closing"]["text"]
        return _("Figures as of %(when)s; the period is not closed.") % {"when": formatting.moment(self.built_at)}


def default_by(agency: Agency) -> str:
    return "officer" if agency.is_leaf_level else "child"


def signers_of(agency: Agency | None) -> dict:
    """The names an agency's reports are signed with (blank where its administrator set none)."""
    signers = ReportSigners.objects.filter(agency=agency).first() if agency is not None else None
    return {"drawn_up_by": signers.drawn_up_by if signers else "", "checked_by": signers.checked_by if signers else "",
            "head_title": (signers.head_title if signers else "") or _("HEAD OF THE AGENCY"),
            "head_name": signers.head_name if signers else ""}


def collect(agency: Agency, period: Period, *, by: str | None = None, today: date, number: str = "") -> PeriodReport:
    by = by or default_by(agency)
    scope_ids = agency_scope_ids(agency.pk)
    figures = compute(agency, period, by=by, scope_ids=scope_ids)
    rows = figures["breakdowns"].get(by)
    rows_live = False
    if rows is None:  # a closed period published with the other breakdown
        rows = compute(agency, period, by=by, live=True, scope_ids=scope_ids)["breakdowns"][by]
        rows_live = True
    if by == "child":
        short = dict(Agency.objects.filter(code__in=[r["key"] for r in rows]).values_list("code", "short_name"))
        for row in rows:
            row["short_label"] = (not row.get("own") and short.get(row["key"])) or row["label"]
    counts = focus_tally.counts(scope_ids, today)
    report = PeriodReport(
        agency=agency, period=period, by=by, figures=figures, rows=rows, rows_live=rows_live,
        series=year_series(agency, period.year, scope_ids),
        focus=[{"key": f.key, "label": str(f.label), "count": counts[f.key]} for f in focus.FOCUS_LISTS],
        built_at=timezone.localtime(), today=today, number=number, signers=signers_of(agency),
        thahc=thahc.compute(agency, period, scope_ids),
    )
    report.ranking = ranking(rows)
    return report


def ranking(rows) -> list:
    """The rows with a rate by cases, best first (rates never averaged: each is the row's own)."""
    rated = [r for r in rows if not r.get("own") and r["cases"]["rate"] is not None]
    return sorted(rated, key=lambda r: (-r["cases"]["rate"], -(r["money"]["rate"] or 0), r["label"]))
