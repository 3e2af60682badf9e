"""In Chromium: a clerk registers an administrative judgment and records its notice (a step out of
order refused next to its field); a leader brings it to the steering committee, an official records
the meeting and its conclusion, and the paper for the members downloads (screenshots under artifacts/)."""

from datetime import timedelta

import pytest

from cases.models import CommitteeConclusion, FollowedJudgment, User
from thads.today import local_today

from .conftest import ARTIFACTS
from .test_login import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_judgment_followed_then_brought_to_the_committee(page, live_server, tree, make_user, screenshot, browser):
    today = local_today()
    received = today - timedelta(days=60)
    make_user(tree.unit1, User.Role.CLERK, username="thuky1")
    log_in(page, live_server, "thuky1")
    page.wait_for_selector("h1")
    page.click("nav.mainnav >> text=Bản án hành chính")
    page.click("text=Vào sổ bản án")
    page.fill("#id_received_on", received.strftime("%d/%m/%Y"))
    page.fill("#id_court", "Tòa án nhân dân tỉnh P1")
    page.fill("#id_judgment_number", "09/2026/HC-ST")
    page.fill("#id_judgment_date", (received - timedelta(days=20)).strftime("%d/%m/%Y"))
    page.fill("#id_body", "Ủy ban nhân dân xã Một")
    page.fill("#id_beneficiary", "Nguyễn Văn Kiện")
    page.click("form button.primary")
    page.wait_for_selector("#clocks")
    assert "Quá hạn" in page.inner_text("#clocks")  # no notice 60 days after receipt
    page.click("text=Ghi nhận một bước")
    page.select_option("#id_kind", "compel")
    page.fill("#id_effective_date", (received + timedelta(days=3)).strftime("%d/%m/%Y"))
    page.fill("#id_document_number", "01/2026/QĐ-BTHA")
    page.click("form button.primary")
    page.wait_for_selector(".field.invalid")
    assert "Phải gửi văn bản thông báo tự nguyện thi hành án trước." in page.inner_text(".field.invalid")
    page.select_option("#id_kind", "notice")
    page.click("form button.primary")
    page.wait_for_selector("#clocks")
    screenshot("e2e-thahc-judgment")
    judgment = FollowedJudgment.objects.get()
    assert judgment.steps.count() == 2 and judgment.version == 2

    # A leader of the province brings it to the steering committee.
    make_user(tree.province, User.Role.LEADERSHIP, username="lanhdao1")
    make_user(tree.province, User.Role.OFFICIAL, username="chuyenvien1")
    leader_context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    leader = leader_context.new_page()
    log_in(leader, live_server, "lanhdao1")
    leader.goto(f"{live_server.url}/thahc/{judgment.pk}/")
    leader.click("text=Đề nghị Ban Chỉ đạo")
    leader.select_option("#id_category", "thahc")
    leader.fill("#id_obstacle", "Cơ quan chưa chấp hành")
    leader.fill("#id_help_needed", "UBND tỉnh")
    leader.fill("#id_proposal", "Kiến nghị Chủ tịch UBND tỉnh chỉ đạo")
    leader.click("form button.primary")
    leader.wait_for_selector("text=Đã đưa vào danh sách đề nghị Ban Chỉ đạo")

    leader_context.close()
    official_context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN",
                                           accept_downloads=True)
    official = official_context.new_page()
    log_in(official, live_server, "chuyenvien1")
    official.goto(f"{live_server.url}/committee/")
    official.click("text=Ghi phiên họp Ban Chỉ đạo")
    official.fill("#id_held_on", today.strftime("%d/%m/%Y"))
    official.fill("#id_chaired_by", "Phó Chủ tịch UBND tỉnh")
    official.fill("#id_members_present", "Sở Tư pháp; Công an tỉnh")
    official.click("form button.primary")
    official.wait_for_selector("text=Thêm kết luận")
    official.select_option("#id_item", index=1)
    official.fill("#id_content", "Văn phòng UBND tỉnh tham mưu văn bản chỉ đạo")
    official.fill("#id_lead_agency", "Văn phòng UBND tỉnh")
    official.fill("#id_deadline", (today + timedelta(days=15)).strftime("%d/%m/%Y"))
    official.click("form button.primary")
    official.wait_for_selector("text=Đã ghi kết luận")
    official.screenshot(path=str(ARTIFACTS / "e2e-committee-meeting.png"), full_page=True)
    assert CommitteeConclusion.objects.count() == 1
    official.goto(f"{live_server.url}/committee/")
    official.fill("#id_meeting", (today + timedelta(days=30)).strftime("%d/%m/%Y"))
    with official.expect_download() as download:
        official.click("#paper-form button.primary")
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as paper:
        assert paper.read(5) == b"%PDF-"
    official_context.close()
