"""The narrative paragraph: domain primer §8's sentence, and every comparison worded by its sign."""

from datetime import date, datetime

import pytest

from cases.models import Agency
from reports import narrative
from reports.calendar import Period
from reports.period_report import PeriodReport


def plain(text):
    return text.replace("\u00a0", " ")


def report_with(*, cases, money, target, change, months=12, level=Agency.Level.PROVINCIAL):
    agency = Agency(code="P", name="Thi hành án dân sự tỉnh Tuyên Quang", short_name="Tuyên Quang", level=level)
    figures = {"cases": cases, "money": money, "target": target, "change": change}
    return PeriodReport(agency=agency, period=Period(2024, months), by="child", figures=figures, rows=[],
                        rows_live=False, series=[], focus=[], built_at=datetime(2024, 10, 5), today=date(2024, 10, 5))


def test_the_primers_sentence(vietnamese):
    report = report_with(
        cases={"completed": 3214, "rate": 82.15}, money={"completed": 98_400_000_000, "rate": 41.20},
        target={"cases_delta": 1.15, "money_delta": -5.25, "cases_progress": None, "money_progress": None},
        change={"cases": {"completed": 57, "rate": 0.4}, "money": {"completed": -12_300_000_000, "rate": -1.0}})
    assert plain(narrative.headline(report)) == (
        "Năm 2024, toàn tỉnh thi hành xong 3.214 việc, đạt tỷ lệ 82,15 % (vượt 1,15 điểm % so với chỉ tiêu, tăng 57 việc "
        "so với cùng kỳ); về tiền thi hành xong 98,40 tỷ đồng, đạt 41,20 % (thấp hơn 5,25 điểm % so với chỉ tiêu, giảm "
        "12,30 tỷ đồng so với cùng kỳ).")
    assert plain(narrative.rates_against_last_year(report)) == (
        "So với cùng kỳ năm 2023, tỷ lệ về việc tăng 0,40 điểm %, tỷ lệ về tiền giảm 1,00 điểm %.")


@pytest.mark.parametrize(("delta", "progress", "words"), [
    (0.35, None, "vượt 0,35 điểm % so với chỉ tiêu"),
    (-2.5, None, "thấp hơn 2,50 điểm % so với chỉ tiêu"),
    (0, None, "đạt đúng chỉ tiêu"),
    (-40.1, 51.7, "thấp hơn 40,10 điểm % so với chỉ tiêu, bằng 51,70 % chỉ tiêu năm"),
    (None, None, None),
])
def test_against_the_target(vietnamese, delta, progress, words):
    text = narrative.target_clause(delta, progress)
    assert (plain(text) if text else text) == words


@pytest.mark.parametrize(("change", "cases_words", "money_words"), [
    (57, "tăng 57 việc so với cùng kỳ", "tăng 0,00 tỷ đồng so với cùng kỳ"),
    (-1234, "giảm 1.234 việc so với cùng kỳ", "giảm 0,00 tỷ đồng so với cùng kỳ"),
    (0, "bằng cùng kỳ", "bằng cùng kỳ"),
])
def test_against_last_year(vietnamese, change, cases_words, money_words):
    assert plain(narrative.cases_change_clause(change)) == cases_words
    assert plain(narrative.money_change_clause(change)) == money_words


def test_nothing_able_and_no_target(vietnamese):
    report = report_with(
        cases={"completed": 0, "rate": None}, money={"completed": 0, "rate": None}, target=None,
        change={"cases": {"completed": 0, "rate": None}, "money": {"completed": 0, "rate": None}},
        months=3, level=Agency.Level.CENTRAL)
    assert plain(narrative.headline(report)) == (
        "3 tháng năm 2024, toàn quốc thi hành xong 0 việc, không có việc có điều kiện thi hành (bằng cùng kỳ); về tiền "
        "thi hành xong 0,00 tỷ đồng, không có khoản có điều kiện thi hành (bằng cùng kỳ).")
    assert "chưa so sánh được" in narrative.rates_against_last_year(report)


def test_english_reads_too():
    from django.utils import translation

    with translation.override("en"):
        assert narrative.target_clause(1.15) == "1.15 percentage points above the target"
        assert narrative.cases_change_clause(-3) == "3 cases fewer than the same period last year"
