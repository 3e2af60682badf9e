"""A deterministic demo province: Tuyên Quang with Hà Giang merged into it on 1/7/2025.

The generator simulates each case's life in plain Python (seeded), checks every timeline with the
same `cases.timeline.replay` the services use, then writes everything with bulk inserts. Its
proportions follow the national ones (domain primer §§6-9): about three quarters of cases able,
about 83 % of able cases completed each year, about half the money, lognormal amounts.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from audit.recorder import followed, followed_save, values_of
from cases import timeline
from cases.data.provinces import RESTRUCTURE_DATE, slug
from cases.models import (
    Agency,
    AgencySuccession,
    Case,
    CaseEvent,
    Complaint,
    ComplaintKind,
    Condition,
    EventKind,
    Initiation,
    JudgmentKind,
    Officer,
    PostponementGround,
    SuccessionKind,
    User,
)
from casework import agencies, writing
from casework.agency_tree import OLD_END, load_provincial_tree
from reports import summaries

from . import names
from .committee import load_committee
from .thahc import PER_YEAR as JUDGMENTS_PER_YEAR
from .thahc import load_followed_judgments

DEMO_SEED = 20261122
# The demo's "today": no event is dated after it, so the data do not depend on the clock.
DEMO_END = date(2026, 10, 31)
FIRST_ACCEPTED = date(2020, 10, 1)
DEMO_PASSWORD = "Thads@2026"
DEFAULT_CASES = 15000

KIND_WEIGHTS = [
    (JudgmentKind.CRIMINAL, 36), (JudgmentKind.CIVIL, 30), (JudgmentKind.MARRIAGE_FAMILY, 13),
    (JudgmentKind.BUSINESS, 10), (JudgmentKind.ADMINISTRATIVE, 2), (JudgmentKind.LABOUR, 2),
    (JudgmentKind.BANKRUPTCY, 1), (JudgmentKind.ARBITRATION, 1), (JudgmentKind.OTHER, 5),
]


@dataclass
class Plan:
    """One simulated case before it is written."""

    case: Case
    events: list = field(default_factory=list)
    complaints: list = field(default_factory=list)
    entrusted_from: "Plan | None" = None


@dataclass
class Layout:
    """The local tier of one province: its old Chi cục (key, name, short name) per old province,
    and the regional offices (number -> [(old province, key)] of the Chi cục each took over)."""

    province: str
    old_units: dict
    regions: dict


def demo_layout() -> Layout:
    old_units, old_of = {}, {}
    for old, units in names.OLD_LOCAL_UNITS.items():
        old_units[old] = [(district, f"Chi cục Thi hành án dân sự {kind} {district}", f"Chi cục {district}")
                          for kind, district in units]
        old_of.update(dict.fromkeys((district for _kind, district in units), old))
    regions = {number: [(old_of[d], d) for d in districts] for number, districts in names.REGIONAL_OFFICES.items()}
    return Layout("Tuyên Quang", old_units, regions)


@dataclass
class DemoTree:
    province: Agency
    old_provinces: list
    old_units: list
    regions: list
    region_of: dict  # old agency id -> new agency
    officers_at: dict  # agency id -> [Officer]


class Generator:
    OFFICERS_AT_PROVINCE = 4
    OFFICERS_PER_REGION = 3

    def __init__(self, *, seed=DEMO_SEED, cases=DEFAULT_CASES, end=DEMO_END, first=FIRST_ACCEPTED, backlog=0.85):
        self.rng = random.Random(seed)
        self.target_cases = cases
        self.end = end
        self.first = first
        # < 1 draws fewer cases in the first years, so carried-over stocks look like a running agency's.
        self.backlog = backlog
        self.plans: list[Plan] = []

    # The records of a plan: unsaved model instances here; a subclass may use lighter objects.
    def new_case(self, **fields):
        return Case(**fields)

    def new_event(self, **fields):
        return CaseEvent(**fields)

    # --- the tree and the people ---------------------------------------------------------------

    def build_tree(self, layout=None, provincial=None) -> DemoTree:
        layout = layout or demo_layout()
        tree = provincial or load_provincial_tree()
        province = tree["new"][layout.province]
        old_provinces = [tree["old"][short] for short in layout.old_units]
        old_units, by_key = [], {}
        for old_province in old_provinces:
            for key, name, short_name in layout.old_units[old_province.short_name]:
                unit = self._agency(
                    f"CCTHADS-{slug(old_province.short_name)}-{slug(key)}", name=name, short_name=short_name,
                    level=Agency.Level.LOCAL, parent=old_province, valid_from=old_province.valid_from, valid_to=OLD_END,
                )
                old_units.append(unit)
                by_key[(old_province.short_name, key)] = unit
        regions, region_of = [], {}
        for number, keys in layout.regions.items():
            region = self._agency(
                f"PTHADS-{slug(layout.province)}-KV{number:02d}",
                name=f"Phòng Thi hành án dân sự khu vực {number} - {layout.province}", short_name=f"Khu vực {number}",
                level=Agency.Level.LOCAL, parent=province, valid_from=RESTRUCTURE_DATE,
            )
            regions.append(region)
            for key in keys:
                old = by_key[key]
                region_of[old.pk] = region
                if not AgencySuccession.objects.filter(predecessor=old, successor=region).exists():
                    agencies.agency_succession_add(
                        predecessor=old, successor=region,
                        kind=SuccessionKind.MERGE if len(keys) > 1 else SuccessionKind.REORGANIZE,
                        effective_date=RESTRUCTURE_DATE,
                    )
        for old_province in old_provinces:
            region_of[old_province.pk] = province
        officers_at = self._officers(province, regions)
        return DemoTree(province, old_provinces, old_units, regions, region_of, officers_at)

    def _agency(self, code, **fields):
        return Agency.objects.filter(code=code).first() or agencies.agency_create(code=code, **fields)

    def _person(self):
        rng = self.rng
        middle = rng.choice(names.MIDDLE_NAMES)
        return f"{rng.choice(names.FAMILY_NAMES)} {middle} {rng.choice(names.GIVEN_NAMES)}"

    def _officers(self, province, regions):
        officers_at = {}
        ranks = [Officer.Rank.JUNIOR, Officer.Rank.INTERMEDIATE, Officer.Rank.INTERMEDIATE, Officer.Rank.SENIOR]
        pairs = [(province, self.OFFICERS_AT_PROVINCE)] + [(region, self.OFFICERS_PER_REGION) for region in regions]
        existing = {o.code: o for o in Officer.objects.filter(agency__in=[agency for agency, _count in pairs])}
        new = []
        for agency, count in pairs:
            officers_at[agency.pk] = []
            for index in range(count):
                code = f"CHV-{agency.code}-{index + 1:02d}"
                # Drawn even when the officer exists, so the random sequence never depends on the database.
                full_name, rank = self._person(), self.rng.choice(ranks)
                officer = existing.get(code)
                if officer is None:
                    officer = Officer(agency=agency, code=code, full_name=full_name, rank=rank)
                    new.append(officer)
                officers_at[agency.pk].append(officer)
        if new:
            Officer.objects.bulk_create(new)  # sets their ids (PostgreSQL, SQLite 3.35+)
            followed(created=new)
        return officers_at

    # --- one case's life -----------------------------------------------------------------------

    def _amount(self, kind, credit):
        rng = self.rng
        if kind in (JudgmentKind.MARRIAGE_FAMILY, JudgmentKind.ADMINISTRATIVE) and rng.random() < 0.35:
            return 0  # a non-monetary obligation (custody, return of a thing) still counts as a việc
        median = 900_000_000 if credit else {JudgmentKind.BUSINESS: 250_000_000, JudgmentKind.CRIMINAL: 12_000_000,
                                             JudgmentKind.BANKRUPTCY: 2_000_000_000}.get(kind, 35_000_000)
        value = math.exp(rng.gauss(math.log(median), 1.6))
        return int(min(max(value, 1_500_000), 60_000_000_000) // 1000 * 1000)

    def _holder_on(self, tree, day):
        """A holding agency for a case accepted on `day` (old shape before the restructure)."""
        rng = self.rng
        if day < RESTRUCTURE_DATE:
            if rng.random() < 0.08:
                holder = rng.choice(tree.old_provinces)
                return holder, holder
            holder = rng.choice(tree.old_units)
            return holder, holder
        return rng.choice(tree.regions), tree.province

    def _officer_for(self, tree, holder):
        current = tree.region_of.get(holder.pk, holder)
        return self.rng.choice(tree.officers_at[current.pk])

    def new_plan(self, tree, accepted_on, *, holder=None, issuing=None, entrusted=None):
        rng = self.rng
        if holder is None:
            holder, issuing = self._holder_on(tree, accepted_on)
        kind = rng.choices([k for k, _w in KIND_WEIGHTS], [w for _k, w in KIND_WEIGHTS])[0]
        credit = kind in (JudgmentKind.BUSINESS, JudgmentKind.CIVIL) and rng.random() < 0.13
        ex_officio = kind in (JudgmentKind.CRIMINAL, JudgmentKind.ADMINISTRATIVE, JudgmentKind.BANKRUPTCY) and (
            rng.random() < 0.8
        ) or (not credit and rng.random() < 0.12)
        amount = entrusted.case.remaining_amount if entrusted else self._amount(kind, credit)
        decision_date = accepted_on - timedelta(days=rng.randint(0, 3))
        judgment_date = decision_date - timedelta(days=rng.randint(25, 240))
        debtor = rng.choice(names.COMPANIES) if kind in (JudgmentKind.BUSINESS, JudgmentKind.BANKRUPTCY) and (
            rng.random() < 0.6
        ) else self._person()
        if credit:
            creditor = rng.choice(names.BANKS)
        elif ex_officio:
            creditor = names.STATE_BUDGET
        else:
            creditor = self._person()
        court_place = holder.short_name.replace("Chi cục ", "") if holder.level == Agency.Level.LOCAL else (
            f"tỉnh {holder.short_name}")
        case = self.new_case(
            issuing_agency=issuing, agency=holder, officer=self._officer_for(tree, holder),
            decision_date=decision_date, decision_year=decision_date.year, accepted_on=accepted_on,
            court=f"Tòa án nhân dân {court_place}", judgment_number=f"{rng.randint(1, 320)}/{judgment_date.year}",
            judgment_date=judgment_date, judgment_kind=kind,
            initiation=Initiation.EX_OFFICIO if ex_officio else Initiation.ON_REQUEST,
            is_credit_institution=credit, is_corruption_asset=kind == JudgmentKind.CRIMINAL and rng.random() < 0.02,
            debtor_name=debtor, debtor_address=f"{holder.short_name.replace('Chi cục ', '')}, {tree.province.short_name}",
            creditor_name=creditor, amount=amount, remaining_amount=amount, is_sample=True,
            obligation="Trả nợ" if credit else ("Nộp án phí, tiền phạt" if ex_officio else "Thi hành nghĩa vụ theo bản án"),
        )
        plan = Plan(case=case, entrusted_from=entrusted)
        self._simulate(tree, plan)
        self.plans.append(plan)
        return plan

    def _event(self, plan, kind, day, complaint=None, **fields):
        event = self.new_event(kind=kind, effective_date=day, **fields)
        # Complaints get their ids only when written; until then the fold keys them by position.
        event.demo_complaint = complaint
        if complaint is not None:
            event.complaint_id = ("demo", complaint.key)
        plan.events.append(event)

    def _simulate(self, tree, plan):
        """Draw a plausible timeline; events after the demo's end are simply not yet happened."""
        rng, case = self.rng, plan.case
        self._event(plan, EventKind.ACCEPT, case.accepted_on, to_agency=case.agency)
        day = case.accepted_on + timedelta(days=rng.randint(12, 30))
        self._step(tree, plan, EventKind.VERIFY, day)
        able_chance = 0.80 if case.amount < 200_000_000 else (0.62 if case.amount < 5_000_000_000 else 0.45)
        able = rng.random() < able_chance
        day += timedelta(days=rng.randint(0, 5))
        self._step(tree, plan, EventKind.CLASSIFY, day, condition=Condition.ABLE if able else Condition.UNABLE)
        if not able:
            day = self._unable_path(tree, plan, day)
        if day is not None:
            self._able_path(tree, plan, day)
        if rng.random() < 0.03:
            self._complaint(tree, plan, case.accepted_on + timedelta(days=rng.randint(20, 150)))

    def _unable_path(self, tree, plan, day):
        """Re-verify about every six months; some debtors become able, some cases leave the register."""
        rng = self.rng
        classified_on = day
        verifications = 1
        while True:
            day += timedelta(days=rng.randint(160, 200))
            if day > self.end:
                return None
            self._step(tree, plan, EventKind.VERIFY, day)
            verifications += 1
            if rng.random() < 0.18:
                day += timedelta(days=rng.randint(0, 5))
                self._step(tree, plan, EventKind.CLASSIFY, day, condition=Condition.ABLE)
                return day
            if verifications >= 2 and (day - classified_on).days >= 365 and rng.random() < 0.55:
                self._step(tree, plan, EventKind.SEPARATE_REGISTER, day + timedelta(days=rng.randint(1, 10)))
                return None

    def _able_path(self, tree, plan, day):
        """Phases in date order: measures, reduction, a possible postponement, payments, outcome."""
        rng, case = self.rng, plan.case
        amount = case.amount
        mean_days = 15 if amount < 30_000_000 else 35 if amount < 300_000_000 else 80 if amount < 3_000_000_000 else 200
        duration = max(4, int(rng.expovariate(1 / mean_days)))
        roll = rng.random()
        outcome = (EventKind.TERMINATE if roll < 0.035 else EventKind.REVOKE if roll < 0.04 else
                   EventKind.ENTRUST_OUT if roll < 0.07 and plan.entrusted_from is None else EventKind.COMPLETE)
        # Large debts are often paid off partly over a long time and not finished within the demo.
        if amount >= 1_000_000_000 and outcome == EventKind.COMPLETE and rng.random() < 0.4:
            outcome, duration = (EventKind.COMPLETE if rng.random() < 0.4 else None), duration * 3
        step = max(1, duration // 8)
        cursor = day
        if amount >= 100_000_000 and rng.random() < 0.3:
            for kind in EventKind.measures():
                cursor += timedelta(days=step)
                self._step(tree, plan, kind, cursor)
        remaining = amount
        if case.initiation == Initiation.EX_OFFICIO and amount and rng.random() < 0.04:
            cursor += timedelta(days=step)
            reduced = amount * rng.randint(10, 60) // 100
            self._step(tree, plan, EventKind.REDUCE, cursor, amount=reduced)
            remaining -= reduced
        if rng.random() < 0.05:  # a postponement, usually resumed
            cursor += timedelta(days=step)
            ground = PostponementGround.AGREED if rng.random() < 0.4 else PostponementGround.OTHER
            self._step(tree, plan, EventKind.POSTPONE, cursor, ground=ground)
            if rng.random() < 0.1:
                return
            cursor += timedelta(days=rng.randint(20, 150))
            self._step(tree, plan, EventKind.RESUME, cursor)
        elif rng.random() < 0.01:  # a suspension (bankruptcy, protest), usually resumed later
            cursor += timedelta(days=step)
            self._step(tree, plan, EventKind.SUSPEND, cursor)
            if rng.random() < 0.3:
                return
            cursor += timedelta(days=rng.randint(60, 240))
            self._step(tree, plan, EventKind.RESUME, cursor)
        if outcome == EventKind.COMPLETE:
            paid_fraction = 1.0
        elif outcome is None:
            paid_fraction = rng.uniform(0.2, 0.7)
        elif outcome == EventKind.TERMINATE:
            paid_fraction = rng.choice([0, 0, 0.2, 0.5])
        else:
            paid_fraction = rng.choice([0, 0, 0.3])
        to_pay = remaining if paid_fraction == 1.0 else int(remaining * paid_fraction) // 1000 * 1000
        finish = max(cursor, day + timedelta(days=duration))
        parts = 1 if to_pay < 20_000_000 else rng.randint(1, 4)
        span = max(1, (finish - cursor).days)
        for index in range(parts):
            share = to_pay // parts if index < parts - 1 else to_pay - (to_pay // parts) * (parts - 1)
            if share > 0:
                self._step(tree, plan, EventKind.PAYMENT, cursor + timedelta(days=span * (index + 1) // parts),
                           amount=share)
        finish = cursor + timedelta(days=span + 1)
        if outcome == EventKind.ENTRUST_OUT:
            self._entrust(tree, plan, finish)
        elif outcome is not None:
            self._step(tree, plan, outcome, finish)

    def _entrust(self, tree, plan, day):
        holder = self._holder_at(tree, plan, day)
        pool = tree.regions if day >= RESTRUCTURE_DATE else [u for u in tree.old_units if u.valid_to >= day]
        choices = [a for a in pool if a.pk != holder.pk]
        receiver = self.rng.choice(choices)
        if not self._step(tree, plan, EventKind.ENTRUST_OUT, day, to_agency=receiver):
            return
        accepted = day + timedelta(days=self.rng.randint(3, 20))
        if accepted > self.end:
            return
        if accepted > OLD_END and receiver.valid_to is not None:
            receiver = tree.region_of[receiver.pk]
        issuing = receiver if accepted < RESTRUCTURE_DATE else tree.province
        self._pending_entrusted.append((accepted, receiver, issuing, plan))

    def _holder_at(self, tree, plan, day):
        holder = plan.case.agency
        return tree.region_of[holder.pk] if day >= RESTRUCTURE_DATE and holder.valid_to is not None else holder

    def _step(self, tree, plan, kind, day, **fields) -> bool:
        """Add an event unless it falls after the demo's end (then it has not happened yet)."""
        if day > self.end:
            return False
        self._event(plan, kind, day, **fields)
        return True

    def _complaint(self, tree, plan, received):
        rng = self.rng
        if received > self.end:
            return
        coercion = rng.random() < 0.3
        complaint = Complaint(
            kind=ComplaintKind.COMPLAINT if rng.random() < 0.85 else ComplaintKind.DENUNCIATION, round=1,
            coercion_related=coercion, complainant=plan.case.debtor_name, received_on=received,
            summary="Khiếu nại quyết định cưỡng chế" if coercion else "Khiếu nại việc chậm thi hành án",
            due_on=Complaint.due_date(received, coercion_related=coercion, round=1),
        )
        complaint.key = len(self._complaints)
        self._complaints.append((plan, complaint))
        self._step(tree, plan, EventKind.COMPLAINT_RECEIVED, received, complaint=complaint)
        if rng.random() < 0.85:
            resolved = received + timedelta(days=rng.randint(5, 40))
            if self._step(tree, plan, EventKind.COMPLAINT_RESOLVED, resolved, complaint=complaint):
                complaint.resolved_on = resolved

    # --- the whole province --------------------------------------------------------------------

    def generate(self, tree):
        """Simulate every case in memory, in acceptance order."""
        self._complaints = []
        self._pending_entrusted = []
        days = (self.end - self.first).days + 1
        starts = sorted(
            self.first + timedelta(days=int(days * self.rng.random() ** self.backlog))
            for _ in range(self.target_cases)
        )
        for accepted in starts:
            self.new_plan(tree, accepted)
        while self._pending_entrusted:
            pending, self._pending_entrusted = self._pending_entrusted, []
            for accepted, receiver, issuing, sender in pending:
                self.new_plan(tree, accepted, holder=receiver, issuing=issuing, entrusted=sender)
        self._number_decisions()
        for plan in self.plans:
            self._check(tree, plan)

    def _number_decisions(self):
        suffix = {Agency.Level.LOCAL: "QĐ-CCTHADS", Agency.Level.PROVINCIAL: "QĐ-CTHADS"}
        counters = {}
        for plan in sorted(self.plans, key=lambda p: (p.case.decision_date, p.case.accepted_on)):
            case = plan.case
            key = (case.issuing_agency.pk, case.decision_year)
            counters[key] = counters.get(key, 0) + 1
            tail = "QĐ-THADS" if case.issuing_agency.valid_to is None else suffix[case.issuing_agency.level]
            case.decision_number = f"{counters[key]}/{tail}"

    def _check(self, tree, plan):
        """Hand open cases over at the restructure, then replay the timeline under the register's
        own rules; the result is the state stored on the case."""
        for index, event in enumerate(plan.events):
            event._order = index
        events = sorted(plan.events, key=lambda e: (e.effective_date, e._order))
        before = [e for e in events if e.effective_date < RESTRUCTURE_DATE]
        state = timeline.replay(plan.case, before) if before else None
        holder = plan.case.agency
        if state is not None and state.is_open and holder.valid_to is not None and RESTRUCTURE_DATE <= self.end:
            handover = self.new_event(kind=EventKind.HANDOVER, effective_date=RESTRUCTURE_DATE,
                                      to_agency=tree.region_of[holder.pk])
            handover.demo_complaint = None
            events.insert(len(before), handover)
        holders, state = [], None
        for event in events:
            holders.append(state.agency_id if state else event.to_agency.pk)
            state = timeline.apply(plan.case, state, event)
        plan.events, plan.holders = events, holders
        writing.set_state(plan.case, state)

    # --- writing -------------------------------------------------------------------------------

    @transaction.atomic
    def write(self, *, entered_by=None):
        """Write the simulated cases as every write is (`writing.apply`), a chunk at a time; a case
        entrusted by another is written once the sender has its key."""
        if not self.plans:
            return 0, 0
        complaints = {}
        for plan, complaint in self._complaints:
            complaint.case = plan.case
            complaints.setdefault(id(plan), []).append(complaint)
        summaries.fill_before_writing(min(plan.case.accepted_on for plan in self.plans), today=self.end)
        deltas, chunk, events = summaries.Deltas(), [], 0
        for plan in self.plans:
            sender = plan.entrusted_from
            if len(chunk) >= writing.CHUNK or (sender is not None and sender.case.pk is None):
                writing.apply(chunk, deltas=deltas)
                chunk = []
            if sender is not None:
                plan.case.entrusted_from = sender.case
            # Replayed while its complaints still have their simulated keys.
            replay = writing.replay(plan.case, plan.events, today=self.end)
            for event, holder in zip(plan.events, plan.holders, strict=True):
                event.case = plan.case
                event.agency_id = holder
                event.complaint = event.demo_complaint
                event.entered_by = entered_by
                event.entered_at = entered_at(event.effective_date)
            chunk.append(writing.CaseChange(plan.case, after=replay, new_events=plan.events,
                                            new_complaints=complaints.get(id(plan), [])))
            events += len(plan.events)
        writing.apply(chunk, deltas=deltas)
        deltas.apply()
        return len(self.plans), events


def entered_at(day):
    """Demo entries are recorded a day after the act, in office hours."""
    moment = timezone.datetime.combine(day + timedelta(days=1), timezone.datetime.min.time()).replace(hour=9)
    return timezone.make_aware(moment)


DEMO_USERS = [
    # username, full name, role, agency code (None: the demo province)
    ("lanhdao", "Nguyễn Văn Lãnh", User.Role.LEADERSHIP, None),
    ("chuyenvien", "Trần Thị Chuyên", User.Role.OFFICIAL, None),
    ("quantri", "Lê Quang Trị", User.Role.ADMINISTRATOR, None),
    ("thuky", "Phạm Thị Thư", User.Role.CLERK, "PTHADS-TUYENQUANG-KV01"),
    ("chv", None, User.Role.OFFICER, "PTHADS-TUYENQUANG-KV01"),
    ("thuky.kv6", "Hoàng Văn Sáu", User.Role.CLERK, "PTHADS-TUYENQUANG-KV06"),
    ("trunguong", "Vũ Minh Trung", User.Role.OFFICIAL, "CQLTHADS"),
]


def create_demo_users(tree) -> list:
    users = []
    for username, full_name, role, code in DEMO_USERS:
        agency = Agency.objects.get(code=code) if code else tree.province
        stored = User.objects.filter(username=username).first()
        user = stored or User(username=username)
        recorded_before = values_of(user) if stored else None
        user.role, user.agency = role, agency
        if role == User.Role.OFFICER:
            officer = tree.officers_at[agency.pk][0]
            user.full_name = officer.full_name
        else:
            user.full_name = full_name
        user.set_password(DEMO_PASSWORD)
        user.save()
        followed_save(user, recorded_before)
        if role == User.Role.OFFICER:
            Officer.objects.filter(pk=officer.pk).update(user=user)
        users.append(user)
    return users


# The national targets of domain primer §7 (2026 and 2027: sample values) for the demo's agencies.
DEMO_TARGETS = {2023: ("82.50", "45.50"), 2024: ("83.25", "46.45"), 2025: ("83.90", "51.90"),
                2026: ("84.20", "52.50"), 2027: ("84.50", "53.00")}


def set_targets(trees, leader):
    """Targets for each province and its units (the old provinces before the restructure)."""
    from decimal import Decimal

    from reports.models import Target

    for tree in trees:
        for year, (cases_rate, money_rate) in DEMO_TARGETS.items():
            agencies = [tree.province, *tree.regions] if year >= 2025 else tree.old_provinces
            for index, agency in enumerate(agencies):
                # Units get slightly different targets, as provinces cascade theirs with adjustments.
                shift = Decimal(index % 3 - 1) / 2
                stored = Target.objects.filter(agency=agency, year=year).first()
                target = stored or Target(agency=agency, year=year)
                recorded_before = values_of(target) if stored else None
                target.cases_rate, target.money_rate = Decimal(cases_rate) + shift, Decimal(money_rate) + shift
                target.set_by = leader
                target.save()
                followed_save(target, recorded_before)


def demo_targets_and_closings(tree, users):
    """Targets for the province and its units, and the published 12-month figures of 2025 and 2026."""
    from reports.calendar import Period
    from reports.closing import period_close
    from reports.models import ReportSigners

    leader = next(u for u in users if u.role == User.Role.LEADERSHIP)
    set_targets([tree], leader)
    official = next((u for u in users if u.role == User.Role.OFFICIAL and u.agency_id == tree.province.pk), None)
    signers = ReportSigners.objects.create(  # who signs the province's reports, as its administrator keeps them
        agency=tree.province, drawn_up_by=official.full_name if official else "", checked_by="Lê Thị Kiểm",
        head_name=leader.full_name)
    followed(created=[signers])
    for year in (2025, 2026):
        period_close(agency=tree.province, period=Period(year, 12), user=leader, today=DEMO_END)


def load_demo(*, cases=DEFAULT_CASES, seed=DEMO_SEED) -> dict:
    """Build the demo province, its people and its cases. Refuses to run twice."""
    if Case.objects.filter(is_sample=True).exists():
        raise RuntimeError("Demo data are already loaded.")
    with transaction.atomic():
        generator = Generator(seed=seed, cases=cases)
        tree = generator.build_tree()
        generator.generate(tree)
        users = create_demo_users(tree)
        case_count, event_count = generator.write()
        demo_targets_and_closings(tree, users)
        # As many as a province with this many cases receives (a small demo, the tests', keeps a few).
        judgments = load_followed_judgments(tree, end=DEMO_END, seed=seed,
                                            per_year=max(8, round(JUDGMENTS_PER_YEAR * cases / DEFAULT_CASES)))
        load_committee(tree, end=DEMO_END)
    from django.core.cache import cache

    from cases.context_processors import SAMPLE_FLAG_KEY

    cache.delete(SAMPLE_FLAG_KEY)
    return {"cases": case_count, "events": event_count, "users": len(users), "judgments": judgments}

