"""Numbers as summaries write them: the issue's examples, and properties of the rounding that must always hold."""
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gonghui.core.metrics import Comparison, Rate
from gonghui.reports import phrasing
from gonghui.reports.periods import Period

COUNT_UNITS = phrasing.COUNT_UNITS


@pytest.mark.parametrize("value, unit, exact, rounded", [
    (Decimal("132400"), "元", "132,400元", "13万余元"),
    (2618, "人", "2,618人", "2600余人"),
    (9, "次", "9次", "近10次"),
    (34, "人次", "34人次", "34人次"),
    (Decimal("50000"), "元", "50,000元", "5万元"),
    (Decimal("23890"), "元", "23,890元", "2.3万余元"),
    (Decimal("23890.50"), "元", "23,890.50元", "2.3万余元"),
    (Rate(49, 50), "%", "98%", "98%"),
    (Rate(197, 200), "%", "98.5%", "98.5%"),
    (Rate(0, 12), "%", "0%", "0%"),
    (5, "户", "5户", "5户"),
    (123, "人", "123人", "120余人"),
    (150, "人", "150人", "150人"),
    (2950, "人", "2,950人", "近3000人"),
    (2700, "人", "2,700人", "2700人"),
    (90, "人", "90人", "90人"),
    (26180, "人", "26,180人", "2.6万余人"),
    (Decimal("9960"), "元", "9,960元", "近1万元"),
    (Decimal("19092100"), "元", "19,092,100元", "近2000万元"),
    (Decimal("15092100"), "元", "15,092,100元", "1500万余元"),
    (Decimal("199.5"), "元", "199.50元", "近200元"),
    (Decimal("9.5"), "元", "9.50元", "近10元"),
    (Decimal("130000000.5"), "元", "130,000,000.50元", "1.3亿余元"),
    (Decimal("56.5"), "元", "56.50元", "56.5元"),
    (1087, "条", "1,087条", "1000余条"),
])
def test_examples(value, unit, exact, rounded):
    assert phrasing.exact(value, unit).text == exact
    assert phrasing.rounded(value, unit).text == rounded


def test_money_in_wan():
    assert phrasing.exact(Decimal("23890"), "元", wan=True).text == "2.39万元"
    assert phrasing.exact(Decimal("50000"), "元", wan=True).text == "5万元"
    assert phrasing.exact(Decimal("132400"), "元", wan=True).text == "13.24万元"
    assert phrasing.exact(Decimal("5000"), "元", wan=True).text == "5,000元"  # below 1万 stays in 元


def test_more_can_be_duo():
    assert phrasing.rounded(2618, "人", more="多").text == "2600多人"


@pytest.mark.parametrize("value", [None, 0, Decimal("0"), Decimal("0.00")])
def test_zero_or_absent_gives_no_phrase(value):
    assert phrasing.exact(value, "人次") is None
    assert phrasing.rounded(value, "元") is None
    assert phrasing.phrase(value, "户", "rounded") is None


def test_refusals():
    with pytest.raises(TypeError):
        phrasing.exact(1.5, "元")
    with pytest.raises(ValueError):
        phrasing.exact(3, "斤")
    with pytest.raises(ValueError):
        phrasing.exact(-3, "人")
    with pytest.raises(ValueError):
        phrasing.rounded(Decimal("2.5"), "人")
    with pytest.raises(ValueError):
        phrasing.phrase(3, "人", "approximate")


@pytest.mark.parametrize("text, number, unit, qualifier", [
    ("13万余元", Decimal(130000), "元", "余"),
    ("13余万元", Decimal(130000), "元", "余"),
    ("2,618人", Decimal(2618), "人", ""),
    ("近10次", Decimal(10), "次", "近"),
    ("2.39万元", Decimal(23900), "元", ""),
    ("98.5%", Decimal("98.5"), "%", ""),
    ("1.3亿余元", Decimal(130000000), "元", "余"),
    ("34人次", Decimal(34), "人次", ""),
])
def test_parse(text, number, unit, qualifier):
    parsed = phrasing.parse(text)
    assert (parsed.number, parsed.unit, parsed.qualifier) == (number, unit, qualifier)


def test_parse_refuses_other_text():
    for text in ("很多人", "近13万余元", "2025年", "12斤"):
        with pytest.raises(ValueError):
            phrasing.parse(text)


def test_find_phrases_in_a_sentence():
    found = phrasing.find("全年慰问看望职工34人次，发放慰问金2.39万元，走访困难职工近10户。")
    assert [(p.text, p.number) for _, _, p in found] == [
        ("34人次", 34), ("2.39万元", Decimal(23900)), ("近10户", 10)]


def test_change_phrase():
    year = Period.year(2025)

    def comparison(now, before):
        return Comparison(now, before, year, year.previous_year())

    assert phrasing.change_phrase(comparison(110, 100), "人次") == "同比增加10人次，增长10%"
    # money written in 万元 (8万元) has its change in 万元 too (issue 8: not "8万元，同比减少20,000元")
    assert phrasing.change_phrase(comparison(Decimal("80000"), Decimal("100000")), "元") == \
        "同比减少2万元，下降20%"
    assert phrasing.change_phrase(comparison(Decimal("8000"), Decimal("9000")), "元") == "同比减少1,000元，下降11.1%"
    assert phrasing.change_phrase(comparison(5, 5), "户") == "与上年同期持平"
    assert phrasing.change_phrase(comparison(5, None), "户") is None
    assert phrasing.change_phrase(comparison(Rate(98, 100), Rate(96, 100)), "%") == "同比提高2个百分点"


# -- properties ------------------------------------------------------------------------------------------------

counts = st.integers(min_value=1, max_value=10**12)
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999999999.99"), places=2)
count_units = st.sampled_from(COUNT_UNITS)


def _check_rounded(value, phrase, unit):
    value = Decimal(value)
    parsed = phrasing.parse(phrase.text)
    assert parsed.unit == unit == phrase.unit
    assert parsed.number == phrase.number
    assert parsed.qualifier == phrase.qualifier
    if phrase.qualifier in ("余", "多"):
        assert parsed.number < value  # never overstates
        assert parsed.number >= value * Decimal("0.9") or value < 100  # two significant digits kept
    elif phrase.qualifier == "近":
        assert parsed.number >= value
        assert parsed.number - value <= phrasing.NEAR_TOLERANCE * parsed.number
    else:
        assert parsed.number == value  # no qualifier: the exact value


@given(counts, count_units)
def test_rounded_counts_never_overstate_and_near_stays_within_tolerance(value, unit):
    _check_rounded(value, phrasing.rounded(value, unit), unit)


@given(money)
def test_rounded_money_never_overstates_and_near_stays_within_tolerance(value):
    _check_rounded(value, phrasing.rounded(value, "元"), "元")


@given(counts, count_units)
def test_exact_counts_parse_back(value, unit):
    phrase = phrasing.exact(value, unit)
    parsed = phrasing.parse(phrase.text)
    assert (parsed.number, parsed.unit, parsed.qualifier) == (value, unit, "")


@given(money)
def test_exact_money_parses_back(value):
    parsed = phrasing.parse(phrasing.exact(value, "元").text)
    assert (parsed.number, parsed.unit) == (value, "元")
    wan = phrasing.parse(phrasing.exact(value, "元", wan=True).text)
    assert wan.unit == "元" and abs(wan.number - value) <= 50


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_rates_are_their_percent(numerator, denominator):
    assume(numerator <= denominator * 2)
    rate = Rate(numerator, denominator)
    phrase = phrasing.rounded(rate, "%")
    assert phrasing.parse(phrase.text).number == rate.percent


@given(st.integers(min_value=1, max_value=99), count_units)
def test_small_numbers_stay_exact_unless_nearly_ten(value, unit):
    text = phrasing.rounded(value, unit).text
    assert text == ("近10" + unit if value == 9 else f"{value}{unit}")


def test_a_per_head_figure_keeps_its_decimals_after_a_draft_is_stored():
    """人均0.79条: computed it carries its mark; read back from a stored draft it is a plain Decimal of two places."""
    from decimal import Decimal

    from gonghui.reports import phrasing

    assert phrasing.exact(Decimal("0.79"), "条").text == "0.79条"
    assert phrasing.exact(Decimal("1.50"), "条").text == "1.50条"
    assert phrasing.rounded(Decimal("1.54"), "条").text == "1.54条"
    assert phrasing.exact(Decimal("12"), "条").text == "12条"
    with pytest.raises(ValueError, match="whole number"):
        phrasing.exact(Decimal("1.5"), "人")  # a count with one decimal place is a bug, not a per-head figure
