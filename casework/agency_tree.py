"""Loads the real central and provincial tiers with the 2025 merge map. Idempotent."""

from datetime import timedelta

from django.db import transaction

from cases.data.provinces import NEW_PROVINCES, OLD_PROVINCES, OLD_TREE_START, RESTRUCTURE_DATE, display_name, slug
from cases.models import Agency, AgencySuccession, SuccessionKind

from . import agencies

OLD_CENTRAL = "TCTHADS"
NEW_CENTRAL = "CQLTHADS"
OLD_END = RESTRUCTURE_DATE - timedelta(days=1)


def old_province_code(short: str) -> str:
    return f"CTHADS-{slug(short)}"


def new_province_code(short: str) -> str:
    return f"THADS-{slug(short)}"


def _get_or_create(code, **fields):
    agency = Agency.objects.filter(code=code).first()
    return agency or agencies.agency_create(code=code, **fields)


def _link(predecessor, successor, kind, effective_date):
    if not AgencySuccession.objects.filter(predecessor=predecessor, successor=successor).exists():
        agencies.agency_succession_add(
            predecessor=predecessor, successor=successor, kind=kind, effective_date=effective_date
        )


@transaction.atomic
def load_provincial_tree() -> dict:
    old_central = _get_or_create(
        OLD_CENTRAL, name="Tổng cục Thi hành án dân sự", short_name="Tổng cục THADS",
        level=Agency.Level.CENTRAL, valid_from=OLD_TREE_START, valid_to=OLD_END,
    )
    new_central = _get_or_create(
        NEW_CENTRAL, name="Cục Quản lý thi hành án dân sự", short_name="Cục Quản lý THADS",
        level=Agency.Level.CENTRAL, valid_from=RESTRUCTURE_DATE,
    )
    _link(old_central, new_central, SuccessionKind.REORGANIZE, RESTRUCTURE_DATE)

    old = {}
    for short, kind in OLD_PROVINCES:
        old[short] = _get_or_create(
            old_province_code(short), name=f"Cục Thi hành án dân sự {display_name(short, kind)}", short_name=short,
            level=Agency.Level.PROVINCIAL, parent=old_central, valid_from=OLD_TREE_START, valid_to=OLD_END,
        )
    new = {}
    for short, (kind, predecessors) in NEW_PROVINCES.items():
        new[short] = _get_or_create(
            new_province_code(short), name=f"Thi hành án dân sự {display_name(short, kind)}", short_name=short,
            level=Agency.Level.PROVINCIAL, parent=new_central, valid_from=RESTRUCTURE_DATE,
        )
        link_kind = SuccessionKind.MERGE if len(predecessors) > 1 else SuccessionKind.REORGANIZE
        for old_short in predecessors:
            _link(old[old_short], new[short], link_kind, RESTRUCTURE_DATE)
    return {"old_central": old_central, "new_central": new_central, "old": old, "new": new}
