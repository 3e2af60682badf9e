from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from thads import formatting


@pytest.mark.parametrize(
    "language, integer, money, percent",
    [
        ("vi", "1.234.567", "75.683.482.000\xa0đ", "83,88\xa0%"),
        ("en", "1,234,567", "75,683,482,000\xa0đ", "83.88\xa0%"),
    ],
)
def test_numbers_follow_the_language(language, integer, money, percent):
    with translation.override(language):
        assert formatting.integer(1234567) == integer
        assert formatting.money(75_683_482_000) == money
        assert formatting.percent(620657 / 739974 * 100) == percent


def test_rounding_matches_the_official_reports():
    with translation.override("vi"):
        assert formatting.percent(620657 / 739974 * 100) == "83,88\xa0%"
        assert formatting.percent(116531 / 224775 * 100) == "51,84\xa0%"
        assert formatting.percent(12.345) == "12,35\xa0%"  # half-up, not banker's rounding
        assert formatting.integer(0) == "0"


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_thousands_round_half_up_as_decimal_does(value):
    """Nghìn đồng by integer division: the same as Decimal's half-up rounding (a half away from zero)."""
    with translation.override("vi"):
        expected = formatting.integer((Decimal(value) / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        assert formatting.thousands(value) == expected
        assert formatting.thousands(value, ".") == expected


@given(st.decimals(min_value=-10**13, max_value=10**13, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(["vi", "en"]))
def test_decimals_are_written_as_number_format_writes_them(value, language):
    from django.utils.formats import number_format

    with translation.override(language):
        assert formatting.decimal(value, 2) == number_format(value, 2, force_grouping=True)


def test_templates_group_thousands_and_write_dates_day_first():
    import datetime

    with translation.override("vi"):
        context = Context({"n": 1021783, "d": datetime.date(2024, 9, 30)})
        html = Template("{{ n }} {{ d|date:'SHORT_DATE_FORMAT' }}").render(context)
    assert html == "1.021.783 30/09/2024"


def test_changes_carry_a_plus_or_a_true_minus_and_points_their_unit(vietnamese):
    assert formatting.signed(-12) == "\u221212" and formatting.signed(57) == "+57" and formatting.signed(0) == "0"
    assert formatting.signed_points(Decimal("-0.29")) == "\u22120,29"
    assert formatting.signed_points_unit(Decimal("-0.29")) == "\u22120,29 điểm %"
    assert formatting.signed_points_unit(Decimal("1.5")) == "+1,50 điểm %"
    assert "-" not in formatting.signed_billions(-10_280_000_000)


def test_a_moment_is_written_time_then_day(vietnamese):
    from datetime import datetime

    from django.utils import timezone

    moment = timezone.make_aware(datetime(2026, 12, 6, 15, 25))
    assert formatting.moment(moment) == "15:25 ngày 06/12/2026"
    rendered = Template("{% load vn %}{{ when|moment }}").render(Context({"when": moment}))
    assert rendered == "15:25 ngày 06/12/2026"
