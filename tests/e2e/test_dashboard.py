"""Every role opens the dashboard in Chromium: the numbers are the engine's, a bar drills down to a
unit, a card opens its cases, and the case list filters. Screenshots go to artifacts/."""

import re

import pytest

from cases.models import User
from reports.calendar import Period
from reports.engine import compute
from reports.targets import target_set
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
    total = table.locator("tbody.total").inner_text()
    rates = table.locator("tbody.rows td.key-rate").evaluate_all("cells => cells.map(c => c.dataset.value)")
    numbers = [float(r) for r in rates if r]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) >= 2
    assert table.locator("th.key-rate").get_attribute("aria-sort") == "descending"
    # From the keyboard too: the sort is a button; again, lowest first. The total row stays above the rows.
    table.locator("th.key-rate button").focus()
    page.keyboard.press("Enter")
    rates = table.locator("tbody.rows td.key-rate").evaluate_all("cells => cells.map(c => c.dataset.value)")
    assert [float(r) for r in rates if r] == sorted(numbers)
    assert table.locator("th.key-rate").get_attribute("aria-sort") == "ascending"
    assert table.locator("tbody.total").inner_text() == total
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


BAR_CENTRE = """(args) => {
    const chart = Chart.getChart(args[0]);
    const bar = chart.getDatasetMeta(0).data[args[1]];
    chart.canvas.scrollIntoView();
    const box = chart.canvas.getBoundingClientRect();
    const across = chart.options.indexAxis === "y";
    return {x: box.left + (across ? (bar.x + bar.base) / 2 : bar.x), y: box.top + (across ? bar.y : (bar.y + bar.base) / 2)};
}"""
DATASETS = """(id) => Chart.getChart(id).data.datasets.map(d => ({label: d.label, data: d.data, colors: d.backgroundColor}))"""
TOOLTIP = """(id) => {
    const t = Chart.getChart(id).tooltip;
    return t.title.concat(...t.body.map(b => b.lines), ...t.body.map(b => b.after));
}"""


def test_charts_show_who_is_below_target_and_keep_the_period(page, live_server, tree, people, screenshot):
    setter = factories.UserFactory(agency=tree.central, role=User.Role.LEADERSHIP)
    target_set(agency=tree.unit1, year=2026, cases_rate="40", money_rate="20", user=setter)
    target_set(agency=tree.unit2, year=2026, cases_rate="30", money_rate="90", user=setter)
    log_in(page, live_server, "lanhdao")
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/?{PERIOD}")
    wait_for_charts(page)
    labels = page.evaluate("() => Chart.getChart('chart-units').data.labels")
    first, second = labels.index(tree.unit1.short_name), labels.index(tree.unit2.short_name)
    # The bars by cases, each coloured against its target; the targets a dataset of their own, named in words.
    bars, targets = page.evaluate(DATASETS, "chart-units")
    assert bars["label"] == "Tỷ lệ về việc" and targets["label"] == "Chỉ tiêu về việc"
    assert targets["data"][first] == 40 and targets["data"][second] == 30
    assert bars["data"][first] == 50 and bars["data"][second] == 25
    assert bars["colors"][first] != bars["colors"][second]  # unit 1 above its target, unit 2 below
    assert page.evaluate(DATASETS, "chart-units-money")[1]["data"][second] == 90
    assert tree.unit2.short_name in page.inner_text('.below-target[data-unit="cases"]')
    assert tree.unit1.short_name not in page.inner_text('.below-target[data-unit="cases"]')
    # Hovering a bar tells its rate, its target and the gap in points.
    point = page.evaluate(BAR_CENTRE, ["chart-units", second])
    page.mouse.move(point["x"], point["y"])
    page.wait_for_function("() => Chart.getChart('chart-units').tooltip.opacity > 0")
    tooltip = page.evaluate(TOOLTIP, "chart-units")
    assert tooltip[0] == tree.unit2.short_name
    assert "Tỷ lệ về việc: 25,00 %" in tooltip and "Chỉ tiêu về việc: 30,00 %" in tooltip
    assert any(line.endswith("\u22125,00 điểm %") for line in tooltip), tooltip
    screenshot("e2e-dashboard-below-target")
    point = page.evaluate(BAR_CENTRE, ["chart-units", first])
    page.mouse.move(point["x"], point["y"])
    page.wait_for_function(f"() => Chart.getChart('chart-units').tooltip.title[0] === {tree.unit1.short_name!r}")
    assert any(line.endswith("+10,00 điểm %") for line in page.evaluate(TOOLTIP, "chart-units"))
    # The ranking opens with the agency's total, then the rate, the gap and the change; its first column stays put.
    table = page.locator('.ranking-table[data-panel="cases"] table')
    assert table.locator("tbody.total th").inner_text() == "Tổng cộng"
    assert table.locator("thead th").nth(1).get_attribute("class") == "num key-rate"
    assert table.locator("thead th").nth(2).get_attribute("class") == "num key-gap"
    assert table.locator("tbody.rows td").first.evaluate("c => getComputedStyle(c).position") == "sticky"
    # Clicking a unit's bar opens its dashboard for the same period, with the way back.
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(re.compile(rf"agency={tree.unit1.pk}&year=2026&months=12"))
    wait_for_charts(page)
    assert page.inner_text("h1") == tree.unit1.name and "12 tháng năm 2026" in page.inner_text(".period-name")
    back = page.locator("#dashboard-back")
    assert back.get_attribute("href") == f"?agency={tree.province.pk}&year=2026&months=12"
    assert "Tổng cộng" in page.inner_text('.ranking-table[data-panel="cases"] tbody.total')
    # There an officer's bar, held to the unit's target, opens the cases behind their rate for the period.
    bars, targets = page.evaluate(DATASETS, "chart-units")
    assert targets["data"] == [40] and bars["data"] == [50]
    point = page.evaluate(BAR_CENTRE, ["chart-units", 0])
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(re.compile(r"/cases/.*figure=with_conditions"))
    for part in ("year=2026", "months=12", f"agency={tree.unit1.pk}", "officer="):
        assert part in page.url, part
    page.wait_for_selector("#case-count")
    assert page.inner_text("#case-count").startswith("4 việc")
    assert "12 tháng năm 2026" in page.inner_text(".figure-banner")
    screenshot("e2e-officer-cases-behind-rate")
    # And back to the unit's dashboard for the same period.
    page.click("#dashboard-back")
    page.wait_for_url(re.compile(rf"agency={tree.unit1.pk}&year=2026&months=12"))
    wait_for_charts(page)
    assert page.inner_text("h1") == tree.unit1.name


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
