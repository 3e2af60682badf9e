"""The demo province's steering committee: the cases its leaders brought, two quarterly meetings
with their conclusions, and what followed."""

from datetime import date, timedelta

from cases.models import Case, CommitteeCategory, FollowedJudgment, User
from casework import committee

MEETINGS = (
    # held on, papers sent on, chaired by
    (date(2026, 6, 25), date(2026, 6, 18), "Phó Chủ tịch Ủy ban nhân dân tỉnh Hoàng Văn Bình"),
    (date(2026, 9, 24), date(2026, 9, 21), "Phó Chủ tịch Ủy ban nhân dân tỉnh Hoàng Văn Bình"),
)
MEMBERS = ("Trưởng Ban Chỉ đạo: Phó Chủ tịch UBND tỉnh; Phó Trưởng ban thường trực: Thủ trưởng THADS tỉnh; "
           "thành viên: Sở Tư pháp, Sở Tài chính, Sở Nông nghiệp và Môi trường, Công an tỉnh")
PROCURACY = "Phó Viện trưởng Viện kiểm sát nhân dân tỉnh"
REASONS = {
    CommitteeCategory.CREDIT: ("Tài sản bảo đảm là quyền sử dụng đất đã bán đấu giá 5 lần không thành; người phải "
                               "thi hành án không hợp tác.", "Ngân hàng; Sở Nông nghiệp và Môi trường; UBND xã",
                               "Tiếp tục giảm giá tài sản; đề nghị cơ quan đăng ký đất đai chỉnh lý biến động."),
    CommitteeCategory.COERCION: ("Người phải thi hành án và người thân chống đối, cản trở việc kê biên, giao tài sản.",
                                 "Công an tỉnh; UBND xã; Viện kiểm sát",
                                 "Họp liên ngành, lập kế hoạch cưỡng chế có lực lượng Công an bảo vệ."),
    CommitteeCategory.COMPLEX: ("Tài sản chung của hộ gia đình chưa phân chia; tranh chấp kéo dài nhiều năm.",
                                "Tòa án nhân dân khu vực; UBND xã", "Hướng dẫn đương sự khởi kiện chia tài sản chung."),
    CommitteeCategory.COMPLAINTS: ("Nhiều đơn khiếu nại, tố cáo về việc định giá tài sản.",
                                   "Thanh tra tỉnh; Sở Tài chính", "Thẩm định lại giá; trả lời đơn theo quy định."),
    CommitteeCategory.THAHC: ("Cơ quan phải thi hành án chưa thực hiện dù đã có quyết định buộc thi hành án hành chính.",
                              "Ủy ban nhân dân tỉnh; Thanh tra tỉnh",
                              "Kiến nghị Chủ tịch UBND tỉnh chỉ đạo và xem xét trách nhiệm người đứng đầu."),
}
CONCLUSIONS = {
    CommitteeCategory.CREDIT: ("Sở Nông nghiệp và Môi trường phối hợp xác định hiện trạng, chỉnh lý hồ sơ địa chính.",
                               "Sở Nông nghiệp và Môi trường"),
    CommitteeCategory.COERCION: ("Tổ chức cưỡng chế kê biên; Công an tỉnh bố trí lực lượng bảo vệ.", "Công an tỉnh"),
    CommitteeCategory.COMPLEX: ("THADS tỉnh hướng dẫn đương sự; UBND xã xác nhận nhân khẩu hộ gia đình.", "UBND xã"),
    CommitteeCategory.COMPLAINTS: ("Sở Tài chính chủ trì thẩm định lại giá, trả lời đơn.", "Sở Tài chính"),
    CommitteeCategory.THAHC: ("Văn phòng UBND tỉnh tham mưu văn bản chỉ đạo cơ quan phải thi hành án.",
                              "Văn phòng UBND tỉnh"),
}


def load_committee(tree, *, end: date) -> int:
    """Bring a handful of the province's hardest open cases to its committee, then hold two meetings."""
    leader = User.objects.filter(agency=tree.province, role=User.Role.LEADERSHIP).first()
    scope = [tree.province, *tree.regions]
    # Cases the committee could hear at its June meeting: accepted by the spring.
    open_cases = Case.objects.filter(agency__in=scope, accepted_on__lt=date(2026, 5, 1)).open()
    picks = [
        *((CommitteeCategory.CREDIT, c) for c in open_cases.filter(is_credit_institution=True)
          .order_by("-remaining_amount")[:3]),
        *((CommitteeCategory.COERCION, c) for c in open_cases.filter(is_credit_institution=False)
          .order_by("-remaining_amount")[:2]),
        *((CommitteeCategory.COMPLEX, c) for c in open_cases.filter(decision_date__lt=date(2022, 1, 1))
          .order_by("decision_date")[:1]),
        *((CommitteeCategory.COMPLAINTS, c) for c in open_cases.filter(open_complaints__gt=0).order_by("pk")[:1]),
    ]
    seen, items = set(), []
    for index, (category, case) in enumerate(picks):
        if case.pk in seen:
            continue
        seen.add(case.pk)
        obstacle, help_needed, proposal = REASONS[category]
        items.append(committee.item_bring(case=case, category=category, obstacle=obstacle, help_needed=help_needed,
                                          proposal=proposal, brought_by=leader,
                                          today=date(2026, 5, 20) + timedelta(days=index)))
    for index, judgment in enumerate(FollowedJudgment.objects.filter(
            agency__in=scope, status="followed", compelled_on__lt=date(2026, 6, 1)).order_by("pk")[:2]):
        obstacle, help_needed, proposal = REASONS[CommitteeCategory.THAHC]
        items.append(committee.item_bring(judgment=judgment, category=CommitteeCategory.THAHC, obstacle=obstacle,
                                          help_needed=help_needed, proposal=proposal, brought_by=leader,
                                          today=max(judgment.compelled_on, date(2026, 6, 1) + timedelta(days=index))))
    for number, (held_on, papers_sent_on, chaired_by) in enumerate(MEETINGS):
        meeting = committee.meeting_record(committee=tree.province, held_on=held_on, chaired_by=chaired_by,
                                           members_present=MEMBERS, procuracy=PROCURACY,
                                           papers_sent_on=papers_sent_on, recorded_by=leader, today=end)
        for index, item in enumerate(i for i in items if i.brought_on <= held_on):
            item.refresh_from_db()
            if item.status != "open":
                continue
            content, lead = CONCLUSIONS[item.category]
            conclusion = committee.conclusion_add(meeting=meeting, item=item, content=content, lead_agency=lead,
                                                  deadline=held_on + timedelta(days=30 + 10 * (index % 3)))
            # After the first meeting most conclusions were carried out; after the second, some are overdue.
            if number == 0 and index % 3 != 2:
                committee.conclusion_follow_up(conclusion, done_on=conclusion.deadline - timedelta(days=5),
                                               follow_up="Đã thực hiện; báo cáo Ban Chỉ đạo.", today=end)
            elif number == 1 and index % 2 == 0:
                committee.conclusion_follow_up(conclusion, done_on=None,
                                               follow_up="Đang thực hiện, chưa xong.", today=end)
        if number == 0 and items:
            committee.item_close(items[-1 if len(items) < 3 else 2], status="resolved", closed_on=held_on + timedelta(
                days=40), outcome="Đã tổ chức thi hành xong sau chỉ đạo của Ban Chỉ đạo.", today=end)
    return len(items)
