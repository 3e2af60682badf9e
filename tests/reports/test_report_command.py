import csv
import io
import json
from datetime import date as D

import pytest
from django.core.management import CommandError, call_command

from cases.models import Condition, EventKind, User
from casework import services
from reports.targets import target_set
from tests import factories

TODAY = D(2026, 11, 22)
M = 1_000_000


@pytest.fixture
def data(tree, make_user):
    officer = factories.OfficerFactory(agency=tree.unit1, full_name="Hà Văn Chấp")
    for year, paid in ((2023, True), (2024, True), (2024, False)):
        case = factories.case(tree.unit1, decision_date=D(year - 1, 11, 1), amount=20 * M, officer=officer)
        services.event_record(case=case, kind=EventKind.CLASSIFY, effective_date=D(year - 1, 11, 5),
                              condition=Condition.ABLE, today=TODAY)
        if paid:
            services.event_record(case=case, kind=EventKind.PAYMENT, effective_date=D(year - 1, 12, 1),
                                  amount=20 * M, today=TODAY)
            services.event_record(case=case, kind=EventKind.COMPLETE, effective_date=D(year - 1, 12, 2), today=TODAY)
    target_set(agency=tree.province, year=2024, cases_rate="45.50", money_rate="40.00",
               user=make_user(tree.province, User.Role.LEADERSHIP))
    return tree


def run(*args):
    out = io.StringIO()
    call_command("thads_report", *args, stdout=out)
    return out.getvalue()


def test_json_has_every_key_target_previous_and_change(data):
    report = json.loads(run("--agency", "P1", "--year", "2024", "--months", "6", "--format", "json"))
    assert set(report["cases"]) >= {"carried_over", "new", "total_accepted", "entrusted_out", "revoked", "to_enforce",
                                    "completed", "completed_actual", "terminated", "in_progress", "postponed",
                                    "suspended", "without_conditions", "with_conditions", "rate", "carried_forward",
                                    "carried_forward_with_conditions"}
    assert "reduced" in report["money"] and "reduced" not in report["cases"]
    assert (report["cases"]["to_enforce"], report["cases"]["completed"], report["cases"]["rate"]) == (2, 1, 50.0)
    assert report["target"]["cases"] == 45.5 and report["target"]["cases_delta"] == 4.5
    assert report["target"]["cases_progress"] == 109.89  # 50 ÷ 45,5 of the yearly target, half-way through
    assert report["previous"]["cases"]["to_enforce"] == 1 and report["previous"]["cases"]["rate"] == 100.0
    assert report["change"]["cases"]["to_enforce"] == 1 and report["change"]["cases"]["rate"] == -50.0


def test_csv_rows_by_child_and_by_officer(data):
    rows = list(csv.DictReader(io.StringIO(run("--agency", "P1", "--year", "2024", "--months", "12", "--format",
                                               "csv", "--by", "child"))))
    assert [(r["scope"], r["code"]) for r in rows] == [("total", "P1"), ("row", "P1-L1"), ("row", "P1-L2")]
    assert rows[0]["cases.to_enforce"] == "2" and rows[0]["money.completed"] == str(20 * M)
    assert rows[0]["target.cases"] == "45.5" and rows[1]["cases.to_enforce"] == "2" and rows[2]["cases.to_enforce"] == "0"
    officers = list(csv.DictReader(io.StringIO(run("--agency", "P1-L1", "--year", "2024", "--months", "12",
                                                   "--format", "csv", "--by", "officer"))))
    assert [r["name"] for r in officers] == ["Cơ quan P1-L1", "Hà Văn Chấp"]


def test_table_is_in_vietnamese(data):
    text = run("--agency", "P1", "--year", "2024", "--months", "6")
    assert "6 tháng năm 2024 (01/10/2023 – 31/3/2024)" in text
    assert "Tỷ lệ thi hành xong (%)" in text and "50,00\xa0%" in text
    assert "Chỉ tiêu: 45,50\xa0% về việc" in text


def test_unknown_agency(db):
    with pytest.raises(CommandError):
        run("--agency", "NOPE", "--year", "2024", "--months", "6")


@pytest.mark.parametrize("year", ["0", "-1", "99999", "1999"])
def test_a_year_outside_the_forms_bounds_is_refused_with_a_message(tree, year):
    with pytest.raises(CommandError, match="2000"):
        call_command("thads_report", "--agency", tree.province.code, "--year", year, "--months", "12",
                     stdout=io.StringIO())
