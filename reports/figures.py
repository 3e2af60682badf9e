"""The official figures (domain primer §6): keys, Vietnamese labels, derivations and identities.

Summary tables store only the additive base columns (BASE); everything else is derived here, so a
parent's figures are sums of its children's base columns and its rate is Σcompleted ÷
Σwith_conditions, never an average of rates.

Two points the primer marks unconfirmed are settings:
- THADS_AGREED_POSTPONEMENT_WITH_CONDITIONS: a postponement agreed by the parties counts inside
  "có điều kiện" (default True).
- THADS_UNCLASSIFIED_AS_ABLE: an open case not yet classified (before its verification) counts as
  "đang thi hành" (True, default) or as "chưa có điều kiện" (False).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Additive columns, stored per summary row, for cases (số việc) and money (đồng).
BASE = (
    "carried_over",        # open at the period start, not in the separate register
    "new",                 # accepted within the period (or back from the separate register)
    "entrusted_out",       # transferred out within the period
    "revoked",             # decision revoked or annulled within the period
    "completed_actual",    # cases completed; money: everything collected within the period
    "terminated",          # terminated within the period; money: the remaining amount terminated
    "reduced",             # money only: exempted or reduced within the period
    "able_open",           # open at the end, active, classified able
    "unclassified_open",   # open at the end, active, not yet classified
    "unable_open",         # open at the end, active, classified unable
    "postponed",           # open at the end, postponed
    "postponed_agreed",    # ... of which postponed by the parties' agreement
    "suspended",           # open at the end, suspended
    "separate_register",   # open at the end and in the separate register (leaves next year's carry-over)
)

# The keys of the official table, in its order, with their labels (the glossary).
KEYS = (
    ("carried_over", _("Carried over from last year")),
    ("new", _("Newly accepted")),
    ("total_accepted", _("Total accepted")),
    ("entrusted_out", _("Entrusted out")),
    ("revoked", _("Revoked or annulled")),
    ("to_enforce", _("Total to enforce")),
    ("completed", _("Completed")),
    ("completed_actual", _("— actually completed")),
    ("terminated", _("— terminated")),
    ("reduced", _("— exempted or reduced")),
    ("in_progress", _("Being enforced")),
    ("postponed", _("Postponed")),
    ("postponed_agreed", _("— of which postponed by the parties' agreement")),
    ("suspended", _("Suspended")),
    ("without_conditions", _("Unable to enforce")),
    ("with_conditions", _("Able to enforce")),
    ("rate", _("Completion rate (%)")),
    ("carried_forward", _("Carried forward")),
    ("carried_forward_with_conditions", _("— of which able to enforce")),
)
LABELS = dict(KEYS)


def label(key) -> str:
    """A figure's label in the active language (where a lazy one would not do: files, JSON)."""
    return str(LABELS[key])


CASE_KEYS = tuple(key for key, _label in KEYS if key != "reduced")
MONEY_KEYS = tuple(key for key, _label in KEYS)


def keys_of(unit: str) -> tuple:
    """The keys of one table, "cases" or "money" (only money has "giảm, miễn")."""
    return MONEY_KEYS if unit == "money" else CASE_KEYS


# The columns of a ranking (units or officers side by side): every figure by cases but the
# agreed postponements' sub-count, which the XLSX, the figures page and the report command show.
RANKED_KEYS = tuple(key for key in CASE_KEYS if key != "postponed_agreed")
# What became of the cases (or money) to enforce, in parts of the whole: the dashboard's and the PDF's chart.
COMPOSITION = ("completed", "in_progress", "postponed", "suspended", "without_conditions")

RATE_PLACES = Decimal("0.01")


def relations(is_money: bool) -> dict:
    """How each derived figure follows from the others (domain primer §6), in the order they are
    computed: the one definition `Table.values` computes and the period report prints under its
    column numbers ("(7)=(8)+(13)+(15)"), so that a printed relation always holds on its numbers."""
    agreed = ("+", "postponed_agreed") if agreed_postponement_counts_as_able() else ()
    return {
        "total_accepted": ("carried_over", "+", "new"),
        "to_enforce": ("total_accepted", "−", "entrusted_out", "−", "revoked"),
        "completed": ("completed_actual", "+", "terminated", *(("+", "reduced") if is_money else ())),
        "with_conditions": ("completed", "+", "in_progress", *agreed),
        "rate": ("completed", ":", "with_conditions"),
        "carried_forward": ("to_enforce", "−", "completed"),
        "carried_forward_with_conditions": ("with_conditions", "−", "completed"),
    }


def evaluate(relation: tuple, values: dict) -> int:
    """A sum or difference of `relations` on these values."""
    total, sign = 0, 1
    for part in relation:
        if part in ("+", "−"):
            sign = 1 if part == "+" else -1
        else:
            total += sign * values[part]
    return total


def held_by(report: dict) -> str:
    """For an agency created after the period: whose figures these are (the engine's stand-ins,
    the agencies that held the work at the period's end), or ""."""
    names = report.get("agency", {}).get("stand_ins") or []
    if not names:
        return ""
    return str(_("The agency did not exist at the end of this period: these are the figures of %(names)s, which "
                 "held the work then.")) % {"names": ", ".join(names)}


def agreed_postponement_counts_as_able() -> bool:
    return settings.THADS_AGREED_POSTPONEMENT_WITH_CONDITIONS


def unclassified_counts_as_able() -> bool:
    return settings.THADS_UNCLASSIFIED_AS_ABLE


def rate(completed: int, with_conditions: int) -> Decimal | None:
    """completed ÷ with_conditions × 100, exact; None when nothing was able to be enforced."""
    if not with_conditions:
        return None
    return Decimal(completed) * 100 / Decimal(with_conditions)


def rounded_rate(value: Decimal | None) -> Decimal | None:
    """Two decimals, half up, as the official reports print: 620.657 ÷ 739.974 → 83,88."""
    return None if value is None else value.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def rate_gap(rate, target) -> float | None:
    """A rate less its target in percentage points, exact to the hundredth (both are), or None:
    how far a unit or an officer stands from the target it is held to."""
    if rate is None or target is None:
        return None
    return float(Decimal(str(rate)) - Decimal(str(target)))


@dataclass
class Table:
    """One table (cases or money) for one scope: the stored base columns and what follows from them."""

    base: dict = field(default_factory=lambda: dict.fromkeys(BASE, 0))
    is_money: bool = False

    def __add__(self, other: "Table") -> "Table":
        return Table({k: self.base[k] + other.base[k] for k in BASE}, self.is_money)

    def __getitem__(self, key):
        return self.values()[key]

    @classmethod
    def from_published(cls, values: dict, is_money: bool) -> "Table":
        """From a published table's keys: the stored columns they determine. A published table has
        already split what is open into being enforced and unable to enforce, so nothing is left
        unclassified."""
        base = {k: values.get(k) or 0 for k in BASE}
        base["able_open"], base["unclassified_open"] = values.get("in_progress") or 0, 0
        base["unable_open"] = values.get("without_conditions") or 0
        if not is_money:
            base["reduced"] = 0
        return cls(base, is_money)

    def values(self) -> dict:
        """Every key of the official table: the stored ones, then the derived ones computed from
        `relations`, the same definition the period report prints under its column numbers.

        Worked out once per table and settings (a national dashboard asks each of its 140 tables
        several times: 3 ms of its time), and handed out as a copy, which callers may extend."""
        as_able = unclassified_counts_as_able()
        settings_now = (as_able, agreed_postponement_counts_as_able())
        known = self.__dict__.get("_values")
        if known is not None and known[0] == settings_now:
            return dict(known[1])
        b = self.base
        values = {key: b[key] for key in ("carried_over", "new", "entrusted_out", "revoked", "completed_actual",
                                          "terminated", "reduced", "postponed", "postponed_agreed", "suspended")}
        values["in_progress"] = b["able_open"] + (b["unclassified_open"] if as_able else 0)
        values["without_conditions"] = b["unable_open"] + (0 if as_able else b["unclassified_open"])
        for key, relation in relations(self.is_money).items():
            values[key] = rate(values["completed"], values["with_conditions"]) if key == "rate" else evaluate(
                relation, values)
        values = {key: values[key] for key in (MONEY_KEYS if self.is_money else CASE_KEYS)}
        self.__dict__["_values"] = (settings_now, values)
        return dict(values)

    def identity_violations(self) -> list[str]:
        """The identities of §6 that do not hold (always empty for data the register accepted)."""
        v = self.values()
        b = self.base
        agreed = b["postponed_agreed"] if agreed_postponement_counts_as_able() else 0
        problems = []
        open_at_end = v["in_progress"] + v["postponed"] + v["suspended"] + v["without_conditions"]
        if v["to_enforce"] != v["completed"] + open_at_end:
            problems.append("to_enforce = completed + open at the end")
        if v["to_enforce"] != v["with_conditions"] + v["without_conditions"] + v["postponed"] + v["suspended"] - agreed:
            problems.append("to_enforce = with_conditions + without_conditions + postponed and suspended outside it")
        if v["carried_forward"] != open_at_end:
            problems.append("carried_forward = what is open at the end")
        if b["postponed_agreed"] > b["postponed"] or b["separate_register"] > v["carried_forward"]:
            problems.append("parts do not exceed their wholes")
        if any(value < 0 for value in b.values()):
            problems.append("no base figure is negative")
        return problems


@dataclass
class Figures:
    """Both official tables for one scope and period."""

    cases: Table = field(default_factory=Table)
    money: Table = field(default_factory=lambda: Table(is_money=True))

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(self.cases + other.cases, self.money + other.money)

    @classmethod
    def from_row(cls, row: dict) -> "Figures":
        """From a mapping with cases_<base> and money_<base> keys (a summary row or an aggregate)."""
        return cls(
            Table({k: row.get(f"cases_{k}") or 0 for k in BASE}),
            Table({k: row.get(f"money_{k}") or 0 for k in BASE}, is_money=True),
        )

    @classmethod
    def from_published(cls, tables: dict) -> "Figures":
        """From published tables (a closed snapshot, a report read back), "cases" and "money"."""
        return cls(Table.from_published(tables["cases"], False), Table.from_published(tables["money"], True))

    @property
    def has_data(self) -> bool:
        """Whether any case counts in the period: a comparison with a period without one (before the
        register began) would be with nothing, and a table of it all zeros."""
        return bool(self.cases.base["carried_over"] or self.cases.base["new"])  # total accepted, not derived again

    def identity_violations(self) -> list[str]:
        return [f"cases: {p}" for p in self.cases.identity_violations()] + [
            f"money: {p}" for p in self.money.identity_violations()
        ]


def base_columns() -> list[str]:
    return [f"{unit}_{key}" for unit in ("cases", "money") for key in BASE]
