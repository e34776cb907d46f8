"""Report periods: Chinese labels, parsing with Chinese errors, the same period last year, periods not yet over."""
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.reports.periods import Period, PeriodError, parse

D = datetime.date


@pytest.mark.parametrize("key, start, end, kind, label", [
    ("2025", D(2025, 1, 1), D(2025, 12, 31), "year", "2025年"),
    ("2025H1", D(2025, 1, 1), D(2025, 6, 30), "half", "2025年上半年"),
    ("2025H2", D(2025, 7, 1), D(2025, 12, 31), "half", "2025年下半年"),
    ("2025Q1", D(2025, 1, 1), D(2025, 3, 31), "quarter", "2025年第一季度"),
    ("2025Q3", D(2025, 7, 1), D(2025, 9, 30), "quarter", "2025年第三季度"),
    ("2025-03", D(2025, 3, 1), D(2025, 3, 31), "month", "2025年3月"),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "month", "2024年2月"),
    ("2025-03-01..2025-06-30", D(2025, 3, 1), D(2025, 6, 30), "range", "2025年3月1日至2025年6月30日"),
])
def test_parse_and_label(key, start, end, kind, label):
    period = parse(key)
    assert (period.start, period.end, period.kind, period.label, str(period)) == (start, end, kind, label, label)
    assert period.key == key
    assert parse(period.key) == period


def test_parse_accepts_common_variants():
    assert parse(" 2025年 ") == Period.year(2025)
    assert parse("2025h1") == Period.half(2025, 1)
    assert parse("2025-Q4") == Period.quarter(2025, 4)
    assert parse("2025-3") == Period.month(2025, 3)
    assert parse("2025-03-01至2025-06-30") == Period.range(D(2025, 3, 1), D(2025, 6, 30))


@pytest.mark.parametrize("text, message", [
    ("", "请填写统计期间"),
    ("去年", "无法识别的统计期间“去年”"),
    ("2025H3", "半年只能是上半年（H1）或下半年（H2）"),
    ("2025Q5", "季度只能是1至4"),
    ("2025-13", "月份只能是1至12"),
    ("2025-02-30..2025-03-01", "日期“2025-02-30”不存在"),
    ("2025-06-30..2025-03-01", "起始日期（2025-06-30）不能晚于结束日期（2025-03-01）"),
    ("0000", "年份“0000”不正确"),
])
def test_parse_errors_are_chinese_and_say_what_to_write(text, message):
    with pytest.raises(PeriodError) as error:
        parse(text)
    assert message in str(error.value)
    if message.startswith(("请填写", "无法识别")):
        assert "2025H1" in str(error.value)


def test_previous_year_is_the_same_calendar_period():
    assert Period.year(2025).previous_year() == Period.year(2024)
    assert Period.half(2025, 2).previous_year() == Period.half(2024, 2)
    assert Period.quarter(2025, 1).previous_year() == Period.quarter(2024, 1)
    assert Period.month(2025, 2).previous_year() == Period.month(2024, 2)  # 29 days that year
    assert Period.month(2025, 2).previous_year().end == D(2024, 2, 29)


def test_previous_year_of_a_range_turns_29_february_into_28():
    leap = Period.range(D(2024, 2, 1), D(2024, 2, 29))
    assert leap.previous_year() == Period.range(D(2023, 2, 1), D(2023, 2, 28))
    assert Period.range(D(2024, 2, 29), D(2024, 3, 31)).previous_year().start == D(2023, 2, 28)


def test_elapsed_cuts_a_period_not_yet_over_and_says_so():
    year = Period.year(2026)
    now = year.elapsed(D(2026, 11, 21))
    assert (now.start, now.end, now.partial, now.full_end) == (D(2026, 1, 1), D(2026, 11, 21), True, D(2026, 12, 31))
    assert now.label == "2026年（截至11月21日）"
    before = now.previous_year()
    assert (before.start, before.end, before.label) == (D(2025, 1, 1), D(2025, 11, 21), "2025年（截至11月21日）")
    assert year.elapsed(D(2027, 1, 5)) is year
    assert Period.year(2024).elapsed(D(2024, 2, 29)).previous_year().end == D(2023, 2, 28)
    assert parse(now.key) == Period.range(D(2026, 1, 1), D(2026, 11, 21))
    with pytest.raises(PeriodError, match="尚未开始"):
        Period.year(2027).elapsed(D(2026, 11, 21))


def test_months_of_a_period():
    months = Period.half(2025, 1).months()
    assert [m.label for m in months] == [f"2025年{m}月" for m in range(1, 7)]
    cut = Period.range(D(2025, 3, 15), D(2025, 5, 10)).months()
    assert [(m.start, m.end, m.label) for m in cut] == [
        (D(2025, 3, 15), D(2025, 3, 31), "2025年3月"), (D(2025, 4, 1), D(2025, 4, 30), "2025年4月"),
        (D(2025, 5, 1), D(2025, 5, 10), "2025年5月")]


@given(st.dates(min_value=D(1901, 1, 1), max_value=D(2199, 12, 31)),
       st.dates(min_value=D(1901, 1, 1), max_value=D(2199, 12, 31)))
def test_any_range_reads_back_and_its_previous_year_has_the_same_shape(a, b):
    start, end = min(a, b), max(a, b)
    period = Period.range(start, end)
    assert parse(period.key) == period
    before = period.previous_year()
    assert before.start.year == start.year - 1 and before.end.year == end.year - 1
    assert abs(before.days - period.days) <= 1
