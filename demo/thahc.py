"""The demo province's followed administrative judgments: a few dozen a year, as a mid-sized
province receives, each taken through the steps of NĐ 71/2016 as far as it got by the demo's end."""

import random
from datetime import date, timedelta

from django.db.models import Q

from cases.models import AdminJudgmentType, ClaimResult, StepKind
from cases.workdays import add_working_days
from casework import thahc

from . import names

FIRST_RECEIVED = date(2022, 10, 3)
PER_YEAR = 24

COMMUNES = ["Minh Xuân", "Nông Tiến", "Mỹ Lâm", "An Tường", "Bình Thuận", "Hà Giang 1", "Yên Sơn", "Sơn Dương",
            "Hàm Yên", "Chiêm Hóa", "Na Hang", "Đồng Văn", "Quản Bạ", "Bắc Quang"]
BODIES = [
    ("Ủy ban nhân dân xã {commune}", "Chủ tịch Ủy ban nhân dân xã {commune}", "Ủy ban nhân dân tỉnh Tuyên Quang"),
    ("Chủ tịch Ủy ban nhân dân xã {commune}", "Chủ tịch Ủy ban nhân dân xã {commune}",
     "Ủy ban nhân dân tỉnh Tuyên Quang"),
    ("Sở Nông nghiệp và Môi trường tỉnh Tuyên Quang", "Giám đốc Sở Nông nghiệp và Môi trường",
     "Ủy ban nhân dân tỉnh Tuyên Quang"),
    ("Ủy ban nhân dân tỉnh Tuyên Quang", "Chủ tịch Ủy ban nhân dân tỉnh Tuyên Quang", ""),
    ("Công an tỉnh Tuyên Quang", "Giám đốc Công an tỉnh", "Bộ Công an"),
]
CONTENTS = [
    "Hủy quyết định thu hồi đất số {n}/QĐ-UBND; giải quyết lại việc bồi thường, hỗ trợ",
    "Cấp giấy chứng nhận quyền sử dụng đất cho người khởi kiện",
    "Hủy quyết định xử phạt vi phạm hành chính số {n}/QĐ-XPHC",
    "Hủy quyết định giải quyết khiếu nại số {n}/QĐ-UBND và giải quyết lại",
    "Bồi thường, hỗ trợ tái định cư theo phương án đã phê duyệt",
    "Thực hiện hành vi hành chính: trả lời đơn đề nghị của người khởi kiện",
]
END_REASONS = ["Bản án bị hủy theo quyết định giám đốc thẩm", "Người được thi hành án rút yêu cầu, các bên tự thỏa thuận"]


def _name(rng):
    return f"{rng.choice(names.FAMILY_NAMES)} {rng.choice(names.MIDDLE_NAMES)} {rng.choice(names.GIVEN_NAMES)}"


def load_followed_judgments(tree, *, end: date, seed: int, per_year: int = PER_YEAR) -> int:
    """Register the judgments through the services, then their steps; returns how many."""
    rng = random.Random(seed)
    days = (end - FIRST_RECEIVED).days
    count = per_year * days // 365
    received_days = sorted(FIRST_RECEIVED + timedelta(days=rng.randrange(days)) for _ in range(count))
    for number, received in enumerate(received_days, start=1):
        agency = tree.province if received >= tree.province.valid_from else _old_province(tree, received, rng)
        region = rng.randrange(1, len(tree.regions) + 1)
        if agency == tree.province and rng.random() < 0.5:  # a regional court's judgment, followed by its office
            agency = tree.regions[region - 1]
        officers = [o for o in tree.officers_at.get(agency.pk, []) if o.is_active]
        commune = rng.choice(COMMUNES)
        body, head, superior = (text.format(commune=commune) for text in rng.choice(BODIES))
        follow = rng.random() < 0.85
        kind = rng.choices([AdminJudgmentType.FIRST_INSTANCE, AdminJudgmentType.APPEAL, AdminJudgmentType.DIALOGUE,
                            AdminJudgmentType.INTERIM_MEASURE], weights=[60, 30, 8, 2])[0]
        judged = received - timedelta(days=rng.randrange(20, 60))
        court = ("Tòa án nhân dân tỉnh Tuyên Quang" if received < date(2025, 7, 1) or kind == AdminJudgmentType.APPEAL
                 else f"Tòa án nhân dân khu vực {region} - Tuyên Quang")
        judgment = thahc.judgment_create(
            agency=agency, received_on=received, officer=rng.choice(officers) if officers and follow else None,
            register_number=f"{number:03d}/{received.year}", court=court,
            judgment_number=f"{number:02d}/{judged.year}/HC-{'PT' if kind == 'appeal' else 'ST'}",
            judgment_date=judged, first_instance_court="Tòa án nhân dân tỉnh Tuyên Quang" if kind == "appeal" else "",
            judgment_type=kind,
            claim_result=rng.choice([ClaimResult.ACCEPTED, ClaimResult.PARTLY_ACCEPTED]) if follow
            else ClaimResult.REJECTED,
            has_follow_up=follow, body=body, body_head=head, body_superior=superior, beneficiary=_name(rng),
            content=rng.choice(CONTENTS).format(n=rng.randrange(100, 2000)) if follow else "", today=end)
        if follow:
            _steps(judgment, rng, end)
    _restructure(tree, rng, end)
    return count


def _restructure(tree, rng, end):
    """What the old provinces still followed on 01/07/2025 went to the new province (the demo's
    tree is built already restructured, so the move is made afterwards, as the restructure does)."""
    from cases.models import FollowedJudgment

    officers = [o for o in tree.officers_at.get(tree.province.pk, []) if o.is_active]
    held = FollowedJudgment.objects.filter(agency__in=tree.old_provinces)
    for judgment in held.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=tree.province.valid_from)
                                | Q(next_due_on__isnull=False), has_follow_up=True).order_by("pk"):
        thahc.judgment_move(judgment, to_agency=tree.province, officer=rng.choice(officers) if officers else None,
                            on=tree.province.valid_from)


def _old_province(tree, day, rng):
    operating = [p for p in tree.old_provinces if p.is_valid_on(day)]
    return rng.choice(operating)


def _steps(judgment, rng, end):
    """The steps, each a few working days after the one before (now and then late), while before `end`."""
    def record(kind, day, **fields):
        if day > end:
            return False
        thahc.step_record(judgment=judgment, kind=kind, effective_date=day, today=end, **fields)
        return True

    received = judgment.received_on
    notice = add_working_days(received, rng.choice([1, 2, 3, 4, 5, 5, 7]))
    if rng.random() < 0.05 or not record(StepKind.NOTICE, notice):
        return  # a few notices are still awaited (overdue on the officer's list)
    report = add_working_days(notice + timedelta(days=30), rng.choice([1, 2, 3, 3, 6]))
    outcome = rng.choices(["complied", "partly", "not_complied"], weights=[45, 20, 35])[0]
    if rng.random() < 0.1 or not record(StepKind.RESULT_REPORT, report, result=outcome):
        return
    day = report
    if outcome == "complied":
        record(StepKind.COMPLETE, add_working_days(day, rng.randrange(1, 5)))
        return
    if rng.random() < 0.04:
        record(StepKind.END_OTHER, add_working_days(day, rng.randrange(10, 60)), note=rng.choice(END_REASONS))
        return
    if outcome == "not_complied" and rng.random() < 0.7:
        petition = add_working_days(day, rng.randrange(5, 40))
        if not record(StepKind.PETITION, petition):
            return
        compel = add_working_days(petition, rng.choice([2, 3, 5, 5, 6]))
        if not record(StepKind.COMPEL, compel, document_number=f"{rng.randrange(1, 40):02d}/{compel.year}/QĐ-BTHA"):
            return
        record(StepKind.INSTRUCTION, add_working_days(compel, rng.choice([1, 2, 3, 4])))
        record(StepKind.MEETING, add_working_days(compel, rng.choice([1, 2, 3])))
        published = record(StepKind.PUBLISH, add_working_days(compel, rng.choice([2, 3, 5, 7])))
        day = add_working_days(compel, 8)
        if rng.random() < 0.3 and record(StepKind.RECOMMEND, add_working_days(day, 10)):
            record(StepKind.REPLY, add_working_days(day, 10 + rng.choice([3, 5, 8])))
            day = add_working_days(day, 20)
        if rng.random() < 0.45:
            completed = add_working_days(day, rng.randrange(20, 120))
            if record(StepKind.COMPLETE, completed) and published and rng.random() < 0.85:
                record(StepKind.WITHDRAW, add_working_days(completed, rng.choice([1, 2, 2, 4])))
        return
    if rng.random() < 0.5:
        record(StepKind.COMPLETE, add_working_days(day, rng.randrange(20, 150)))
