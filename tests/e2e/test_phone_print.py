"""Phones and paper: at 390 px wide no page is wider than the screen (tables scroll inside their
cards, the header stays short); printed, the dashboard, the figures and a case keep their numbers
and lose the navigation, the forms and the buttons, on A4 portrait (PDFs under artifacts/)."""

import re

import pytest
from django.db.models import Count

from cases.models import Case, User
from tests import factories

from .conftest import ARTIFACTS
from .test_login import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PERIOD = "year=2026&months=12"


@pytest.fixture
def province(tree, make_user):
    officer = factories.OfficerFactory(agency=tree.unit1, full_name="Chấp hành viên Một")
    factories.outcomes_history(tree, officer=officer)
    factories.followed_judgment(tree.unit1)
    make_user(tree.province, User.Role.LEADERSHIP, username="lanhdao1")
    make_user(tree.unit1, User.Role.CLERK, username="thuky1")
    make_user(tree.central, User.Role.OFFICIAL, username="trunguong1")
    return Case.objects.annotate(events_count=Count("events")).order_by("-events_count", "pk").first()


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    log_in(page, live_server, username)
    page.wait_for_selector("h1")


def test_every_page_fits_a_phone(page, live_server, tree, province, screenshot):
    page.set_viewport_size(PHONE)
    pages = {
        "lanhdao1": [f"/?{PERIOD}", "/cases/", f"/cases/{province.pk}/", f"/figures/?{PERIOD}", "/thahc/", "/committee/"],
        "thuky1": [f"/?{PERIOD}", "/cases/new/", "/cases/import/"],
        "trunguong1": [f"/?{PERIOD}"],
    }
    too_wide = {}
    for username, paths in pages.items():
        sign_in(page, live_server, username)
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide[f"{username} {path}"] = width
    assert too_wide == {}
    # The header: the name, the account and a menu that scrolls sideways, in under a sixth of the screen.
    page.goto(f"{live_server.url}/cases/{province.pk}/")
    assert page.locator("header.topbar").bounding_box()["height"] <= 130
    menu = page.locator("nav.mainnav")
    assert menu.evaluate("n => getComputedStyle(n).overflowX") == "auto"
    # The timeline scrolls inside its card, and the keyboard can reach it to scroll it.
    timeline = page.locator("table.timeline")
    assert timeline.evaluate("t => t.scrollWidth > t.clientWidth && getComputedStyle(t).overflowX === 'auto'")
    assert timeline.get_attribute("tabindex") == "0"
    screenshot("e2e-phone-case")


HIDDEN_IN_PRINT = """(selectors) => selectors.filter(s => document.querySelector(s))
    .filter(s => [...document.querySelectorAll(s)].some(n => getComputedStyle(n).display !== "none"))"""


def print_to_pdf(page, name):
    """The page as the browser prints it; returns the PDF's bytes (also under artifacts/)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / f"e2e-print-{name}.pdf"), prefer_css_page_size=True)
    # A4 portrait: 210 × 297 mm, 595 × 842 points.
    width, height = map(float, re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf).groups())
    assert (round(width), round(height)) in {(595, 842), (596, 843)}, (width, height)
    return pdf


def test_print_keeps_the_numbers_and_drops_the_controls(page, live_server, tree, province):
    sign_in(page, live_server, "lanhdao1")
    page.goto(f"{live_server.url}/?{PERIOD}")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-series') !== undefined")
    page.emulate_media(media="print")
    controls = ["header.topbar", ".skip-link", "form.picker", ".tabs", "nav", "button:not(.sort)", ".chart-tables"]
    assert page.evaluate(HIDDEN_IN_PRINT, controls) == []
    # Both rankings print, each with its key columns only: the name, the rate, the gap to the target…
    for unit in ("cases", "money"):
        panel = page.locator(f'.ranking-table[data-panel="{unit}"]')
        shown = panel.locator("thead th").evaluate_all(
            "cells => cells.filter(c => getComputedStyle(c).display !== 'none').map(c => c.className)")
        assert shown[1:3] == ["num key-rate", "num key-gap"] and 4 <= len(shown) <= 5, shown
        assert panel.evaluate("p => getComputedStyle(p).display") != "none"
    # …the charts are still there, black text, no shadows.
    assert page.locator("#chart-series").evaluate("c => getComputedStyle(c).display") != "none"
    assert page.evaluate("() => getComputedStyle(document.querySelector('.kpi .value')).color") == "rgb(0, 0, 0)"
    assert page.evaluate("() => [...document.querySelectorAll('.card')].every(c => getComputedStyle(c).boxShadow === 'none')")
    print_to_pdf(page, "dashboard")

    for name, path in (("figures", f"/figures/?{PERIOD}"), ("case", f"/cases/{province.pk}/")):
        page.emulate_media(media="screen")
        page.goto(f"{live_server.url}{path}")
        page.emulate_media(media="print")
        assert page.evaluate(HIDDEN_IN_PRINT, ["header.topbar", "form", "button", ".entry-actions"]) == []
        assert page.locator("table.data").first.is_visible()
        print_to_pdf(page, name)
