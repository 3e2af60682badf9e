"""Test data built through the same services the application uses."""

from datetime import date, timedelta

import factory

from cases.models import Agency, Initiation, JudgmentKind, Officer, User
from casework import agencies, services

PASSWORD = "Kiem-tra-2026"


def agency(code, *, parent=None, level=None, valid_from=date(2020, 1, 1), valid_to=None, name=None):
    level = level or (Agency.Level.CENTRAL if parent is None else
                      Agency.Level.PROVINCIAL if parent.level == Agency.Level.CENTRAL else Agency.Level.LOCAL)
    return agencies.agency_create(
        code=code, name=name or f"Cơ quan {code}", short_name=code, level=level, parent=parent,
        valid_from=valid_from, valid_to=valid_to,
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    role = User.Role.OFFICIAL
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    code = factory.Sequence(lambda n: f"CHV-{n:04d}")
    full_name = factory.Sequence(lambda n: f"Chấp hành viên {n}")


_decision_numbers = iter(range(1, 10**9))


def case(agency, *, issuing=None, decision_date=date(2024, 1, 10), accepted_on=None, amount=100_000_000,
         initiation=Initiation.ON_REQUEST, officer=None, today=date(2026, 11, 22), decision_number=None, **facts):
    fields = dict(
        court="Tòa án nhân dân thử nghiệm", judgment_number="12/2023/DS-ST", judgment_date=decision_date - timedelta(days=40),
        judgment_kind=JudgmentKind.CIVIL, initiation=initiation, debtor_name="Nguyễn Văn Nợ",
        creditor_name="Trần Thị Có", amount=amount,
    )
    fields.update(facts)
    return services.case_create(
        issuing_agency=issuing or agency, agency=agency, officer=officer,
        decision_number=decision_number or f"{next(_decision_numbers)}/QĐ-CCTHADS", decision_date=decision_date,
        accepted_on=accepted_on or decision_date, today=today, **fields,
    )


def outcomes_history(tree, officer=None, today=date(2026, 11, 22)):
    """A few cases in each unit of P1 with every kind of outcome over two statistical years, and a
    target for P1 (shared by the dashboard tests and the browser tests)."""
    from cases.models import EventKind, User
    from reports.targets import target_set

    for n, unit in enumerate((tree.unit1, tree.unit2, tree.province)):
        for i in range(4):
            c = case(unit, decision_date=date(2024, 10 + i % 3, 5 + n), amount=(i + 1) * 300_000_000,
                     officer=officer if unit == tree.unit1 else None)
            services.event_record(case=c, kind=EventKind.VERIFY, effective_date=date(2025, 1, 10), today=today)
            services.event_record(case=c, kind=EventKind.CLASSIFY, effective_date=date(2025, 1, 12),
                                  condition="unable" if i == 3 else "able", today=today)
            if i == 0:
                services.event_record(case=c, kind=EventKind.PAYMENT, effective_date=date(2025, 11, 3),
                                      amount=c.amount, today=today)
                services.event_record(case=c, kind=EventKind.COMPLETE, effective_date=date(2025, 11, 4), today=today)
            elif i == 1:
                services.event_record(case=c, kind=EventKind.POSTPONE, effective_date=date(2025, 12, 1),
                                      ground="agreed", today=today)
            elif i == 2 and n == 0:
                services.event_record(case=c, kind=EventKind.TERMINATE, effective_date=date(2026, 2, 1), today=today)
        case(unit, decision_date=date(2026, 3, 2), amount=50_000_000, debtor_name=f"Người Mới {n}",
             officer=officer if unit == tree.unit1 else None)
    setter = UserFactory(agency=tree.central, role=User.Role.LEADERSHIP)
    target_set(agency=tree.province, year=2026, cases_rate="60", money_rate="30", user=setter)


_judgment_numbers = iter(range(1, 10**9))


def followed_judgment(agency, *, received_on=date(2024, 1, 10), judgment_date=None, has_follow_up=True,
                      claim_result=None, judgment_type="first_instance", officer=None, today=date(2026, 11, 22),
                      steps=(), **facts):
    """A judgment registered through the service, then its `steps` ((kind, date[, fields]) tuples)."""
    from casework import thahc

    fields = dict(court="Tòa án nhân dân thử nghiệm", judgment_number=f"{next(_judgment_numbers)}/2024/HC-ST",
                  judgment_date=judgment_date or received_on - timedelta(days=20), judgment_type=judgment_type,
                  claim_result=claim_result or ("accepted" if has_follow_up else "rejected"),
                  has_follow_up=has_follow_up, body="Ủy ban nhân dân xã Thử Nghiệm", beneficiary="Lê Văn Thắng")
    fields.update(facts)
    judgment = thahc.judgment_create(agency=agency, received_on=received_on, officer=officer, today=today, **fields)
    for kind, day, *extra in steps:
        defaults = {"compel": {"document_number": "01/2024/QĐ-BTHA"}, "result_report": {"result": "not_complied"},
                    "end_other": {"note": "Bản án bị hủy theo thủ tục giám đốc thẩm"}}.get(kind, {})
        thahc.step_record(judgment=judgment, kind=kind, effective_date=day, today=today,
                          **{**defaults, **(extra[0] if extra else {})})
    return judgment
