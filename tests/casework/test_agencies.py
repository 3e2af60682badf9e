"""The rules of the tree of units (casework.agencies): each refusal names its field, says why in
Vietnamese, and leaves the tree as it was; each write is in the change history."""

from datetime import date as D

import pytest
from django.core.exceptions import ValidationError

from audit.models import Change
from cases.models import Agency, AgencySuccession, EventKind, SuccessionKind
from casework import agencies, services
from tests import factories
from tests.conftest import TODAY

pytestmark = pytest.mark.usefixtures("vietnamese")


def refused(call, **kwargs) -> dict:
    before = (list(Agency.objects.values()), AgencySuccession.objects.count())
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert (list(Agency.objects.values()), AgencySuccession.objects.count()) == before
    return {field: " ".join(messages) for field, messages in caught.value.message_dict.items()}


def new_unit(parent, code="P1-KV9", **fields):
    values = {"name": "Phòng THADS khu vực 9", "short_name": "Khu vực 9", "valid_from": D(2025, 7, 1), **fields}
    return agencies.agency_create(code=code, parent=parent, **values)


def test_a_unit_takes_the_level_below_its_parent_and_a_recorded_creation(tree):
    unit = new_unit(tree.province, code=" p1-kv9 ")
    assert (unit.code, unit.level, unit.depth) == ("P1-KV9", Agency.Level.LOCAL, 3)
    assert unit.path.startswith(tree.province.path)
    change = Change.objects.get(model="cases.agency", object_id=str(unit.pk))
    assert change.action == "create" and change.changes["name"] == [None, "Phòng THADS khu vực 9"]


def test_code_must_be_unique_and_well_formed(tree):
    assert "đã được dùng" in refused(new_unit, parent=tree.province, code="P2-L1")["code"]
    assert "chữ in hoa" in refused(new_unit, parent=tree.province, code="KV 9")["code"]
    assert "chữ in hoa" in refused(new_unit, parent=tree.province, code="")["code"]


def test_nothing_under_a_local_unit(tree):
    assert "không có đơn vị trực thuộc" in refused(new_unit, parent=tree.unit1)["parent"]


def test_dates_inside_the_parents(tree):
    old = factories.agency("OLD", parent=tree.central, valid_from=D(2021, 1, 1), valid_to=D(2025, 6, 30))
    assert "không thể bắt đầu trước" in refused(new_unit, parent=old, code="OLD-1",
                                                 valid_from=D(2020, 6, 1), valid_to=D(2025, 6, 30))["valid_from"]
    # Under an ended parent a unit ends too, on that day or before.
    assert "30/06/2025" in refused(new_unit, parent=old, code="OLD-1", valid_from=D(2022, 1, 1))["valid_to"]
    assert "30/06/2025" in refused(new_unit, parent=old, code="OLD-1", valid_from=D(2022, 1, 1),
                                   valid_to=D(2025, 7, 1))["valid_to"]
    assert "trước ngày đầu" in refused(new_unit, parent=tree.province, valid_from=D(2025, 7, 1),
                                       valid_to=D(2025, 6, 1))["valid_to"]
    new_unit(old, code="OLD-1", valid_from=D(2022, 1, 1), valid_to=D(2025, 6, 30))


def test_no_unit_twice_under_the_same_name_at_the_same_time(tree):
    new_unit(tree.province, valid_from=D(2020, 1, 1), valid_to=D(2025, 6, 30))
    message = refused(new_unit, parent=tree.province, code="P1-KV9B", valid_from=D(2025, 6, 1))["name"]
    assert "P1-KV9" in message and "01/01/2020 – 30/06/2025" in message
    # The same name again once the first has ended is another unit (a unit re-established).
    assert new_unit(tree.province, code="P1-KV9B", valid_from=D(2025, 7, 1)).name == "Phòng THADS khu vực 9"


def test_a_unit_holding_open_cases_people_or_units_does_not_end(tree):
    case = factories.case(tree.unit1, decision_date=D(2024, 3, 1))
    factories.OfficerFactory(agency=tree.unit1)
    message = refused(agencies.agency_change, agency=tree.unit1, valid_to=D(2025, 6, 30))["valid_to"]
    assert "1 việc đang thi hành" in message and "1 chấp hành viên" in message
    services.event_record(case=case, kind=EventKind.REVOKE, effective_date=D(2025, 7, 3), today=TODAY)
    message = refused(agencies.agency_change, agency=tree.unit1, valid_to=D(2025, 6, 30))["valid_to"]
    assert "03/07/2025" in message and "việc đang thi hành" not in message
    # Nor does a parent end before the units under it.
    message = refused(agencies.agency_change, agency=tree.province, valid_to=D(2026, 6, 30))["valid_to"]
    assert tree.unit1.name in message


def test_a_unit_does_not_start_after_what_it_holds(tree):
    factories.case(tree.unit1, decision_date=D(2024, 3, 1))
    message = refused(agencies.agency_change, agency=tree.unit1, valid_from=D(2025, 1, 1))["valid_from"]
    assert "trước ngày này" in message


def test_rename_and_end_are_recorded(tree):
    unit = new_unit(tree.province)
    agencies.agency_change(agency=unit, name="Phòng THADS khu vực 9 - Tuyên Quang", valid_to=D(2026, 6, 30))
    unit.refresh_from_db()
    assert unit.name == "Phòng THADS khu vực 9 - Tuyên Quang" and unit.valid_to == D(2026, 6, 30)
    change = Change.objects.get(model="cases.agency", object_id=str(unit.pk), action="update")
    assert change.changes == {"name": ["Phòng THADS khu vực 9", "Phòng THADS khu vực 9 - Tuyên Quang"],
                              "valid_to": [None, "2026-06-30"]}
    # Saving the same values again records nothing.
    agencies.agency_change(agency=unit, name=unit.name, valid_to=unit.valid_to)
    assert Change.objects.filter(model="cases.agency", object_id=str(unit.pk)).count() == 2
    with pytest.raises(TypeError):
        agencies.agency_change(agency=unit, code="X")


def test_a_link_joins_a_unit_ended_the_day_before_to_one_operating_that_day(tree):
    old = factories.agency("P1-OLD", parent=tree.province, valid_to=D(2025, 6, 30))
    new = new_unit(tree.province)
    link = {"predecessor": old, "successor": new, "kind": SuccessionKind.MERGE}
    assert "ngày trước" in refused(agencies.agency_succession_add, **link, effective_date=D(2025, 8, 1))["predecessors"]
    assert "không hoạt động" in refused(agencies.agency_succession_add, predecessor=old, successor=tree.unit1,
                                        kind=SuccessionKind.MERGE, effective_date=D(2019, 1, 1))["predecessors"]
    assert "cùng cấp" in refused(agencies.agency_succession_add, predecessor=old, successor=tree.other_province,
                                  kind=SuccessionKind.MERGE, effective_date=D(2025, 7, 1))["predecessors"]
    agencies.agency_succession_add(**link, effective_date=D(2025, 7, 1))
    assert Change.objects.filter(model="cases.agencysuccession").count() == 1
    # Once linked, the predecessor's end cannot move away from the day before.
    message = refused(agencies.agency_change, agency=old, valid_to=D(2025, 5, 31))["valid_to"]
    assert new.name in message and "01/07/2025" in message
    # Nor can the successor start after it took over.
    assert "01/07/2025" in refused(agencies.agency_change, agency=new, valid_from=D(2025, 8, 1))["valid_from"]


def test_links_never_go_round_in_a_circle(tree):
    first = factories.agency("P1-A", parent=tree.province, valid_from=D(2020, 1, 1), valid_to=D(2023, 12, 31))
    second = factories.agency("P1-B", parent=tree.province, valid_from=D(2024, 1, 1), valid_to=D(2024, 12, 31))
    agencies.agency_succession_add(predecessor=first, successor=second, kind=SuccessionKind.REORGANIZE,
                                   effective_date=D(2024, 1, 1))
    assert agencies.succession_problems(predecessor=second, successor=second, effective_date=D(2025, 1, 1))
    problems = agencies.succession_problems(predecessor=second, successor=first, effective_date=D(2025, 1, 1))
    assert any("vòng tròn" in problem for problem in problems)
