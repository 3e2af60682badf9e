"""The paragraph a leader reads out: the figures of a period report in sentences (domain primer §8).

"10 tháng năm 2026, toàn tỉnh thi hành xong 3.214 việc, đạt tỷ lệ 82,15 % (vượt 1,15 điểm % so với
chỉ tiêu, tăng 57 việc so với cùng kỳ); về tiền thi hành xong 98,40 tỷ đồng, đạt 41,20 % (…)."

Every comparison picks its word from the sign: tăng/giảm/bằng against last year, vượt/thấp hơn/đạt
đúng against the target. Differences of rates are percentage points, written "1,15 điểm %" as on the
dashboard and in the spreadsheet's columns (a "1,15 %" would read as a share of the rate).
"""

from django.utils.translation import gettext as _

from cases.models import Agency
from thads import formatting

from .period_report import PeriodReport


def _points(value) -> str:
    return _("%(points)s percentage points") % {"points": formatting.points(value)}


def scope_phrase(agency: Agency) -> str:
    if agency.level == Agency.Level.CENTRAL:
        return _("nationwide")
    if agency.level == Agency.Level.PROVINCIAL:
        return _("the whole city") if "thành phố" in agency.name.lower() else _("the whole province")
    return agency.short_name


def period_phrase(report: PeriodReport) -> str:
    period = report.period
    if period.months == 12:
        return _("In the year %(year)s") % {"year": period.year}
    return _("In the first %(months)s months of %(year)s") % {"months": period.months, "year": period.year}


def target_clause(delta, progress=None) -> str | None:
    """vượt / thấp hơn / đạt đúng chỉ tiêu, with the progress (tiến độ) of a period under a year."""
    if delta is None:
        return None
    if delta > 0:
        text = _("%(points)s above the target") % {"points": _points(delta)}
    elif delta < 0:
        text = _("%(points)s below the target") % {"points": _points(delta)}
    else:
        text = _("exactly on target")
    if progress is not None:
        text += _(", %(progress)s of the year's target reached") % {"progress": formatting.percent(progress)}
    return text


def cases_change_clause(change) -> str | None:
    if change is None:
        return None
    if change > 0:
        return _("%(n)s cases more than the same period last year") % {"n": formatting.integer(change)}
    if change < 0:
        return _("%(n)s cases fewer than the same period last year") % {"n": formatting.integer(-change)}
    return _("as many cases as the same period last year")


def money_change_clause(change) -> str | None:
    if change is None:
        return None
    if change > 0:
        return _("%(amount)s more than the same period last year") % {"amount": formatting.billions(change)}
    if change < 0:
        return _("%(amount)s less than the same period last year") % {"amount": formatting.billions(-change)}
    return _("the same amount as the same period last year")


def rate_change_phrase(change) -> str:
    if change is None:
        return _("cannot be compared")
    if change > 0:
        return _("up %(points)s") % {"points": _points(change)}
    if change < 0:
        return _("down %(points)s") % {"points": _points(change)}
    return _("unchanged")


def _achievement(unit: str, report: PeriodReport) -> str:
    figures = report.figures
    table, target = figures[unit], figures.get("target") or {}
    rate = table["rate"]
    change = figures["change"][unit]["completed"]
    values = {"completed": formatting.integer(table["completed"]) if unit == "cases"
              else formatting.billions(table["completed"]), "rate": formatting.percent(rate)}
    if unit == "cases":
        text = (_("completed %(completed)s cases, a rate of %(rate)s") if rate is not None
                else _("completed %(completed)s cases, with no case able to be enforced"))
    else:
        text = (_("by money completed %(completed)s, a rate of %(rate)s") if rate is not None
                else _("by money completed %(completed)s, with nothing able to be enforced"))
    clauses = [target_clause(target.get(f"{unit}_delta"), target.get(f"{unit}_progress")),
               cases_change_clause(change) if unit == "cases" else money_change_clause(change)]
    clauses = ", ".join(c for c in clauses if c)
    return text % values + (f" ({clauses})" if clauses else "")


def headline(report: PeriodReport) -> str:
    return _("%(when)s, %(scope)s %(cases)s; %(money)s.") % {
        "when": period_phrase(report), "scope": scope_phrase(report.agency),
        "cases": _achievement("cases", report), "money": _achievement("money", report)}


def rates_against_last_year(report: PeriodReport) -> str:
    figures = report.figures
    if not figures.get("previous", {}).get("has_data", True):
        return _("There are no figures for the same period of %(year)s to compare with.") % {
            "year": report.period.year - 1}
    return _("Against the same period of %(year)s, the rate by cases is %(cases)s and the rate by money %(money)s.") % {
        "year": report.period.year - 1, "cases": rate_change_phrase(figures["change"]["cases"]["rate"]),
        "money": rate_change_phrase(figures["change"]["money"]["rate"])}


def workload(report: PeriodReport) -> str:
    cases, money = report.figures["cases"], report.figures["money"]
    n = formatting.integer
    return _(
        "The total to enforce is %(to_enforce)s cases (%(carried_over)s carried over from last year, %(new)s newly "
        "accepted), worth %(to_enforce_money)s; of these %(with)s cases are able to be enforced and %(without)s are "
        "not. %(forward)s cases, worth %(forward_money)s, carry forward to the next period."
    ) % {"to_enforce": n(cases["to_enforce"]), "carried_over": n(cases["carried_over"]), "new": n(cases["new"]),
         "to_enforce_money": formatting.billions(money["to_enforce"]), "with": n(cases["with_conditions"]),
         "without": n(cases["without_conditions"]), "forward": n(cases["carried_forward"]),
         "forward_money": formatting.billions(money["carried_forward"])}


def standings(report: PeriodReport) -> str | None:
    ranked = report.ranking
    if len(ranked) < 2:
        return None
    best, worst = ranked[0], ranked[-1]
    values = {"best": best["label"], "best_rate": formatting.percent(best["cases"]["rate"]),
              "worst": worst["label"], "worst_rate": formatting.percent(worst["cases"]["rate"])}
    if report.by_officer:
        text = _("The enforcement officer with the highest rate by cases is %(best)s (%(best_rate)s), the lowest "
                 "%(worst)s (%(worst_rate)s).") % values
    else:
        text = _("The unit with the highest rate by cases is %(best)s (%(best_rate)s), the lowest %(worst)s "
                 "(%(worst_rate)s).") % values
    with_target = [r for r in report.rows if (r.get("target") or {}).get("cases_delta") is not None]
    if with_target:
        met = sum(1 for r in with_target if r["target"]["cases_delta"] >= 0)
        text += " " + _("%(met)s of %(total)s units reached their target by cases.") % {
            "met": formatting.integer(met), "total": formatting.integer(len(with_target))}
    return text


def watch(report: PeriodReport) -> str:
    counts = {f["key"]: f["count"] for f in report.focus}

    def count(key):
        return formatting.integer(counts[key])

    return _(
        "When this report was made (%(date)s), %(backlog)s able cases were unfinished more than a year after their "
        "decision, %(credit)s credit-institution cases had more than 500 million đồng remaining and %(complaints)s "
        "cases had open complaints."
    ) % {"date": formatting.date(report.today), "backlog": count("backlog"), "credit": count("credit_large"),
         "complaints": count("complaints")}


def administrative(report: PeriodReport) -> str:
    """The followed administrative judgments in two sentences (empty when there were none)."""
    data = report.thahc
    if not data or not (data["figures"]["transferred"] or data["previous"]["transferred"]):
        return ""
    figures, previous = data["figures"], data["previous"]
    n = formatting.integer
    text = _(
        "Administrative judgments: the courts transferred %(transferred)s judgments and decisions, %(followed)s of "
        "them with content to follow (%(carried)s carried over, %(new)s new); %(completed)s were carried out "
        "(%(rate)s, against %(previous_rate)s in the same period of %(year)s), %(ended)s ended otherwise and "
        "%(still)s are still followed, %(compelled)s of them with a compulsion decision."
    ) % {"transferred": n(figures["transferred"]), "followed": n(figures["followed"]),
         "carried": n(figures["carried_over"]), "new": n(figures["new"]), "completed": n(figures["completed"]),
         "rate": formatting.percent(figures.completion_rate) or "—",
         "previous_rate": formatting.percent(previous.completion_rate) or "—", "year": report.period.year - 1,
         "ended": n(figures["ended"]), "still": n(figures["still_followed"]), "compelled": n(figures["compelled"])}
    return text


def paragraphs(report: PeriodReport) -> list[str]:
    first = " ".join([headline(report), rates_against_last_year(report)])
    second = " ".join(p for p in (workload(report), standings(report)) if p)
    return [p for p in (first, second, watch(report), administrative(report)) if p]
