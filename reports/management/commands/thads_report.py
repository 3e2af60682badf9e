import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cases.models import Agency
from reports import thahc
from reports.calendar import FIRST_YEAR, LAST_YEAR, Period, is_valid_year
from reports.engine import compute
from reports.figures import LABELS, MONEY_KEYS, held_by, keys_of
from reports.forms import agency_period_problem
from reports.summaries import fill_missing
from thads import formatting, sheets

UNITS = ("cases", "money")


class Command(BaseCommand):
    help = (
        "Print the official figures of an agency (with its whole subtree) for a cumulative period: every key "
        "of the việc and tiền tables, the target and the delta to it, the same period of last year and the "
        "change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="agency code, e.g. THADS-TUYENQUANG")
        parser.add_argument("--year", required=True, type=int, help="statistical year (2024 = 01/10/2023-30/9/2024)")
        parser.add_argument("--months", required=True, type=int, choices=range(1, 13), metavar="{1..12}")
        parser.add_argument("--format", default="table", choices=["json", "csv", "table"])
        parser.add_argument("--by", choices=["child", "officer"], help="add one row per child unit or per officer")
        parser.add_argument("--live", action="store_true", help="live figures even when the period is closed")
        parser.add_argument("--language", default="vi", choices=["vi", "en"])
        parser.add_argument("--kind", default="civil", choices=["civil", "thahc"],
                            help="civil: the việc and tiền tables; thahc: the followed administrative judgments")

    def handle(self, *args, agency, year, months, format, by, live, language, kind="civil", **options):
        record = Agency.objects.filter(code=agency).first()
        if record is None:
            raise CommandError(f"No agency with code {agency!r}.")
        if not is_valid_year(year):
            raise CommandError(f"No statistical year {year}: {FIRST_YEAR} to {LAST_YEAR}.")
        with translation.override(language):
            if problem := agency_period_problem(record, Period(year, months)):
                raise CommandError(str(problem))
            if kind == "thahc":
                report = thahc.compute(record, Period(year, months))
                rows = {"child": report["children"], "officer": report["officers"]}.get(by, [])
                {"json": self.thahc_json, "csv": self.thahc_csv, "table": self.thahc_table}[format](report, rows)
                return
            fill_missing({year, year - 1})  # a command may fill what it reads; a page never does
            report = compute(record, Period(year, months), by=by, live=live)
            rows = report["breakdowns"].get(by, []) if by else []
            {"json": self.write_json, "csv": self.write_csv, "table": self.write_table}[format](report, rows)

    def write_json(self, report, rows):
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))

    def write_csv(self, report, rows):
        columns = ["scope", "code", "name"]
        columns += [f"{u}.{k}" for u in UNITS for k in keys_of(u)]
        columns += [f"previous.{u}.{k}" for u in UNITS for k in keys_of(u)]
        columns += [f"change.{u}.{k}" for u in UNITS for k in keys_of(u)]
        columns += ["target.cases", "target.money", "target.cases_delta", "target.money_delta"]
        writer = sheets.csv_writer(self.stdout, lineterminator="\n")  # agency names cannot become formulas
        writer.writerow(columns)
        total = {"key": report["agency"]["code"], "label": report["agency"]["name"], **report}
        for scope, row in [("total", total)] + [("row", r) for r in rows]:
            line = [scope, row["key"], row["label"]]
            line += [row[u][k] for u in UNITS for k in keys_of(u)]
            line += [row["previous"][u][k] for u in UNITS for k in keys_of(u)]
            line += [row["change"][u][k] for u in UNITS for k in keys_of(u)]
            target = row.get("target") or {}
            line += [target.get("cases"), target.get("money"), target.get("cases_delta"), target.get("money_delta")]
            writer.writerow(["" if v is None else v for v in line])

    def write_table(self, report, rows):
        out = self.stdout.write
        out(_("Civil judgment enforcement results — %(agency)s") % {"agency": report["agency"]["name"]})
        out(report["period"]["name"])
        if held := held_by(report):
            out(held)
        if report.get("frozen"):
            closing = report["closing"]
            out(closing["text"])
            if closing["live_differs"]:
                out(_("Warning: live figures differ from the published ones."))
        target = report.get("target")
        if target:
            out(_("Target: %(cases)s by cases, %(money)s by money; achieved %(dc)s and %(dm)s points against it.") % {
                "cases": formatting.percent(target["cases"]), "money": formatting.percent(target["money"]),
                "dc": _signed(target["cases_delta"]), "dm": _signed(target["money_delta"])})
        else:
            out(_("No target set for this year."))
        if not report["previous"].get("has_data", True):
            out(_("There are no figures for the same period of %(year)s to compare with.") % {
                "year": report["period"]["year"] - 1})
        out("")
        self.table(report)
        for row in rows:
            out("")
            out(f"{row['label']} ({row['key']})")
            self.table(row)
        for unit in UNITS:
            check = report["carry_over_check"][unit]
            if not check["ok"]:
                out(_("Warning (%(unit)s): carried over %(actual)s, but last year's carried forward less the separate "
                      "register gives %(expected)s.") % {"unit": unit, "actual": formatting.integer(check["actual"]),
                                                          "expected": formatting.integer(check["expected"])})

    def table(self, row):
        change = pgettext("same-period comparison", "Change")
        header = [_("Figure"), _("Key"), _("By cases"), _("Same period"), change, _("By money (đồng)"), _("Same period"), change]
        lines = []
        for key in MONEY_KEYS:
            cells = [str(LABELS[key]), key]
            for unit in UNITS:
                if key == "reduced" and unit == "cases":
                    cells += ["", "", ""]
                    continue
                now, then, change = row[unit][key], row["previous"][unit][key], row["change"][unit][key]
                if not row["previous"].get("has_data", True):
                    then = None  # no data, not a zero
                if key == "rate":
                    cells += [formatting.percent(now), formatting.percent(then), _signed(change)]
                else:
                    cells += [formatting.integer(now), formatting.integer(then), _signed(change, integer=True)]
            lines.append(cells)
        widths = [max(len(str(c)) for c in column) for column in zip(header, *lines, strict=True)]
        for cells in [header] + lines:
            self.stdout.write("  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w)
                                        for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip())


    # --- followed administrative judgments ---

    def thahc_json(self, report, rows):
        self.stdout.write(json.dumps(thahc.as_json(report), ensure_ascii=False, indent=2))

    def thahc_csv(self, report, rows):
        writer = sheets.csv_writer(self.stdout, lineterminator="\n")
        writer.writerow(["scope", "code", "name", *thahc.KEYS, *(f"previous.{k}" for k in thahc.KEYS)])
        total = {"key": report["agency"].code, "label": report["agency"].name, "figures": report["figures"],
                 "previous": report["previous"]}
        for scope, row in [("total", total)] + [("row", r) for r in rows]:
            previous = [row["previous"][k] for k in thahc.KEYS] if row["previous"] is not None else [""] * len(thahc.KEYS)
            writer.writerow([scope, row["key"], row["label"], *(row["figures"][k] for k in thahc.KEYS), *previous])

    def thahc_table(self, report, rows):
        out = self.stdout.write
        out(_("Followed administrative judgments — %(agency)s") % {"agency": report["agency"].name})
        out(report["period"].name)
        out("")
        self.thahc_lines(report["figures"], report["previous"])
        for row in rows:
            out("")
            out(f"{row['label']} ({row['key']})" if row["key"] else str(row["label"]))
            self.thahc_lines(row["figures"], row["previous"])
        for problem in report["figures"].problems():
            out(_("Warning: %(problem)s") % {"problem": problem})

    def thahc_lines(self, figures, previous):
        header = [_("Figure"), "", _("Number"), _("Same period")]
        lines = [[str(thahc.LABELS[key]), f"({thahc.COLUMN_NUMBERS[key]})", formatting.integer(figures[key]),
                  formatting.integer(previous[key]) if previous is not None else "—"] for key in thahc.KEYS]
        lines.append([str(_("Completion rate")), "", formatting.percent(figures.completion_rate),
                      formatting.percent(previous.completion_rate) if previous is not None else "—"])
        widths = [max(len(str(c)) for c in column) for column in zip(header, *lines, strict=True)]
        for cells in [header] + lines:
            self.stdout.write("  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w)
                                        for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip())


def _signed(value, integer=False):
    if value is None:
        return "—"
    text = formatting.integer(abs(value)) if integer else formatting.percent(abs(value)).replace("\xa0%", "")
    return ("+" if value > 0 else "−" if value < 0 else "±") + text
