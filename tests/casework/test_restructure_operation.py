"""The demo province's 2025 merger replayed through the restructure operation gives the figures of
the demo as it is loaded.

The same simulated province (same seed) is written twice. Once as the demo loads it: its old Chi
cục ended on 30/6/2025, linked to the regional offices, and every case open then handed over by
the generator. Once as a province records its restructure late: its cases written as they stood
before 1/7/2025 under Chi cục that had not ended, then the merger of each regional office and of
the two old provinces recorded with `restructure_apply` (which ends the Chi cục, links them and
hands over every open case), then the rest of the cases' lives. Every figure of every period
around the restructure is the same, for the province, its regional offices and its old provinces.
"""

from datetime import date as D

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from audit.recorder import values_of
from cases import timeline
from cases.data.provinces import RESTRUCTURE_DATE
from cases.models import Agency, AgencySuccession, Case, CaseEvent, EventKind, Officer, User
from casework import writing
from casework.restructure import Plan, Rule, restructure_apply, restructure_preview
from demo.province import DEMO_END, Generator
from reports import summaries
from reports.calendar import Period
from reports.engine import compute
from tests import factories
from tests.conftest import TODAY

CASES = 500
SEED = 5
PERIODS = [Period(2024, 12), Period(2025, 9), Period(2025, 12), Period(2026, 3), Period(2026, 12), Period(2027, 1)]


def as_loaded():
    generator = Generator(seed=SEED, cases=CASES)
    tree = generator.build_tree()
    generator.generate(tree)
    generator.write()
    return tree


def comparable(value):
    """A report without the keys the database gives (ids differ between the two writes)."""
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k not in ("key", "id", "closing")}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


def figures_of(tree):
    agencies = [tree.province, *tree.regions[:3], *tree.old_provinces, tree.old_units[0]]
    summaries.fill_before_writing(D(2023, 10, 1), today=DEMO_END)
    return {(agency.code, period.year, period.months): comparable(compute(agency, period, live=True))
            for agency in agencies for period in PERIODS}


def _holders(case, events):
    """The agency holding the case before each event (the generator's own attribution)."""
    holders, state = [], None
    for event in events:
        holders.append(state.agency_id if state else event.to_agency.pk)
        state = timeline.apply(case, state, event)
    return holders


def _complaints_of(generator):
    by_plan = {}
    for plan, complaint in generator._complaints:
        complaint.case = plan.case
        by_plan.setdefault(id(plan), []).append(complaint)
    return by_plan


def _write(plan, events, complaints, *, existing=()):
    case = plan.case
    if plan.entrusted_from is not None:
        case.entrusted_from = plan.entrusted_from.case
    for event in events:  # a complaint written earlier is known by its key from now on
        if event.demo_complaint is not None and event.demo_complaint.pk is not None:
            event.complaint = event.demo_complaint
    every = [*existing, *events]
    for event, holder in zip(every, _holders(case, every), strict=True):
        if event.pk is None:
            event.case, event.agency_id = case, holder
    after = writing.replay(case, every, today=DEMO_END)
    before = writing.replay(case, list(existing), today=DEMO_END) if existing else None
    for event in events:
        event.complaint = event.demo_complaint
    if existing:
        change = writing.CaseChange(case, after=after, before=before, recorded_before=values_of(case),
                                    new_events=events, new_complaints=complaints)
    else:
        change = writing.CaseChange(case, after=after, new_events=events, new_complaints=complaints)
    writing.apply([change])


def recorded_late(admin_of):
    """The same province, its restructure recorded through the operation."""
    generator = Generator(seed=SEED, cases=CASES)
    tree = generator.build_tree()
    generator.generate(tree)
    # Before the restructure was recorded: the Chi cục still operating, no regional office linked.
    AgencySuccession.objects.filter(predecessor__in=tree.old_units).delete()
    Agency.objects.filter(pk__in=[u.pk for u in tree.old_units]).update(valid_to=None)
    complaints = _complaints_of(generator)
    summaries.fill_before_writing(D(2020, 10, 1), today=DEMO_END)
    day = RESTRUCTURE_DATE
    for plan in generator.plans:  # the cases as they stood on 30/6/2025
        if plan.case.accepted_on < day:
            events = [e for e in plan.events if e.effective_date < day]
            _write(plan, events, [c for c in complaints.get(id(plan), []) if c.received_on < day])
    admin = admin_of(tree.province)
    previews = []
    for region in tree.regions:
        predecessors = [Agency.objects.get(pk=pk) for pk, to in tree.region_of.items()
                        if to.pk == region.pk and pk not in {p.pk for p in tree.old_provinces}]
        plan = Plan(effective_date=day, predecessors=predecessors, successors=[region])
        previews.append(restructure_apply(plan, user=User.objects.get(pk=admin.pk), today=DEMO_END))
    # The provinces' merger is the central tier's, already loaded: what remains is their own open cases.
    provincial = Plan(effective_date=day, predecessors=[Agency.objects.get(pk=p.pk) for p in tree.old_provinces],
                      successors=[Agency.objects.get(pk=tree.province.pk)])
    previews.append(restructure_apply(provincial, user=User.objects.get(pk=admin.pk), today=DEMO_END))
    for plan in generator.plans:  # the rest of the cases' lives
        later = [e for e in plan.events if e.effective_date >= day and e.kind != EventKind.HANDOVER]
        received = [c for c in complaints.get(id(plan), []) if c.received_on >= day]
        if plan.case.accepted_on < day:
            if later or received:
                plan.case.refresh_from_db()
                existing = list(CaseEvent.objects.filter(case=plan.case).order_by("effective_date", "id"))
                _write(plan, later, received, existing=existing)
        else:
            _write(plan, later, received)
    return tree, previews, generator


@pytest.mark.django_db
def test_the_2025_merger_recorded_through_the_operation_gives_the_loaded_figures(make_user):
    def admin_of(province):
        return make_user(province, User.Role.ADMINISTRATOR, username="quantri.replay")

    with transaction.atomic():
        loaded_tree = as_loaded()
        loaded = figures_of(loaded_tree)
        handovers = CaseEvent.objects.filter(kind=EventKind.HANDOVER).count()
        transaction.set_rollback(True)
    cache.clear()
    tree, previews, generator = recorded_late(admin_of)
    assert sum(preview.case_count for preview in previews) == handovers > 50
    assert CaseEvent.objects.filter(kind=EventKind.HANDOVER, effective_date=RESTRUCTURE_DATE).count() == handovers
    # The operation ended the Chi cục on 30/6/2025 and linked each to its regional office.
    for unit in tree.old_units:
        unit.refresh_from_db()
        assert unit.valid_to == D(2025, 6, 30)
        assert AgencySuccession.objects.get(predecessor=unit).successor == tree.region_of[unit.pk]
    replayed = figures_of(tree)
    assert replayed.keys() == loaded.keys()
    for key in loaded:
        assert replayed[key] == loaded[key], key
    province, old = tree.province.code, tree.old_provinces[1].code
    assert loaded[(province, 2026, 12)]["has_data"] and loaded[(old, 2024, 12)]["has_data"]
    assert loaded[(province, 2026, 12)]["cases"] != loaded[(province, 2025, 12)]["cases"]


def test_a_preview_writes_nothing_and_names_every_problem(tree, make_user, vietnamese):
    admin = make_user(tree.province, User.Role.ADMINISTRATOR)
    day = D(2025, 7, 1)
    new = factories.agency("P1-KV9", parent=tree.province, valid_from=day)
    case = factories.case(tree.unit1, decision_date=D(2024, 3, 1))
    before = (list(Agency.objects.values()), CaseEvent.objects.count())
    preview = restructure_preview(Plan(effective_date=day, predecessors=[tree.unit1, tree.unit2], successors=[new]),
                                  user=admin, today=TODAY)
    assert preview.problems == [] and preview.case_count == 1 and preview.moves == {(tree.unit1.pk, new.pk): [case]}
    assert {a.pk for a in preview.ends} == {tree.unit1.pk, tree.unit2.pk} and len(preview.links) == 2
    assert (list(Agency.objects.values()), CaseEvent.objects.count()) == before
    # Another province's unit, or one's own province: not theirs to restructure.
    other = restructure_preview(Plan(effective_date=day, predecessors=[tree.other_unit], successors=[new]), user=admin,
                                today=TODAY)
    assert any("không phải đơn vị do bạn quản trị" in p for p in other.problems)


@pytest.fixture
def split(tree, make_user):
    """Unit 1 splits on 1/7/2025 into two new units; two officers, three open cases, an account."""
    day = D(2025, 7, 1)
    north = factories.agency("P1-BAC", parent=tree.province, valid_from=day, name="Phòng khu vực Bắc")
    south = factories.agency("P1-NAM", parent=tree.province, valid_from=day, name="Phòng khu vực Nam")
    first, second = (factories.OfficerFactory(agency=tree.unit1, full_name=name) for name in ("Chấp Một", "Chấp Hai"))
    cases = [factories.case(tree.unit1, officer=officer, decision_date=D(2025, 3, i + 1), debtor_address=address)
             for i, (officer, address) in enumerate(((first, "Xã Bắc Sơn, huyện A"), (second, "Phường Nam Hà"),
                                                     (second, "Xã Đông Hưng")))]
    clerk = make_user(tree.unit1, User.Role.CLERK, username="thuky.l1")
    admin = make_user(tree.province, User.Role.ADMINISTRATOR)
    return {"day": day, "north": north, "south": south, "officers": (first, second), "cases": cases, "clerk": clerk,
            "admin": admin}


def test_a_split_by_officer_sends_each_case_with_its_officer(tree, split, vietnamese):
    first, second = split["officers"]
    plan = Plan(effective_date=split["day"], predecessors=[tree.unit1], successors=[split["north"], split["south"]],
                rule=Rule.OFFICER, officer_to={first.pk: split["north"], second.pk: split["south"]},
                account_to={split["clerk"].pk: split["north"]})
    preview = restructure_preview(plan, user=split["admin"], today=TODAY)
    assert preview.problems == [] and plan.kind == "split"
    assert {key: len(cases) for key, cases in preview.moves.items()} == {
        (tree.unit1.pk, split["north"].pk): 1, (tree.unit1.pk, split["south"].pk): 2}
    restructure_apply(plan, user=split["admin"], today=TODAY)
    homes = {case.debtor_address: case.agency for case in Case.objects.all()}
    assert homes == {"Xã Bắc Sơn, huyện A": split["north"], "Phường Nam Hà": split["south"],
                     "Xã Đông Hưng": split["south"]}
    assert Officer.objects.get(pk=second.pk).agency == split["south"]
    assert User.objects.get(pk=split["clerk"].pk).agency == split["north"]
    tree.unit1.refresh_from_db()
    assert tree.unit1.valid_to == D(2025, 6, 30)
    assert {(link.successor.code, link.kind) for link in AgencySuccession.objects.filter(predecessor=tree.unit1)} == {
        ("P1-BAC", "split"), ("P1-NAM", "split")}


def test_an_officers_login_goes_with_the_officer(tree, split, make_user):
    first, second = split["officers"]
    login = make_user(tree.unit1, User.Role.OFFICER, username="chv.hai")
    Officer.objects.filter(pk=second.pk).update(user=login)
    plan = Plan(effective_date=split["day"], predecessors=[tree.unit1], successors=[split["north"], split["south"]],
                officer_to={first.pk: split["north"], second.pk: split["south"]},
                account_to={login.pk: split["north"], split["clerk"].pk: split["north"]})
    preview = restructure_preview(plan, user=split["admin"], today=TODAY)
    assert (login, split["south"]) in preview.accounts


def test_a_split_by_address_or_list_names_every_case_or_says_which_not(tree, split, vietnamese):
    north, south = split["north"], split["south"]
    base = {"effective_date": split["day"], "predecessors": [tree.unit1], "successors": [north, south],
            "officer_to": {o.pk: north for o in split["officers"]}, "account_to": {split["clerk"].pk: north}}
    by_address = Plan(**base, rule=Rule.ADDRESS, address_to=[("bắc sơn", north), ("nam hà", south)])
    preview = restructure_preview(by_address, user=split["admin"], today=TODAY)
    assert len(preview.problems) == 1 and "1 việc đang thi hành không được quy tắc" in preview.problems[0]
    assert "Xã Đông Hưng" not in preview.problems[0]  # named by its decision, not its party
    before = (list(Agency.objects.values()), CaseEvent.objects.count(), list(Officer.objects.values()))
    with pytest.raises(ValidationError):
        restructure_apply(by_address, user=split["admin"], today=TODAY)
    assert (list(Agency.objects.values()), CaseEvent.objects.count(), list(Officer.objects.values())) == before
    by_address.fallback = south
    preview = restructure_preview(by_address, user=split["admin"], today=TODAY)
    assert preview.problems == [] and len(preview.left_with_officer_elsewhere) == 2
    last = split["cases"][2]
    by_list = Plan(**base, rule=Rule.LIST, case_to={last.pk: south}, fallback=north)
    restructure_apply(by_list, user=split["admin"], today=TODAY)
    assert {c.pk: c.agency for c in Case.objects.all()} == {
        split["cases"][0].pk: north, split["cases"][1].pk: north, last.pk: south}


def test_the_restructure_page_previews_then_applies_a_split(client, tree, split, vietnamese):
    client.force_login(split["admin"])
    first, second = split["officers"]
    last = split["cases"][2]
    data = {"effective_date": "01/07/2025", "predecessors": [tree.unit1.pk],
            "successors": [split["north"].pk, split["south"].pk], "rule": "list",
            "case_list": f"{last.decision_number}; {split['south'].code}\nkhông-có-số; P1-NAM",
            "fallback": split["north"].pk}
    page = client.post(reverse("restructure"), data)
    assert "Dòng 2: không có việc đang thi hành số không-có-số" in page.content.decode()
    assert page.context["preview"] is None
    data["case_list"] = f"{last.decision_number}; {split['south'].code}"
    page = client.post(reverse("restructure"), data)
    text = page.content.decode()
    assert page.context["preview"].problems == [] and f'name="officer_{first.pk}"' in text and "Áp dụng" in text
    assert CaseEvent.objects.filter(kind=EventKind.HANDOVER).count() == 0  # a preview writes nothing
    response = client.post(reverse("restructure"), {**data, f"officer_{second.pk}": split["south"].pk,
                                                    "action": "apply"})
    assert response.status_code == 302
    assert Officer.objects.get(pk=second.pk).agency == split["south"]
    assert Officer.objects.get(pk=first.pk).agency == split["north"]
    assert Case.objects.get(pk=last.pk).agency == split["south"]
    assert CaseEvent.objects.filter(kind=EventKind.HANDOVER).count() == 3
