"""A clerk logs in through the real login form and sees only their own unit's cases."""

import pytest

from cases.models import User
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(tree, make_user):
    mine = factories.case(tree.unit1, debtor_name="Đặng Văn Một", amount=1_234_567_000)
    theirs = factories.case(tree.unit2, debtor_name="Lê Thị Hai")
    make_user(tree.unit1, User.Role.CLERK, username="thuky1")
    return mine, theirs


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("button[type=submit].primary")


def test_login_shows_own_subtree_only(page, live_server, data, screenshot):
    mine, theirs = data
    log_in(page, live_server, "thuky1")
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == "Cơ quan P1-L1"
    assert "Về việc" in page.inner_text("main")
    screenshot("e2e-overview")
    page.click("text=Việc thi hành án")
    page.wait_for_selector("table.data")
    table = page.inner_text("table.data")
    assert "Đặng Văn Một" in table and "Lê Thị Hai" not in table
    assert "1.234.567.000" in table
    page.click(f"text={mine.decision_number}")
    page.wait_for_selector("text=Diễn biến")
    assert "Thụ lý" in page.inner_text("table.timeline")
    screenshot("e2e-case")
    response = page.goto(f"{live_server.url}/cases/{theirs.pk}/")
    assert response.status == 404


def test_wrong_password_is_explained(page, live_server, data):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "thuky1")
    page.fill("#id_password", "sai-mat-khau")
    page.click("button[type=submit].primary")
    page.wait_for_selector(".errors")
    assert "Tên đăng nhập và mật khẩu chính xác" in page.inner_text(".errors")
    assert page.input_value("#id_username") == "thuky1"  # what the user typed is kept
