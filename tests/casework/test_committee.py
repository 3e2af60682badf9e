"""The steering committee's case list: bringing cases, meetings and conclusions, the paper for the
members, the overdue conclusions on the dashboard, and the committee's report."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from cases.models import CommitteeConclusion, CommitteeItem, EventKind, FollowedJudgment, User
from casework import committee, services
from reports import committee as figures
from tests import factories
from thads.today import local_today

R = User.Role
TODAY = date(2026, 11, 22)


def _bring(subject, **fields):
    values = dict(category="complex", obstacle="Người phải thi hành án chống đối, tẩu tán tài sản",
                  help_needed="Công an tỉnh; UBND xã", proposal="Họp liên ngành, lập kế hoạch cưỡng chế", today=TODAY)
    values.update(fields)
    kind = "judgment" if isinstance(subject, FollowedJudgment) else "case"
    return committee.item_bring(**{kind: subject}, **values)


def test_what_may_be_brought(tree, vietnamese):
    case = factories.case(tree.unit1)
    with pytest.raises(ValidationError) as error:
        _bring(case, category="thahc")
    assert "category" in error.value.message_dict
    item = _bring(case)
    assert item.committee == tree.province and item.brought_on == TODAY
    with pytest.raises(ValidationError, match="đã có trong danh sách"):
        _bring(case, category="security")
    closed = factories.case(tree.unit1, amount=0)
    services.event_record(case=closed, kind=EventKind.COMPLETE, effective_date=date(2024, 2, 1), today=TODAY)
    with pytest.raises(ValidationError, match="đã kết thúc"):
        _bring(closed)
    judgment = factories.followed_judgment(tree.unit2, received_on=date(2025, 3, 3))
    assert _bring(judgment, category="thahc").committee == tree.province
    assert CommitteeItem.objects.count() == 2


def test_meetings_conclusions_and_what_followed(tree, vietnamese):
    item = _bring(factories.case(tree.unit1))
    other = _bring(factories.case(tree.other_unit))
    with pytest.raises(ValidationError) as error:
        committee.meeting_record(committee=tree.province, held_on=TODAY + timedelta(days=1), chaired_by="Chủ tịch",
                                 members_present="Sở Tư pháp", today=TODAY)
    assert "held_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        committee.meeting_record(committee=tree.unit1, held_on=TODAY, chaired_by="A", members_present="B", today=TODAY)
    meeting = committee.meeting_record(committee=tree.province, held_on=TODAY, chaired_by="Phó Chủ tịch UBND tỉnh",
                                       members_present="Sở Tư pháp; Công an tỉnh", papers_sent_on=date(2026, 11, 19),
                                       today=TODAY)
    # Meeting Sunday 22/11/2026: three working days before it are 17, 18, 19 and 20/11 → the papers
    # were due by 17/11; sent on 19/11 they were late.
    assert figures.papers_due(TODAY) == date(2026, 11, 17) and figures.papers_late(meeting)
    for wrong, field in (({"item": other}, "item"), ({"deadline": TODAY - timedelta(days=1)}, "deadline"),
                         ({"lead_agency": " "}, "lead_agency")):
        values = dict(meeting=meeting, item=item, content="Tổ chức cưỡng chế", lead_agency="Công an tỉnh",
                      deadline=date(2026, 12, 15)) | wrong
        with pytest.raises(ValidationError) as error:
            committee.conclusion_add(**values)
        assert field in error.value.message_dict
    conclusion = committee.conclusion_add(meeting=meeting, item=item, content="Tổ chức cưỡng chế",
                                          lead_agency="Công an tỉnh", deadline=date(2026, 12, 15))
    with pytest.raises(ValidationError):
        committee.conclusion_add(meeting=meeting, item=item, content="Lần hai", lead_agency="X", deadline=TODAY)
    with pytest.raises(ValidationError) as error:
        committee.conclusion_follow_up(conclusion, done_on=TODAY - timedelta(days=3), follow_up="Đã cưỡng chế",
                                       today=TODAY)
    assert "done_on" in error.value.message_dict
    committee.conclusion_follow_up(conclusion, done_on=TODAY, follow_up="Đã cưỡng chế, thu 200 triệu", today=TODAY)
    committee.item_close(item, status="resolved", closed_on=TODAY, outcome="Thi hành xong", today=TODAY)
    item.refresh_from_db()
    assert (item.status, item.closed_on) == ("resolved", TODAY)
    with pytest.raises(ValidationError):
        committee.item_change(item, obstacle="Khác", today=TODAY)


def test_the_paper_and_the_dashboard(client, tree, make_user, vietnamese):
    today = local_today()
    case = factories.case(tree.unit1, decision_number="77/QĐ-CCTHADS", amount=2_500_000_000, today=today)
    services.event_record(case=case, kind=EventKind.PAYMENT, effective_date=date(2024, 3, 1), amount=500_000_000,
                          today=today)
    item = _bring(case, today=today - timedelta(days=40))
    hidden = _bring(factories.case(tree.other_unit, decision_number="88/QĐ-BÍMẬT", today=today),
                    today=today - timedelta(days=40))
    meeting = committee.meeting_record(committee=tree.province, held_on=today - timedelta(days=30),
                                       chaired_by="Phó Chủ tịch UBND tỉnh", members_present="Sở Tư pháp", today=today)
    committee.conclusion_add(meeting=meeting, item=item, content="Cưỡng chế kê biên", lead_agency="Công an tỉnh",
                             deadline=today - timedelta(days=5))
    later = committee.meeting_record(committee=tree.province, held_on=today - timedelta(days=20),
                                     chaired_by="Phó Chủ tịch UBND tỉnh", members_present="Sở Tư pháp", today=today)
    committee.conclusion_add(meeting=later, item=item, content="Báo cáo kết quả", lead_agency="THADS tỉnh",
                             deadline=today - timedelta(days=2))  # two overdue conclusions: one case on the list
    leader = make_user(tree.province, R.LEADERSHIP)
    client.force_login(leader)
    cache.clear()
    page = client.get(reverse("home")).content.decode()
    line = re.search(r'href="([^"]+)" data-focus="committee_overdue">.*?<span class="count[^"]*">(\d+)</span>', page)
    assert line.group(2) == "1"
    listed = client.get(line.group(1).replace("&amp;", "&")).content.decode()
    assert "77/QĐ-CCTHADS" in listed and re.search(r'id="committee-count">1 việc<', listed)
    meeting_day = today + timedelta(days=10)
    response = client.get(reverse("committee_paper", args=["xlsx"]), {"status": "open",
                                                                      "meeting": meeting_day.strftime("%d/%m/%Y")})
    sheet = load_workbook(io.BytesIO(response.content)).active
    texts = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert "77/QĐ-CCTHADS" in texts and "88/QĐ-BÍMẬT" not in texts
    assert "2.000.000.000" in texts  # the remaining amount today, after the payment
    assert figures.papers_due(meeting_day).strftime("%d/%m/%Y") in texts
    pdf = client.get(reverse("committee_paper", args=["pdf"]), {"status": "open"})
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "77/QĐ-CCTHADS" in re.sub(r"\s", "", text) and "Báo cáo kết quả" in re.sub(r"\s+", " ", text)
    # Another province's leader sees neither the case nor the meeting.
    client.force_login(make_user(tree.other_province, R.LEADERSHIP))
    assert client.get(reverse("committee_item", args=[item.pk])).status_code == 404
    assert client.get(reverse("committee_meeting", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("committee_item", args=[hidden.pk])).status_code == 200


def test_the_committee_report_adds_up(tree):
    cases = [factories.case(tree.unit1) for _ in range(6)]
    items = [_bring(case, today=date(2025, 10, 5) + timedelta(days=20 * i)) for i, case in enumerate(cases)]
    committee.item_close(items[0], status="resolved", closed_on=date(2026, 1, 10), outcome="Xong", today=TODAY)
    committee.item_close(items[1], status="withdrawn", closed_on=date(2025, 12, 1), outcome="Rút", today=TODAY)
    meeting = committee.meeting_record(committee=tree.province, held_on=date(2025, 12, 20), chaired_by="A",
                                       members_present="B", today=TODAY)
    for item in items[:4]:
        if item.brought_on <= meeting.held_on and item.pk != items[1].pk:
            committee.conclusion_add(meeting=meeting, item=item, content="X", lead_agency="Y",
                                     deadline=date(2026, 1, 15))
    conclusions = CommitteeConclusion.objects.all()
    committee.conclusion_follow_up(conclusions[0], done_on=date(2026, 1, 10), follow_up="Z", today=TODAY)
    for span in ("q1", "q2", "h1", "year"):
        start, end, _name = figures.span_dates(2026, span)
        counts = figures.counts(CommitteeItem.objects.all(), meeting.__class__.objects.all(), start, end, TODAY)
        assert counts["on_list"] == counts["carried_over"] + counts["brought"]
        assert counts["on_list"] == counts["resolved"] + counts["withdrawn"] + counts["still_open"]
        assert sum(n for _label, n in counts["by_category"]) == counts["brought"]
    start, end, _name = figures.span_dates(2026, "q1")  # 01/10 – 31/12/2025
    q1 = figures.counts(CommitteeItem.objects.all(), meeting.__class__.objects.all(), start, end, TODAY)
    assert (q1["brought"], q1["withdrawn"], q1["resolved"], q1["meetings"]) == (5, 1, 0, 1)
    assert (q1["conclusions"], q1["done"], q1["overdue"]) == (len(conclusions), 0, 0)
    start, end, _name = figures.span_dates(2026, "h1")
    h1 = figures.counts(CommitteeItem.objects.all(), meeting.__class__.objects.all(), start, end, TODAY)
    assert (h1["done"], h1["done_in_time"], h1["overdue"]) == (1, 1, len(conclusions) - 1)


def test_the_list_from_a_spreadsheet_is_all_or_nothing(tree, make_user, vietnamese):
    from casework import committee_import
    from casework.imports import table_csv

    leader = make_user(tree.province, R.LEADERSHIP)
    case = factories.case(tree.unit1, decision_number="12/QĐ-CCTHADS")
    judgment = factories.followed_judgment(tree.unit2, received_on=date(2025, 3, 3), judgment_number="05/2025/HC-ST")
    hidden = factories.case(tree.other_unit, decision_number="13/QĐ-CCTHADS")
    other = factories.case(tree.unit1, decision_number="14/QĐ-CCTHADS")

    def row(kind, code, number, day, category="Tín dụng, ngân hàng", **extra):
        values = dict(zip([c.key for c in committee_import.COLUMNS], committee_import.EXAMPLE_ROW, strict=True))
        values.update(kind=kind, agency=code, number=number, date=day, category=category, **extra)
        return [values[c.key] for c in committee_import.COLUMNS]

    good = row("Việc thi hành án dân sự", "P1-L1", case.decision_number, case.decision_date.strftime("%d/%m/%Y"))
    thahc = row("Bản án hành chính", "P1-L2", judgment.judgment_number, judgment.judgment_date.strftime("%d/%m/%Y"),
                category="Bản án hành chính chưa được chấp hành")
    wrong = [
        row("Việc thi hành án dân sự", "P2-L1", hidden.decision_number, hidden.decision_date.strftime("%d/%m/%Y")),
        row("Việc thi hành án dân sự", "P1-L1", "999/QĐ", "01/01/2024"),
        row("Việc thi hành án dân sự", "P1-L1", other.decision_number, other.decision_date.strftime("%d/%m/%Y"),
            category="Bản án hành chính chưa được chấp hành"),
        row("Bản án", "P1-L1", "1", "01/01/2024"),
    ]
    result = committee_import.import_items(table_csv(committee_import.COLUMNS, [good, thahc, *wrong]), "a.csv",
                                           user=leader, today=TODAY)
    assert {(r, column) for r, column, _reason in result.errors} == {
        (4, "Mã cơ quan thụ lý, theo dõi"), (5, "Số quyết định thi hành án hoặc số bản án"), (6, "Loại vụ việc"),
        (7, "Loại hồ sơ")}, result.errors
    assert CommitteeItem.objects.count() == 0
    result = committee_import.import_items(table_csv(committee_import.COLUMNS, [good, thahc]), "a.csv", user=leader,
                                           today=TODAY)
    assert (result.created, result.skipped, result.errors) == (2, 0, [])
    result = committee_import.import_items(table_csv(committee_import.COLUMNS, [good, thahc]), "a.csv", user=leader,
                                           today=TODAY)
    assert (result.created, result.skipped) == (0, 2) and CommitteeItem.objects.count() == 2
    with pytest.raises(committee_import.FileRefused):
        committee_import.import_items(table_csv(committee_import.COLUMNS, [good]), "a.csv",
                                      user=make_user(tree.province, R.CLERK), today=TODAY)


def test_who_keeps_the_committee(client, tree, make_user):
    item = _bring(factories.case(tree.unit1))
    meeting = committee.meeting_record(committee=tree.province, held_on=TODAY, chaired_by="A", members_present="B",
                                       today=TODAY)
    for role, status in ((R.LEADERSHIP, 200), (R.OFFICIAL, 200), (R.CLERK, 403), (R.ADMINISTRATOR, 403)):
        client.force_login(make_user(tree.province, role))
        assert client.get(reverse("committee_meeting_create")).status_code == status, role
        assert client.get(reverse("committee_item_edit", args=[item.pk])).status_code == status, role
    # A unit's leader brings its cases but does not keep the province's committee.
    client.force_login(make_user(tree.unit1, R.LEADERSHIP))
    assert client.get(reverse("committee_item", args=[item.pk])).status_code == 200
    assert client.get(reverse("committee_meeting", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("committee_meeting_create")).status_code == 403


def test_a_merger_of_provinces_takes_the_committee_list_along(client, tree, make_user, vietnamese):
    from casework.restructure import Plan, restructure_apply

    item = _bring(factories.case(tree.unit1), today=date(2025, 3, 1))
    merged = factories.agency("P3", parent=tree.central, valid_from=date(2025, 7, 1))
    with pytest.raises(ValidationError) as error:  # ended on its own, the committee's cases would be stranded
        from casework import agencies

        agencies.agency_change(agency=tree.province, valid_to=date(2025, 6, 30))
    assert "Ban Chỉ đạo" in " ".join(error.value.message_dict["valid_to"])
    admin = make_user(tree.central, R.ADMINISTRATOR)
    region = factories.agency("P3-L1", parent=merged, valid_from=date(2025, 7, 1))
    restructure_apply(Plan(effective_date=date(2025, 7, 1), predecessors=[tree.unit1, tree.unit2],
                           successors=[region]), user=admin, today=TODAY)
    restructure_apply(Plan(effective_date=date(2025, 7, 1), predecessors=[tree.province], successors=[merged]),
                      user=admin, today=TODAY)
    item.refresh_from_db()
    assert item.committee == merged and item.status == "open"
    client.force_login(make_user(merged, R.OFFICIAL))
    assert client.get(reverse("committee_paper", args=["pdf"]), {"meeting": "31/12/9999"}).status_code == 200
