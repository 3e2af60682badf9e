"""The demo province: deterministic, realistic proportions, the 2025 merge visible, one user per role."""

from collections import defaultdict
from datetime import date as D
from datetime import timedelta

import pytest
from django.db.models import Count

from cases import timeline
from cases.models import Agency, Case, CaseEvent, CaseStatus, Complaint, Condition, EventKind, Officer, User
from cases.scoping import agency_scope_ids
from demo.province import DEMO_END, DEMO_PASSWORD, DEMO_USERS, Generator, load_demo
from tests import summary_checks
from tests.fixtures import built_once


def fingerprint(seed, cases):
    generator = Generator(seed=seed, cases=cases)
    generator.generate(generator.build_tree())
    return [(p.case.decision_number, p.case.accepted_on, p.case.amount, p.case.status,
             tuple((e.kind, e.effective_date, e.amount) for e in p.events)) for p in generator.plans]


def test_generator_is_deterministic_by_seed(db):
    assert fingerprint(7, 400) == fingerprint(7, 400)
    assert fingerprint(7, 400) != fingerprint(8, 400)


def year_figures(cases, events, year):
    """A plain recomputation of the year's headline figures from the stored events."""
    start, end = D(year - 1, 10, 1), D(year, 9, 30)
    n = defaultdict(int)
    money = defaultdict(int)
    for case in cases:
        history = events[case.pk]
        before = timeline.replay(case, history, until=start - timedelta(days=1))
        after = timeline.replay(case, history, until=end)
        carried = before is not None and before.is_open and not before.in_separate_register
        if after is None or not (carried or before is None):
            continue
        if after.status in (CaseStatus.ENTRUSTED, CaseStatus.REVOKED):
            continue
        n["to_enforce"] += 1
        paid = sum(e.amount for e in history if start <= e.effective_date <= end and e.kind in ("payment", "reduce"))
        if after.status in (CaseStatus.COMPLETED, CaseStatus.TERMINATED):
            n["completed"] += 1
            money["completed"] += paid + after.closing_amount
            money["with_conditions"] += paid + after.closing_amount
        elif after.condition == Condition.UNABLE:
            n["without_conditions"] += 1
        elif after.status == CaseStatus.ACTIVE:
            n["in_progress"] += 1
            money["completed"] += paid
            money["with_conditions"] += paid + after.remaining
    n["with_conditions"] = n["completed"] + n["in_progress"]
    return n, money


def _load():
    from django.test import override_settings

    # The tests' password hasher (tests/conftest.py), set for each test only: the demo's logins are tried.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        return load_demo(cases=5000)


demo_rows = built_once(_load)  # once for the module: 45 s on PostgreSQL


@pytest.fixture
def demo(demo_rows, db):
    return demo_rows


def test_demo_province_proportions(demo):
    cases = list(Case.objects.all())
    events = defaultdict(list)
    for event in CaseEvent.objects.order_by("effective_date", "id"):
        events[event.case_id].append(event)
    assert demo["cases"] == len(cases) > 5000  # plus the cases received by entrustment
    for year in (2024, 2025, 2026):
        n, money = year_figures(cases, events, year)
        able_share = n["with_conditions"] / n["to_enforce"]
        rate = n["completed"] / n["with_conditions"]
        money_rate = money["completed"] / money["with_conditions"]
        assert 0.62 <= able_share <= 0.82, (year, able_share)
        assert 0.78 <= rate <= 0.88, (year, rate)
        assert 0.38 <= money_rate <= 0.62, (year, money_rate)
    credit = sum(c.is_credit_institution for c in cases) / len(cases)
    assert 0.03 <= credit <= 0.08
    amounts = sorted(c.amount for c in cases if c.amount)
    assert amounts[0] >= 1_000_000 and amounts[-1] >= 10_000_000_000
    assert 10_000_000 <= amounts[len(amounts) // 2] <= 100_000_000
    assert sum(1 for c in cases if c.amount == 0) > 0  # non-monetary obligations
    assert all(c.is_sample for c in cases)
    assert max(e.effective_date for es in events.values() for e in es) <= DEMO_END


def test_demo_shows_the_restructure_and_the_rest_of_life(demo):
    province = Agency.objects.get(code="THADS-TUYENQUANG")
    regions = Agency.objects.filter(parent=province)
    assert regions.count() == 10
    assert {link.predecessor.short_name for link in province.predecessor_links.all()} == {"Tuyên Quang", "Hà Giang"}
    assert all(region.predecessor_links.exists() for region in regions)
    handovers = CaseEvent.objects.filter(kind=EventKind.HANDOVER)
    assert handovers.exists() and set(handovers.values_list("effective_date", flat=True)) == {D(2025, 7, 1)}
    # No case remains open at an agency that ceased on 30/6/2025.
    assert not Case.objects.open().filter(agency__valid_to__isnull=False).exists()
    assert Case.objects.filter(entrusted_from__isnull=False).count() > 50
    assert Complaint.objects.filter(resolved_on__isnull=True).exists() and Complaint.objects.count() > 50
    statuses = dict(Case.objects.values_list("status").annotate(n=Count("id")))
    assert set(statuses) == set(CaseStatus.values)
    assert Case.objects.filter(in_separate_register=True).exists()
    assert 20 <= Officer.objects.filter(agency__path__startswith=province.path).count() <= 40
    assert summary_checks.spans_follow_the_events()


def test_demo_users_see_their_own_subtree(demo, client):
    province = Agency.objects.get(code="THADS-TUYENQUANG")
    assert {u.role for u in User.objects.filter(username__in=[d[0] for d in DEMO_USERS])} == set(User.Role)
    total = Case.objects.count()
    for username, _name, _role, _code in DEMO_USERS:
        user = User.objects.get(username=username)
        assert client.login(username=username, password=DEMO_PASSWORD), username
        visible = Case.objects.for_user(user)
        if user.agency == province or user.agency.level == Agency.Level.CENTRAL:
            assert visible.count() == total
        else:  # a regional office sees its own cases and those of the Chi cục it took over
            assert 0 < visible.count() < total
            scope = agency_scope_ids(user.agency_id)
            assert not visible.exclude(agency_id__in=scope).exists()
            assert {a.level for a in Agency.objects.filter(pk__in=scope)} == {Agency.Level.LOCAL}
        client.logout()
    chv = User.objects.get(username="chv")
    assert chv.officer.agency == chv.agency


def test_demo_refuses_to_load_twice(demo):
    with pytest.raises(RuntimeError):
        load_demo(cases=10)
