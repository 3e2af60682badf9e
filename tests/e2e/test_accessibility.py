"""Accessibility in Chromium. Every browser test is already checked by axe-core on every page it
opens (conftest.py); these check the checker itself, the skip link, the keyboard on the filters,
the pickers and the ranking's sort, and the tables that say what each chart draws."""

import json

import pytest

from cases.models import User
from tests import factories

from .conftest import AXE, audited
from .test_login import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PERIOD = "year=2026&months=12"


@pytest.fixture
def province(tree, make_user):
    officer = factories.OfficerFactory(agency=tree.unit1, full_name="Chấp hành viên Một")
    factories.outcomes_history(tree, officer=officer)
    make_user(tree.province, User.Role.LEADERSHIP, username="lanhdao1")


def test_axe_reports_a_violation_with_its_rule_place_and_page(browser, live_server):
    assert AXE.exists(), "static/vendor/axe-core-*/axe.min.js is the vendored copy the tests inject"
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    try:
        page, accessibility = audited(context.new_page())
        page.goto(f"{live_server.url}/login/")
        page.wait_for_selector("#id_username")  # the login page is audited (clean) before this call
        assert accessibility.pages == [f"{live_server.url}/login/"] and accessibility.violations == []
        page.evaluate("""() => {
            const input = document.createElement("input");
            input.id = "unnamed";
            document.querySelector("main").append(input);
        }""")
        accessibility.check(final=True)
        assert [(url, rule, target) for url, rule, _impact, target, _help in accessibility.violations] == [
            (f"{live_server.url}/login/", "label", "#unnamed")]
    finally:
        context.close()


def focused(page):
    return page.evaluate("""() => { const e = document.activeElement;
        return e.id || e.dataset.tab || (e.className && String(e.className)) || e.tagName.toLowerCase(); }""")


def tab_to(page, predicate, limit=120):
    """Presses Tab until the focused element satisfies `predicate` (JS, given the element); returns
    what was focused on the way."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        passed.append(focused(page))
        if page.evaluate(f"() => ({predicate})(document.activeElement)"):
            return passed
    raise AssertionError(f"never reached by Tab: {predicate}; passed {passed}")


def test_skip_link_pickers_and_ranking_by_keyboard(page, live_server, tree, province, screenshot):
    log_in(page, live_server, "lanhdao1")
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/?{PERIOD}")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-series') !== undefined")
    # The first Tab shows the skip link; Enter takes the focus past the header to the content.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert focused(page) == "skip-link" and skip.get_attribute("href") == "#main"
    # The project's catalogue says "Bỏ qua…"; until it carries the entry, Django's own gives "Chuyển…".
    assert skip.inner_text() in ("Bỏ qua đến nội dung chính", "Chuyển đến nội dung chính")
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 10  # on screen while focused
    screenshot("e2e-skip-link")
    page.keyboard.press("Enter")
    assert focused(page) == "main"
    # From the content, Tab reaches the period picker in order; the keyboard changes the month and shows it.
    passed = tab_to(page, "e => e.id === 'id_months'")
    assert "id_year" in passed
    page.keyboard.press("ArrowDown")  # a closed <select> moves to the next month
    months = page.eval_on_selector("#id_months", "s => s.value")
    tab_to(page, "e => e.matches('form.picker button[type=submit]')", limit=5)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**months={months}**")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-series') !== undefined")

    # The charts' tables open with the keyboard.
    tab_to(page, "e => e.matches('#table-series > summary')")
    page.keyboard.press("Enter")
    assert page.locator("#table-series").get_attribute("open") is not None
    # The ranking: its tabs and its sort buttons are reached by Tab and work with Space and Enter.
    tab_to(page, "e => e.matches('.tabs button[data-tab=money]')")
    page.keyboard.press("Space")
    assert page.locator('.ranking-table[data-panel="money"]').is_visible()
    tab_to(page, "e => e.matches('.ranking-table[data-panel=money] th.key-rate button.sort')")
    page.keyboard.press("Enter")
    rate_heading = page.locator('.ranking-table[data-panel="money"] th.key-rate')
    assert rate_heading.get_attribute("aria-sort") == "descending"
    page.keyboard.press("Space")
    assert rate_heading.get_attribute("aria-sort") == "ascending"


def test_case_filters_by_keyboard(page, live_server, tree, province):
    log_in(page, live_server, "lanhdao1")
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/cases/")
    page.wait_for_selector("#case-filters")
    page.focus("main")
    tab_to(page, "e => e.id === 'id_q'")
    page.keyboard.type("Người Mới")
    tab_to(page, "e => e.matches('.more-filters > summary')")
    page.keyboard.press("Space")
    assert page.locator(".more-filters").get_attribute("open") is not None
    tab_to(page, "e => e.matches('#case-filters button[type=submit]')")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=**")
    assert page.inner_text("#case-count").startswith("3 việc")


FORMAT = """(values) => values.map(v => v === null || v === undefined ? "—"
    : v.toFixed(2).replace(".", ",") + "\\u00a0%")"""


def test_each_chart_has_a_table_of_its_numbers(page, live_server, tree, province):
    log_in(page, live_server, "lanhdao1")
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/?{PERIOD}")
    data = json.loads(page.inner_text("#dashboard-data"))
    for canvas in page.locator("canvas").all():
        assert canvas.get_attribute("role") == "img" and canvas.get_attribute("aria-label")
    # Rate by unit: a row a bar, named as the bar, with the rates the bars draw.
    rows = page.locator("#table-units tbody tr")
    assert rows.locator("th").all_text_contents() == [unit["label"] for unit in data["units"]]
    rates = page.evaluate(FORMAT, [unit["cases"]["rate"] for unit in data["units"]])
    assert rows.locator("td:nth-of-type(1)").all_text_contents() == rates
    # Month by month: this year's and last year's rates, by cases and by money.
    months = page.locator("#table-series tbody tr")
    assert months.locator("th").all_text_contents() == data["months"]
    shown = data["series"]["cases"]["current"] + [None] * (len(data["months"]) - len(data["series"]["cases"]["current"]))
    assert months.locator("td:nth-of-type(1)").all_text_contents() == page.evaluate(FORMAT, shown)
    assert months.locator("td:nth-of-type(4)").all_text_contents() == page.evaluate(FORMAT, data["series"]["money"]["previous"])
    # What is to be enforced: each part with its count, linked to its cases like the slice.
    parts = page.locator("#table-composition tbody tr")
    assert parts.locator("th").all_text_contents() == [part["label"] for part in data["composition"]["cases"]]
    assert parts.locator("th a").evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
        part["url"] for part in data["composition"]["cases"]]
