"""A clerk records a payment and a completion in Chromium, and the dashboard moves by exactly that."""

from datetime import timedelta

import pytest

from cases.models import EventKind, User
from casework import services
from reports.calendar import statistical_year
from tests import factories
from thads.today import local_today

from .test_login import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def figure(page, unit, key):
    return int(page.get_attribute(f'a.kpi[data-unit="{unit}"][data-figure="{key}"] .value', "data-value"))


def test_payment_and_completion_move_the_dashboard(page, live_server, tree, make_user, screenshot):
    today = local_today()
    case = factories.case(tree.unit1, decision_date=today - timedelta(days=20), amount=300_000_000,
                          debtor_name="Hoàng Văn Trả", today=today)
    services.event_record(case=case, kind=EventKind.CLASSIFY, effective_date=today - timedelta(days=10),
                          condition="able", today=today)
    make_user(tree.unit1, User.Role.CLERK, username="thuky1")
    # The period that contains today: the dashboard of the month in progress.
    dashboard = f"{live_server.url}/?year={statistical_year(today)}&months={(today.month - 10) % 12 + 1}"
    log_in(page, live_server, "thuky1")
    page.wait_for_selector("h1")
    page.goto(dashboard)
    before = {(u, k): figure(page, u, k) for u in ("cases", "money") for k in ("completed", "with_conditions")}

    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("text=Ghi nhận thu tiền")
    page.wait_for_selector("#event-form")
    page.fill("#id_amount", "300.000.000")
    page.fill("#id_document_number", "BL-2026-001")
    screenshot("e2e-entry-payment")
    page.click("#event-form button.primary")
    page.wait_for_selector(".messages")
    assert "Đã ghi nhận" in page.inner_text(".messages")
    page.click("text=Ghi nhận diễn biến")
    page.wait_for_selector("#event-form")
    page.select_option("#id_kind", "complete")
    assert not page.is_visible("#id_amount")  # only the fields the event uses
    page.click("#event-form button.primary")
    page.wait_for_selector(".messages")
    screenshot("e2e-entry-case-after")
    assert "Thi hành xong" in page.inner_text("h1")

    page.goto(dashboard)
    after = {(u, k): figure(page, u, k) for u in ("cases", "money") for k in ("completed", "with_conditions")}
    assert after[("cases", "completed")] - before[("cases", "completed")] == 1
    assert after[("money", "completed")] - before[("money", "completed")] == 300_000_000
    assert after[("cases", "with_conditions")] == before[("cases", "with_conditions")]
    assert "Số liệu tính đến" in page.inner_text(".stamp")
