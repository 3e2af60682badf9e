"""thads.instances.build builds what the keyword constructor builds: the same field values, the
same defaults (a callable one made afresh), related objects cached as the constructor caches them,
and the same refusals."""

from datetime import date, timedelta

import pytest

from audit.recorder import values_of
from cases.models import Case, CaseEvent, EventKind
from thads import instances


def _fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def _case_values(tree):
    return dict(issuing_agency=tree.unit1, agency=tree.unit1, decision_number="7/QĐ", decision_date=date(2026, 3, 2),
                accepted_on=date(2026, 3, 3), court="TAND", judgment_number="1/2026", judgment_date=date(2026, 1, 2),
                judgment_kind="civil", initiation="on_request", debtor_name="Nguyễn Văn A", amount=5_000_000,
                officer=None, created_by=None, is_sample=True)


def test_a_case_is_built_as_the_constructor_builds_it(tree):
    values = _case_values(tree)
    built, expected = instances.build(Case, **values), Case(**values)
    assert _fields(built) == _fields(expected)
    assert values_of(built) == values_of(expected)
    assert built._state.adding and built.pk is None
    # The related objects are cached: reading them asks nothing of the database.
    assert built.issuing_agency is tree.unit1 and built.agency is tree.unit1 and built.officer is None


def test_an_event_names_its_unsaved_case_and_takes_its_key_when_saved(tree, django_assert_num_queries):
    case = instances.build(Case, **_case_values(tree))
    with django_assert_num_queries(0):
        event = instances.build(CaseEvent, case=case, kind=EventKind.ACCEPT, effective_date=case.accepted_on,
                                agency_id=tree.unit1.pk, to_agency_id=tree.unit1.pk)
    assert event.case is case and event.case_id is None
    expected = CaseEvent(case=case, kind=EventKind.ACCEPT, effective_date=case.accepted_on, agency_id=tree.unit1.pk,
                         to_agency_id=tree.unit1.pk)
    made, made_expected = _fields(event), _fields(expected)
    # The time of entry is made at each call (a callable default), not once for every event.
    assert abs(made.pop("entered_at") - made_expected.pop("entered_at")) < timedelta(seconds=5)
    assert made == made_expected


def test_each_instance_has_its_own_defaults(tree):
    first, second = instances.build(Case, **_case_values(tree)), instances.build(Case, **_case_values(tree))
    first.status = "completed"
    assert second.status == Case().status


def test_what_the_constructor_refuses_is_refused(tree):
    with pytest.raises(TypeError, match="colour"):
        instances.build(Case, colour="red")
    with pytest.raises(ValueError, match="Agency"):
        instances.build(Case, agency="PTHADS-1")
    with pytest.raises(ValueError, match="must be a Case instance"):
        instances.build(CaseEvent, case=tree.unit1)
