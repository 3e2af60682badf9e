"""The orders of a list of cases, by the key a link names (?sort=-remaining): the case list's, and
the order in which the workspace shows the first cases of each list."""

from datetime import date

from thads.pagination import Sort

CASE_SORTS = {
    "-decision_date": Sort("decision_date", True, date),
    "decision_date": Sort("decision_date", False, date),
    "-accepted_on": Sort("accepted_on", True, date),
    "accepted_on": Sort("accepted_on", False, date),
    "-amount": Sort("amount", True, int),
    "amount": Sort("amount", False, int),
    "-remaining": Sort("remaining_amount", True, int),
    "remaining": Sort("remaining_amount", False, int),
}
DEFAULT_SORT = "-decision_date"
