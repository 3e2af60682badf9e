"""Test data shared by many modules: the small agency tree, and rows built once per module."""

import inspect
from dataclasses import dataclass

import pytest
from django.db import transaction

from cases.models import Agency

from . import factories


@dataclass
class Tree:
    central: Agency
    province: Agency
    unit1: Agency
    unit2: Agency
    other_province: Agency
    other_unit: Agency


def make_tree() -> Tree:
    central = factories.agency("C")
    province = factories.agency("P1", parent=central)
    other = factories.agency("P2", parent=central)
    return Tree(
        central=central, province=province,
        unit1=factories.agency("P1-L1", parent=province), unit2=factories.agency("P1-L2", parent=province),
        other_province=other, other_unit=factories.agency("P2-L1", parent=other),
    )


def built_once(build, **fixture_options):
    """A module-scoped fixture of the rows `build()` writes, once for the module (as Django's
    TestCase.setUpTestData): inside a transaction rolled back after the module's last test, each
    test running in a savepoint of it, so what a test writes is gone before the next. Its tests
    ask for `db` too. `build` may take `request` (for a parametrized fixture's param)."""

    @pytest.fixture(scope="module", **fixture_options)
    def fixture(request, django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            yield build(request) if inspect.signature(build).parameters else build()
            transaction.set_rollback(True)

    return fixture
