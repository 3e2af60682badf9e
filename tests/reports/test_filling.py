"""Reads don't write: a page never fills a statistical year's summary rows. Writes fill the years
they touch before saving, and a command and a scheduled task fill the rest; a year that is not
filled reads as "not ready" with a message, never as wrong figures."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from cases.models import User
from reports import summaries, tasks
from reports.calendar import statistical_year
from reports.models import FigureByAgency, FigureByKind, FigureCount, FigureFill
from tests import factories
from thads.today import local_today

NOT_READY = "đang được tổng hợp"


def summary_rows():
    return (FigureFill.objects.count(), FigureCount.objects.count(), FigureByKind.objects.count(),
            FigureByAgency.objects.count())


def forget(year):
    """The year as a restored database or a new 1 October leaves it: cases, but no summary rows."""
    for model in (FigureCount, FigureByKind, FigureByAgency, FigureFill):
        model.objects.filter(year=year).delete()


@pytest.fixture
def leader(tree, make_user):
    factories.case(tree.unit1, accepted_on=date(2025, 11, 3))
    return make_user(tree.province, User.Role.LEADERSHIP)


def test_a_write_fills_the_years_it_touches_before_saving(tree):
    assert not FigureFill.objects.exists()
    factories.case(tree.unit1, accepted_on=date(2024, 11, 3))
    current = statistical_year(local_today())
    assert set(FigureFill.objects.values_list("year", flat=True)) == set(range(2024, current + 1))
    # The case counts once in each year it was filled before (not twice: filled, then its delta).
    for year in range(2025, current + 1):
        row = FigureByAgency.objects.filter(year=year, months=12, agency=tree.unit1).get()
        assert row.cases_carried_over + row.cases_new == 1


def test_a_page_never_fills_a_year(client, tree, leader, vietnamese):
    forget(2026)
    before = summary_rows()
    client.force_login(leader)
    for name in ("home", "figures"):
        response = client.get(reverse(name), {"agency": tree.province.pk, "year": 2026, "months": 12})
        assert response.status_code == 200
        page = response.content.decode()
        assert NOT_READY in page and "2026" in page
    assert summary_rows() == before


def test_the_command_and_the_task_fill_what_pages_do_not(client, tree, leader, vietnamese):
    forget(2026)
    call_command("fill_figures")
    assert FigureFill.objects.filter(year=2026).exists()
    client.force_login(leader)
    response = client.get(reverse("figures"), {"agency": tree.province.pk, "year": 2026, "months": 12})
    assert NOT_READY not in response.content.decode() and response.context["report"]["cases"]["new"] == 1

    forget(2026)
    assert 2026 in tasks.fill_figures()
    assert FigureByAgency.objects.filter(year=2026, months=12, agency=tree.unit1).get().cases_new == 1


def test_years_before_the_first_case_read_as_zero_without_filling(client, tree, leader):
    client.force_login(leader)
    response = client.get(reverse("figures"), {"agency": tree.province.pk, "year": 2020, "months": 12})
    assert response.context["report"]["cases"]["new"] == 0
    assert not FigureFill.objects.filter(year=2020).exists()
    assert summaries.missing_years({2020, 2021}) == []


@pytest.mark.django_db(transaction=True)
def test_a_write_waits_for_a_fill_running_in_another_connection(tree):
    """A fill holds the fills' lock alone and a write's deltas hold it shared: a write cannot read
    the filled years while a fill that read the register before it is still running."""
    import threading

    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time")
    import time

    order, holding = [], threading.Event()

    def fill():
        try:
            with transaction.atomic():
                summaries._lock_fills(shared=False)
                holding.set()
                time.sleep(0.5)  # the write below asks for the filled years meanwhile
                order.append("fill committed")
        finally:
            connection.close()

    filler = threading.Thread(target=fill)
    filler.start()
    assert holding.wait(10)
    with transaction.atomic():
        summaries.Deltas()
        order.append("write read the filled years")
    filler.join()
    assert order == ["fill committed", "write read the filled years"]
