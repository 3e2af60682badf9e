"""The figures of a person's own work for a period (the workspace): an officer's row of their
unit's figures by officer, a clerk's or a leader's their agency's, against the agency's target."""

from cases.workspace import own_officer

from .calendar import Period
from .engine import compute
from .figures import rate_gap

SHOWN = ("with_conditions", "completed", "rate")


def own_figures(user, period: Period) -> dict | None:
    """{"cases": {...}, "money": {...}, "target": {...} or None, "label": whose}; None when the
    user has no agency or the officer no row in the period (nothing of theirs counted yet)."""
    officer = own_officer(user)
    agency = officer.agency if officer is not None else user.agency
    if agency is None:
        return None
    report = compute(agency, period, by="officer" if officer is not None else None, dimensions=False)
    if officer is not None:
        figures = next((row for row in report["breakdowns"].get("officer") or [] if row["key"] == officer.pk), None)
        if figures is None:
            return None
    else:
        figures = report
    target = report["target"]
    result = {"label": officer.full_name if officer is not None else agency.name, "target": target}
    for unit in ("cases", "money"):
        values = {key: figures[unit].get(key) for key in SHOWN}
        goal = target.get(unit) if target else None
        values["target"] = goal
        values["gap"] = rate_gap(values["rate"], goal)
        result[unit] = values
    result["has_data"] = bool(figures["cases"].get("to_enforce"))
    return result
