import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.festivals import festivals, upcoming
from gonghui.core.money import DIGITS, capital_amount, format_wan, format_yuan, to_money


@pytest.mark.parametrize("amount,text", [
    ("0", "零元整"), ("0.05", "伍分"), ("0.5", "伍角整"), ("1", "壹元整"), ("10", "壹拾元整"),
    ("10.05", "壹拾元零伍分"), ("100", "壹佰元整"), ("1004.5", "壹仟零肆元伍角整"), ("1010", "壹仟零壹拾元整"),
    ("10005", "壹万零伍元整"), ("100000", "壹拾万元整"), ("1000005", "壹佰万零伍元整"),
    ("23890", "贰万叁仟捌佰玖拾元整"), ("1234.56", "壹仟贰佰叁拾肆元伍角陆分"),
    ("100010000", "壹亿零壹万元整"), ("100000000", "壹亿元整"), ("60500", "陆万零伍佰元整"),
])
def test_capital_amount_examples(amount, text):
    assert capital_amount(Decimal(amount)) == text


def _parse_capital(text: str) -> Decimal:
    """Read a capital amount back (the test's own independent reader)."""
    text = text.replace("整", "")
    units = {"拾": 10, "佰": 100, "仟": 1000}
    big = {"万": 10 ** 4, "亿": 10 ** 8}
    total, section, digit = 0, 0, 0
    integer_text, _, rest = text.partition("元") if "元" in text else ("", "", text)
    for ch in integer_text:
        if ch in DIGITS:
            digit = DIGITS.index(ch)
        elif ch in units:
            section += digit * units[ch]
            digit = 0
        elif ch in big:
            total = (total + section + digit) * big[ch] if ch == "亿" else total + (section + digit) * big[ch]
            section, digit = 0, 0
    total += section + digit
    cents = 0
    digit = 0
    for ch in rest:
        if ch in DIGITS:
            digit = DIGITS.index(ch)
        elif ch == "角":
            cents += digit * 10
        elif ch == "分":
            cents += digit
    return Decimal(total) + Decimal(cents) / 100


@given(st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2, allow_nan=False, allow_infinity=False))
def test_capital_amount_reads_back(amount):
    assert _parse_capital(capital_amount(amount)) == amount


def test_money_never_float():
    with pytest.raises(TypeError):
        to_money(0.1)
    assert format_yuan(Decimal("23890")) == "23,890元"
    assert format_yuan(Decimal("23890.5")) == "23,890.50元"
    assert format_wan(Decimal("23890")) == "2.39万元"
    assert format_wan(Decimal("50000")) == "5万元"


def test_lunar_festivals_move_every_year():
    f2025 = {f.code: f.date for f in festivals(2025)}
    f2026 = {f.code: f.date for f in festivals(2026)}
    assert f2025["chunjie"] == datetime.date(2025, 1, 29) and f2026["chunjie"] == datetime.date(2026, 2, 17)
    assert f2025["zhongqiu"] == datetime.date(2025, 10, 6) and f2026["zhongqiu"] == datetime.date(2026, 9, 25)
    assert f2025["duanwu"] == datetime.date(2025, 5, 31) and f2026["duanwu"] == datetime.date(2026, 6, 19)
    assert f2025["qingming"] == datetime.date(2025, 4, 4) and f2026["qingming"] == datetime.date(2026, 4, 5)
    assert f2026["chuxi"] == datetime.date(2026, 2, 16)
    assert f2025["chongyang"] == datetime.date(2025, 10, 29)


def test_upcoming_crosses_the_year_end():
    names = [f.name for f in upcoming(datetime.date(2025, 12, 20), 45)]
    assert names[:2] == ["冬至", "元旦"] and "春节" not in names
