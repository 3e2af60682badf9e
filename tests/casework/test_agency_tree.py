from datetime import date as D

import pytest
from django.db import connection

from cases.data.provinces import NEW_PROVINCES, OLD_PROVINCES
from cases.models import Agency, AgencySuccession, SuccessionKind
from cases.scoping import agency_scope_ids
from casework import agencies
from casework.agency_tree import load_provincial_tree
from tests import factories


@pytest.fixture
def provinces(db):
    return load_provincial_tree()


def test_sixty_three_then_thirty_four(provinces):
    provincial = Agency.objects.filter(level=Agency.Level.PROVINCIAL)
    assert provincial.valid_on(D(2025, 6, 30)).count() == 63
    assert provincial.valid_on(D(2025, 7, 1)).count() == 34
    assert Agency.objects.filter(level=Agency.Level.CENTRAL).valid_on(D(2025, 6, 30)).get().code == "TCTHADS"
    assert Agency.objects.filter(level=Agency.Level.CENTRAL).valid_on(D(2025, 7, 1)).get().code == "CQLTHADS"
    assert len(OLD_PROVINCES) == 63 and len(NEW_PROVINCES) == 34


def test_merge_map(provinces):
    # Every old province has exactly one successor; the predecessors of the 34 cover the 63 once.
    for old in provinces["old"].values():
        assert old.successor_links.count() == 1
    assert AgencySuccession.objects.filter(successor__level=Agency.Level.PROVINCIAL).count() == 63
    hcm = provinces["new"]["Hồ Chí Minh"]
    assert sorted(link.predecessor.short_name for link in hcm.predecessor_links.all()) == [
        "Bà Rịa - Vũng Tàu", "Bình Dương", "Hồ Chí Minh"]
    assert hcm.predecessor_links.first().kind == SuccessionKind.MERGE
    assert provinces["new"]["Hà Nội"].predecessor_links.get().kind == SuccessionKind.REORGANIZE
    assert provinces["new"]["Tuyên Quang"].name == "Thi hành án dân sự tỉnh Tuyên Quang"
    assert provinces["old"]["Hà Giang"].name == "Cục Thi hành án dân sự tỉnh Hà Giang"


def test_loading_twice_changes_nothing(provinces):
    before = (Agency.objects.count(), AgencySuccession.objects.count())
    load_provincial_tree()
    assert (Agency.objects.count(), AgencySuccession.objects.count()) == before == (99, 64)


def test_subtree_by_materialized_path(tree):
    assert set(Agency.objects.in_subtree(tree.province)) == {tree.province, tree.unit1, tree.unit2}
    assert set(Agency.objects.in_subtree(tree.unit1)) == {tree.unit1}
    assert tree.unit1.path.startswith(tree.province.path) and tree.unit1.depth == 3
    # Ten siblings do not confuse prefixes: P1's 10th child is not under its 1st.
    children = [factories.agency(f"P1-X{i}", parent=tree.province) for i in range(10)]
    assert set(Agency.objects.in_subtree(children[0])) == {children[0]}


def test_path_is_indexed(db):
    indexes = connection.introspection.get_constraints(connection.cursor(), Agency._meta.db_table)
    assert any(info["columns"] == ["path"] and (info["index"] or info["unique"]) for info in indexes.values())
    if connection.vendor == "postgresql":  # LIKE 'prefix%' needs a pattern-ops index on PostgreSQL
        assert any(info["columns"] == ["path"] and info["index"] and name.endswith("_like")
                   for name, info in indexes.items())


def test_scope_of_a_merged_province_includes_its_predecessors(provinces):
    tuyen_quang = provinces["new"]["Tuyên Quang"]
    scope = agency_scope_ids(tuyen_quang.pk)
    assert provinces["old"]["Hà Giang"].pk in scope and provinces["old"]["Tuyên Quang"].pk in scope
    assert provinces["old"]["Lào Cai"].pk not in scope
    # History does not flow the other way: the old agency does not see its successor.
    assert tuyen_quang.pk not in agency_scope_ids(provinces["old"]["Hà Giang"].pk)
    # The new centre sees both trees.
    assert len(agency_scope_ids(provinces["new_central"].pk)) == 99


def test_a_remembered_scope_follows_every_change_to_the_tree(tree):
    # The scope is cached under the data version; new agencies and successions move it.
    before = agency_scope_ids(tree.province.pk)
    assert agency_scope_ids(tree.province.pk) == before  # from the cache now
    unit = factories.agency("P1-L3", parent=tree.province)
    assert agency_scope_ids(tree.province.pk) == before | {unit.pk}
    merged = factories.agency("P9", parent=tree.central, valid_to=D(2025, 6, 30))
    merged_unit = factories.agency("P9-L1", parent=merged, valid_to=D(2025, 6, 30))
    assert merged.pk not in agency_scope_ids(tree.province.pk)
    agencies.agency_succession_add(predecessor=merged, successor=tree.province,
                                   kind=SuccessionKind.MERGE, effective_date=D(2025, 7, 1))
    assert {merged.pk, merged_unit.pk} <= agency_scope_ids(tree.province.pk)
