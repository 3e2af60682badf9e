"""What a dashboard shows for one agency and period: read from the figures engine, the focus lists
and the case register, in a fixed number of queries whatever the size of the data."""

import functools

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cases import focus, focus_tally, thahc_due
from cases.lookups import Ids
from cases.models import Agency, Case, CommitteeConclusion
from cases.scoping import scope_of, visible_agency_ids
from thads import cache, data_version
from thads.replica import reading_from_replica

from . import committee, thahc
from .calendar import Period, month_labels
from .engine import compute, year_series
from .figures import COMPOSITION, LABELS, RANKED_KEYS, held_by, label, rate_gap

RATE_AMBER_POINTS = 2  # a rate this many points or less under target is amber; further under, red
KPI_KEYS = ("to_enforce", "with_conditions", "completed", "rate", "carried_forward")
LARGEST_SHOWN = 5


def case_list_url(**params) -> str:
    return f"{_case_list_path(get_script_prefix())}?{urlencode({k: v for k, v in params.items() if v not in (None, '')})}"


@functools.cache
def _case_list_path(prefix) -> str:  # a ranking links hundreds of figures; reverse() each time costs
    return reverse("case_list")


def dashboard_url(agency_id, period: Period) -> str:
    # Written out (numbers need no quoting), the path reversed once: a national ranking has 34.
    path = _dashboard_path(get_script_prefix())
    return f"{path}?agency={int(agency_id)}&year={int(period.year)}&months={int(period.months)}"


@functools.cache
def _dashboard_path(prefix) -> str:
    return reverse("home")


def figure_url(key, period: Period, agency_id, officer_id=None) -> str:
    return figure_urls((key,), period, agency_id, officer_id)[key]


def figure_urls(keys, period: Period, agency_id, officer_id=None) -> dict:
    """The list behind each figure of `keys` for the agency (and officer), by key."""
    # Written out (keys and numbers need no quoting), the common part once: a national ranking
    # has six hundred links.
    path = _case_list_path(get_script_prefix())
    tail = f"&year={int(period.year)}&months={int(period.months)}&agency={int(agency_id)}"
    if officer_id:
        tail += f"&officer={int(officer_id)}"
    # A rate's cases are the ones it is computed over.
    return {key: f"{path}?figure={'with_conditions' if key == 'rate' else key}{tail}" for key in keys}


def rate_status(delta) -> str:
    if delta is None:
        return "none"
    if delta >= 0:
        return "good"
    return "close" if delta >= -RATE_AMBER_POINTS else "bad"


def _kpis(report, period: Period, agency: Agency) -> dict:
    target = report.get("target") or {}
    result = {}
    for unit in ("cases", "money"):
        cards = []
        for key in KPI_KEYS:
            card = {
                "key": key, "label": LABELS[key], "value": report[unit][key],
                "previous": report["previous"][unit][key], "change": report["change"][unit].get(key),
                "no_previous": not report["previous"].get("has_data", True),
                "url": figure_url(key, period, agency.pk),
            }
            if key == "rate":
                card["target"] = target.get(unit)
                card["delta"] = target.get(f"{unit}_delta")
                card["progress"] = target.get(f"{unit}_progress")
                card["status"] = rate_status(card["delta"])
            cards.append(card)
        result[unit] = cards
    return result


def _ranking(report, period: Period, agency: Agency, user) -> dict:
    """Rows of the children (officers on a leaf) with every figure, best and worst by rate, and the
    agency's own total (the engine's, not a sum made here) for the row above them.

    Officers have no target of their own: each is held to the unit's, which their rows carry."""
    breakdowns = report["breakdowns"]
    by_officer = "child" not in breakdowns
    rows = breakdowns.get("officer") if by_officer else breakdowns.get("child")
    ids, short_names = {}, {}
    if not by_officer:
        for code, pk, short_name in Agency.objects.for_user(user).filter(code__in=[r["key"] for r in rows]).values_list(
                "code", "pk", "short_name"):
            ids[code], short_names[code] = pk, short_name
    own_target = report.get("target") or {}
    result = []
    for row in rows or []:
        own = row.get("own", False)
        child_id = None if by_officer or own else ids.get(row["key"])
        if by_officer:
            # No list of "no officer assigned" exists: that row links nowhere rather than to everyone's cases.
            links = figure_urls(RANKED_KEYS, period, agency.pk, officer_id=row["key"]) if row["key"] else {}
            target = {key: own_target.get(key) for key in ("cases", "money")} if own_target else {}
            if target:
                target.update({f"{unit}_delta": rate_gap(row[unit]["rate"], target[unit]) for unit in ("cases", "money")})
        else:
            links = figure_urls(RANKED_KEYS, period, child_id) if child_id is not None else {}
            target = row.get("target") or {}
        result.append({
            "label": row["label"], "short_label": (not own and short_names.get(row["key"])) or row["label"], "own": own,
            "cases": row["cases"], "money": row["money"],
            "change": row["change"], "target": target, "links": links, "marks": {},
            # A unit opens its own dashboard, an officer the cases behind their rate: the same period either way.
            "url": dashboard_url(child_id, period) if child_id else links.get("rate"),
        })
    for unit in ("cases", "money"):
        rated = [r for r in result if r[unit]["rate"] is not None and not r["own"]]
        if len(rated) >= 2:
            best = max(rated, key=lambda r: r[unit]["rate"])
            worst = min(rated, key=lambda r: r[unit]["rate"])
            if best is not worst:
                best["marks"][unit] = "best"
                worst["marks"][unit] = "worst"
    total = {"label": _("Total"), "short_label": _("Total"), "own": False, "total": True,
             "cases": report["cases"], "money": report["money"], "change": report["change"], "target": own_target,
             "links": figure_urls(RANKED_KEYS, period, agency.pk), "marks": {}, "url": None}
    return {"by_officer": by_officer, "rows": result, "total": total, "agency_name": agency.name,
            "unit_target": by_officer and bool(own_target)}


def focus_counts(user, agency: Agency, scope_ids, today) -> list[dict]:
    """Each focus list with its count (from the kept counts) and the link to its cases."""
    counts = focus_tally.counts(scope_ids & visible_agency_ids(user), today)
    return [{"key": f.key, "label": f.label, "count": counts[f.key],
             "url": case_list_url(focus=f.key, agency=agency.pk, sort=f.sort)} for f in focus.FOCUS_LISTS]


def judgments(agency: Agency, period: Period, scope_ids, today) -> tuple[dict, list]:
    """The THAHC section (the period's figures beside the same period last year) and the focus
    panel's two lines (judgments with a step overdue or due soon), from one query.

    `scope_ids` is the user's sight of `agency` (scope_of), as every count of the dashboard."""
    current, previous, due = thahc.figures_with_last_year(scope_ids, period, **thahc_due.counters(today))
    url = reverse("judgment_list")
    rows = [{"number": thahc.COLUMN_NUMBERS[key], "label": thahc.LABELS[key], "current": current[key],
             "previous": previous[key], "part": key not in ("transferred", "followed")} for key in thahc.KEYS]
    section = {"rows": rows, "rate": current.completion_rate, "previous_rate": previous.completion_rate,
               "has_data": bool(current["transferred"] or previous["transferred"]),
               "url": f"{url}?{urlencode({'agency': agency.pk})}"}
    labels = {"overdue": _("Administrative judgments: a step overdue"),
              "soon": _("Administrative judgments: a step due within 03 working days")}
    lines = [{"key": f"thahc_{key}", "label": labels[key], "count": due[key],
              "url": f"{url}?{urlencode({'agency': agency.pk, 'due': key})}"} for key in thahc_due.KEYS]
    return section, lines


def committee_overdue(agency: Agency, scope_ids, today) -> dict:
    """The steering committee's conclusions past their deadline on the cases in sight, with their list."""
    from django.db.models import Q

    conclusions = CommitteeConclusion.objects.filter(Q(item__case__agency_id__any_of=Ids(scope_ids))
                                                     | Q(item__judgment__agency_id__any_of=Ids(scope_ids)))
    return {"key": "committee_overdue", "label": _("Steering committee: cases with a conclusion overdue"),
            "count": committee.cases_with_overdue_conclusions(conclusions, today),
            "url": f"{reverse('committee_list')}?{urlencode({'agency': agency.pk, 'overdue': 'true', 'status': 'open'})}"}


def largest_remaining(user, scope_ids) -> list:
    cases = Case.objects.for_user(user, within=scope_ids).open()
    return list(cases.select_related("agency").order_by("-remaining_amount", "-id")[:LARGEST_SHOWN])


def breadcrumbs(user, agency: Agency) -> list:
    """The agency's ancestors that the user may open, top down."""
    if agency.pk == user.agency_id:
        return []  # a user sees their agency's subtree and its predecessors', never what is above it
    steps = len(agency.path) // 4
    prefixes = [agency.path[: 4 * i] for i in range(1, steps)]
    return list(Agency.objects.for_user(user).filter(path__in=prefixes).order_by("path"))


def _bar(row, unit) -> dict:
    """One bar of the rate chart: the rate, its target, the gap in points and where it stands."""
    target = row["target"] or {}
    rate, goal = row[unit]["rate"], target.get(unit)
    gap = target.get(f"{unit}_delta") if goal is not None else None
    return {"rate": rate, "target": goal, "gap": gap, "status": "none" if gap is None else ("good" if gap >= 0 else "bad")}


def _below_target(bars, labels) -> dict:
    """Who is under their target, by cases and by money: the sentence under each chart."""
    result = {}
    for unit in ("cases", "money"):
        with_target = [(label, bar[unit]) for label, bar in zip(labels, bars, strict=True) if bar[unit]["target"] is not None]
        result[unit] = {"names": [label for label, bar in with_target if bar["status"] == "bad"], "of": len(with_target)}
    return result


def _charts(report, series, ranking, period: Period, agency: Agency) -> dict:
    """The data the charts script draws, with every text already translated."""
    shown = series[: period.months]
    ranked = [r for r in ranking["rows"] if not r["own"]]
    bars = [{unit: _bar(r, unit) for unit in ("cases", "money")} for r in ranked]
    return {
        "labels": {
            "cases_rate": _("Rate by cases (%)"), "money_rate": _("Rate by money (%)"),
            "cases_bar": _("Rate by cases"), "money_bar": _("Rate by money"), "gap": _("Against the target"),
            # "{points}" for the script to fill in (the catalogue's "%%" made one sign here).
            "points": _("%(points)s percentage points") % {"points": "{points}"},
            "cases_target": _("Target by cases"), "money_target": _("Target by money"),
            "at_target": _("At or above the target"), "below_target": _("Below the target"),
            "no_target": _("No target set"),
            "current": _("Year %(year)s") % {"year": period.year},
            "previous": _("Year %(year)s") % {"year": period.year - 1},
            "billion": _("billion đồng"), "cases": _("cases"),
        },
        # Each bar: its rate, its target (an officer's is the unit's) and the gap, by cases and by money.
        "units": [{"label": r["short_label"], "url": r["url"], **{unit: bar[unit] for unit in ("cases", "money")}}
                  for r, bar in zip(ranked, bars, strict=True)],
        "below_target": _below_target(bars, [r["short_label"] for r in ranked]),
        "by_officer": ranking["by_officer"],
        "target": report.get("target"),
        "months": month_labels(period.year),
        "series": {
            unit: {"current": [m["current"][unit]["rate"] for m in shown],
                   "previous": [m["previous"][unit]["rate"] for m in series]}
            for unit in ("cases", "money")
        },
        "composition": {
            unit: [
                {"label": label(key), "value": report[unit][key], "figure": key,
                 "url": figure_url(key, period, agency.pk)}
                for key in COMPOSITION
            ]
            for unit in ("cases", "money")
        },
    }


CACHE_SECONDS = 24 * 3600


def build(user, agency: Agency, period: Period, today) -> dict:
    """The dashboard of `agency` for `period`, from the cache while no write has happened since.

    Everything but the breadcrumbs is the same for every user allowed to open the agency (their
    scope contains its whole scope), so it is cached per agency, period, day, language and data
    version; the breadcrumbs follow the user. The cache holds the page as rendered, not the data
    it was rendered from: a national dashboard's figures are tens of thousands of objects to unpickle.
    """
    version = data_version.current()
    key = (f"dashboard:{agency.pk}:{period.year}:{period.months}:{today.isoformat()}:{get_language()}:{version}"
           if version is not None else None)
    page = cache.get(key) if key else None
    context = {}
    if page is None:
        with reading_from_replica():
            context = _payload(user, agency, period, today)
            report = context["report"]
            page = {"body": render_to_string("reports/_dashboard_body.html", context), "as_of": context["as_of"],
                    "stamp": {"frozen": report["frozen"], "closing": report["closing"]}, "held_by": held_by(report)}
        if key:
            cache.set(key, page, CACHE_SECONDS)
    return {**context, **page, "breadcrumbs": breadcrumbs(user, agency)}


def _payload(user, agency: Agency, period: Period, today) -> dict:
    scope_ids = scope_of(user, agency.pk)
    report = compute(agency, period, scope_ids=scope_ids, dimensions=False)
    series = year_series(agency, period.year, scope_ids)
    ranking = _ranking(report, period, agency, user)
    charts = _charts(report, series, ranking, period, agency)
    thahc_section, thahc_focus = judgments(agency, period, scope_ids, today)
    return {
        "report": report,
        "kpis": _kpis(report, period, agency),
        "ranking": ranking,
        "charts": charts,
        "focus": [*focus_counts(user, agency, scope_ids, today), *thahc_focus,
                  committee_overdue(agency, scope_ids, today)],
        "thahc": thahc_section,
        "largest": largest_remaining(user, scope_ids),
        # The rate leads each row with its gap and change (ranking_row); these follow it.
        "ranking_keys": [(key, LABELS[key]) for key in RANKED_KEYS if key != "rate"],
        "as_of": timezone.localtime(),
    }
