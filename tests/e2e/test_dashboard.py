"""Every role opens the dashboard in Chromium: the numbers are the engine's, a bar drills down to a
unit, a card opens its cases, and the case list filters. Screenshots go to artifacts/."""

import re

import pytest

from cases.models import User
from reports.calendar import Period
from reports.engine import compute
from tests import factories
from thads.formatting import integer

from .test_login import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROLES = {
    "leadership": ("lanhdao", User.Role.LEADERSHIP, "province"),
    "official": ("chuyenvien", User.Role.OFFICIAL, "province"),
    "administrator": ("quantri", User.Role.ADMINISTRATOR, "province"),
    "clerk": ("thuky", User.Role.CLERK, "unit1"),
    "officer": ("chv", User.Role.OFFICER, "unit1"),
}
PERIOD = "year=2026&months=12"


@pytest.fixture
def people(tree, make_user):
    officer_user = None
    users = {}
    for role, (username, role_value, where) in ROLES.items():
        users[role] = make_user(getattr(tree, where), role_value, username=username)
        if role == "officer":
            officer_user = users[role]
    officer = factories.OfficerFactory(agency=tree.unit1, user=officer_user, full_name="Chấp hành viên Một")
    factories.outcomes_history(tree, officer=officer)
    return users


def kpi_text(page, unit, key):
    return page.inner_text(f'a.kpi[data-unit="{unit}"][data-figure="{key}"] .value')


def wait_for_charts(page):
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-series') !== undefined")


@pytest.mark.parametrize("role", sorted(ROLES))
def test_each_role_sees_the_engines_numbers(page, live_server, tree, people, screenshot, role):
    username, _role, where = ROLES[role]
    agency = getattr(tree, where)
    log_in(page, live_server, username)
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/?{PERIOD}")
    wait_for_charts(page)
    assert page.inner_text("h1") == agency.name
    report = compute(agency, Period(2026, 12))
    for key in ("to_enforce", "with_conditions", "completed", "carried_forward"):
        assert kpi_text(page, "cases", key) == integer(report["cases"][key]), key
    rate = kpi_text(page, "cases", "rate")
    assert rate == f"{report['cases']['rate']:.2f}".replace(".", ",") + "\xa0%"
    assert "Số liệu tính đến" in page.inner_text(".stamp")
    assert "P2" not in page.inner_text("main")  # nothing of the other province
    screenshot(f"e2e-dashboard-{role}")


def test_bar_drills_down_and_card_opens_its_cases(page, live_server, tree, people, screenshot):
    log_in(page, live_server, "lanhdao")
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/?{PERIOD}")
    wait_for_charts(page)
    # The ranking sorts by rate when its heading is clicked, highest first, and switches to money.
    table = page.locator('.ranking-table[data-panel="cases"] table')
    table.locator("th.key-rate button").click()
    rates = table.locator("tbody td.key-rate").evaluate_all("cells => cells.map(c => c.dataset.value)")
    numbers = [float(r) for r in rates if r]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) >= 2
    page.click('.tabs button[data-tab="money"]')
    assert page.locator('.ranking-table[data-panel="money"]').is_visible()
    assert not page.locator('.ranking-table[data-panel="cases"]').is_visible()
    # Click the first unit's bar for the rate by cases.
    point = page.evaluate("""() => {
        const chart = Chart.getChart('chart-units');
        const bar = chart.getDatasetMeta(0).data[0];
        chart.canvas.scrollIntoView();
        const box = chart.canvas.getBoundingClientRect();
        return {x: box.left + bar.x, y: box.top + (bar.y + bar.base) / 2, label: chart.data.labels[0]};
    }""")
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(re.compile(rf"agency={tree.unit1.pk}"))
    wait_for_charts(page)
    assert page.inner_text("h1") == tree.unit1.name
    screenshot("e2e-dashboard-unit")
    # The "completed" card opens exactly the cases it counts.
    completed = kpi_text(page, "cases", "completed")
    page.click('a.kpi[data-unit="cases"][data-figure="completed"]')
    page.wait_for_selector("#case-count")
    assert page.inner_text("#case-count").startswith(completed + " việc")
    assert "Thi hành xong" in page.inner_text(".figure-banner")
    screenshot("e2e-cases-behind-figure")


def test_case_list_filters_and_focus_list(page, live_server, tree, people, screenshot):
    log_in(page, live_server, "chuyenvien")
    page.wait_for_selector("h1")
    page.click("text=Việc thi hành án")
    page.wait_for_selector("#case-count")
    page.fill("#id_q", "nguoi moi")  # no accents: still finds "Người Mới"
    page.click("#case-filters button.primary")
    page.wait_for_selector("#case-count")
    rows = page.inner_text("table.data tbody")
    assert page.inner_text("#case-count").startswith("3 việc") and "Người Mới 0" in rows
    page.select_option("#id_agency", str(tree.unit2.pk))
    page.click("#case-filters button.primary")
    page.wait_for_selector("#case-count")
    assert page.inner_text("#case-count").startswith("1 việc") and "Người Mới 1" in page.inner_text("table.data tbody")
    screenshot("e2e-case-list-filtered")
    page.click("summary")  # the amount is among the folded filters
    page.fill("#id_amount_min", "năm trăm")
    page.click("#case-filters button.primary")
    page.wait_for_selector(".field.invalid")
    assert "Ghi số tiền là số đồng nguyên" in page.inner_text("#case-filters")
    assert page.input_value("#id_amount_min") == "năm trăm"
    # A focus list on the dashboard opens the same number of cases.
    page.goto(f"{live_server.url}/")
    link = page.locator('a[data-focus="backlog"]')
    count = link.locator(".count").inner_text()
    link.click()
    page.wait_for_selector("#case-count")
    assert page.inner_text("#case-count").startswith(count + " việc")
