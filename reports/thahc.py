"""The figures of followed administrative judgments (domain primer §11; TTLT 12/2021, Biểu mẫu số
03/TKLN-THADS) for any agency subtree and cumulative period.

    (1) transferred by the courts   = (2) with content to follow + (3) without
    (2) with content to follow      = (4) carried over + (5) new
                                    = (6) completed + (7) ended otherwise + (8) still followed
    (9) with a compulsion decision (QĐ buộc THAHC) is a part of (2).

A judgment counts for the agency following it now. Each number is one conditional count over the
register; (1) and (8) are derived, so the identities hold by construction and are checked anyway.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cases.lookups import Ids
from cases.models import FollowedJudgment, FollowStatus, Officer
from thads.aggregates import aggregate

from .calendar import Period
from .engine import OWN, own_label, resolve_scope
from .figures import rate

KEYS = ("transferred", "followed", "counted", "carried_over", "new", "completed", "ended", "still_followed",
        "compelled")
COLUMN_NUMBERS = {key: number for number, key in enumerate(KEYS, start=1)}
LABELS = {
    "transferred": _("Judgments and decisions transferred by the courts"),
    "followed": _("With content to follow"),
    "counted": _("Without content to follow"),
    "carried_over": _("Carried over from the previous year"),
    "new": _("New in the period"),
    "completed": _("Completed"),
    "ended": _("Ended otherwise"),
    "still_followed": _("Still followed (carried forward)"),
    "compelled": _("Of which: with a compulsion decision (QĐ buộc THAHC)"),
}
RELATIONS = {
    "transferred": ("followed", "counted"),
    "followed": ("carried_over", "new"),
}
OUTCOME = ("completed", "ended", "still_followed")  # (2) = (6) + (7) + (8)


@dataclass
class ThahcFigures:
    values: dict

    def __getitem__(self, key):
        return self.values[key]

    @property
    def completion_rate(self):
        """Completed out of what was followed, in percent (None when nothing was)."""
        return rate(self.values["completed"], self.values["followed"])

    def problems(self) -> list[str]:
        """Every identity that does not hold (none, unless the register is broken)."""
        v, found = self.values, []
        for total, parts in RELATIONS.items():
            if v[total] != sum(v[p] for p in parts):
                found.append(f"({COLUMN_NUMBERS[total]}) ≠ " + " + ".join(f"({COLUMN_NUMBERS[p]})" for p in parts))
        if v["followed"] != sum(v[p] for p in OUTCOME):
            found.append("(2) ≠ (6) + (7) + (8)")
        if not 0 <= v["compelled"] <= v["followed"]:
            found.append("(9) > (2)")
        return found


def _counters(period: Period) -> dict:
    start, end = period.start, period.end
    followed = Q(has_follow_up=True)
    carried = followed & Q(received_on__lt=start) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    new = followed & Q(received_on__gte=start, received_on__lte=end)
    total = carried | new
    return {
        "carried_over": Count("pk", filter=carried),
        "new": Count("pk", filter=new),
        "counted": Count("pk", filter=Q(has_follow_up=False, received_on__gte=start, received_on__lte=end)),
        "completed": Count("pk", filter=total & Q(status=FollowStatus.COMPLETED, closed_on__lte=end)),
        "ended": Count("pk", filter=total & Q(status=FollowStatus.ENDED, closed_on__lte=end)),
        "compelled": Count("pk", filter=total & Q(compelled_on__lte=end)),
    }


def _derived(counts) -> ThahcFigures:
    values = {key: counts.get(key) or 0 for key in ("carried_over", "new", "counted", "completed", "ended",
                                                      "compelled")}
    values["followed"] = values["carried_over"] + values["new"]
    values["transferred"] = values["followed"] + values["counted"]
    values["still_followed"] = values["followed"] - values["completed"] - values["ended"]
    return ThahcFigures({key: values[key] for key in KEYS})


def _judgments(scope_ids):
    return FollowedJudgment.objects.filter(agency_id__any_of=Ids(scope_ids)).order_by()


def figures(scope_ids, period: Period) -> ThahcFigures:
    """The figures of the judgments followed by the agencies `scope_ids`, in one query."""
    return _derived(aggregate(_judgments(scope_ids), **_counters(period)))


def figures_with_last_year(scope_ids, period: Period, **more) -> tuple:
    """The period's figures and the same period's of last year, and the aggregates `more` over the
    same judgments, in one query (the dashboard's)."""
    counters = {f"now_{k}": v for k, v in _counters(period).items()}
    counters |= {f"then_{k}": v for k, v in _counters(period.previous_year).items()}
    row = aggregate(_judgments(scope_ids), **counters, **more)
    now = _derived({k[4:]: v for k, v in row.items() if k.startswith("now_")})
    then = _derived({k[5:]: v for k, v in row.items() if k.startswith("then_")})
    return now, then, {k: row[k] for k in more}


def _grouped(scope_ids, period: Period, field: str) -> dict:
    rows = _judgments(scope_ids).values(field).annotate(**_counters(period))
    return {row[field]: row for row in rows}


def _sum(rows) -> dict:
    total = defaultdict(int)
    for row in rows:
        for key, value in row.items():
            if isinstance(value, int) and key not in ("agency_id", "officer_id"):
                total[key] += value
    return total


def _row(key, label, current, previous, **extra) -> dict:
    return {"key": key, "label": label, "figures": current, "previous": previous, **extra}


def compute(agency, period: Period, scope_ids=None) -> dict:
    """The agency's figures for the period and the same period last year, by child unit and by
    officer; as `thads_report --kind thahc` prints them and the pages and sheets show them."""
    scope = resolve_scope(agency, period, scope_ids)
    previous_period = period.previous_year
    current, previous = figures(scope.ids, period), figures(scope.ids, previous_period)
    by_child = {}
    for which, rows in (("current", _grouped(scope.ids, period, "agency_id")),
                        ("previous", _grouped(scope.ids, previous_period, "agency_id"))):
        grouped = defaultdict(list)
        for agency_id, row in rows.items():
            child = scope.child_of.get(agency_id, OWN)
            grouped[child].append(row)
        by_child[which] = {child: _derived(_sum(rows)) for child, rows in grouped.items()}
    empty = _derived({})
    children = []
    for child in scope.children:
        now, before = by_child["current"].get(child["id"], empty), by_child["previous"].get(child["id"], empty)
        if child.get("own"):
            if child["id"] in by_child["current"] or child["id"] in by_child["previous"]:
                children.append(_row(child["code"], own_label(child["name"]), now, before, own=True))
            continue
        children.append(_row(child["code"], child["name"], now, before))
    if OWN in by_child["current"] or OWN in by_child["previous"]:
        children.append(_row(agency.code, own_label(agency.name), by_child["current"].get(OWN, empty),
                             by_child["previous"].get(OWN, empty), own=True))
    officer_rows = _grouped(scope.ids, period, "officer_id")
    names = {pk: (code, name) for pk, code, name in Officer.objects.filter(
        pk__in=[k for k in officer_rows if k]).values_list("pk", "code", "full_name")}
    officers = [
        _row(names[officer_id][0] if officer_id else "", names[officer_id][1] if officer_id
             else str(_("No officer assigned")), _derived(row), None)
        for officer_id, row in sorted(officer_rows.items(), key=lambda item: (item[0] is None,
                                                                              names.get(item[0], ("", ""))[1]))
    ]
    officers = [row for row in officers if row["figures"]["transferred"]]
    return {"agency": agency, "period": period, "previous_period": previous_period, "figures": current,
            "previous": previous, "children": children, "officers": officers}


def as_json(report: dict) -> dict:
    """The report as plain data (thads_report --format json)."""
    def values(figures):
        return None if figures is None else {**figures.values, "completion_rate": _plain(figures.completion_rate)}

    return {
        "agency": {"code": report["agency"].code, "name": report["agency"].name},
        "period": {"year": report["period"].year, "months": report["period"].months,
                   "start": report["period"].start.isoformat(), "end": report["period"].end.isoformat()},
        "figures": values(report["figures"]),
        "previous_year": values(report["previous"]),
        "children": [{"code": r["key"], "name": str(r["label"]), "figures": values(r["figures"]),
                      "previous_year": values(r["previous"])} for r in report["children"]],
        "officers": [{"id": r["key"], "name": str(r["label"]), "figures": values(r["figures"])}
                     for r in report["officers"]],
        "problems": report["figures"].problems(),
    }


def _plain(value):
    return None if value is None else float(value)
