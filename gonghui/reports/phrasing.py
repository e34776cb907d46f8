"""Numbers as Chinese work summaries write them (DOMAIN.md §6): exact, or rounded with 余/多 and 近.

    exact(132400, "元")            "132,400元"          exact(Decimal("23890"), "元", wan=True)  "2.39万元"
    exact(2618, "人")              "2,618人"            exact(Rate(49, 50), "%")                  "98%"
    rounded(Decimal(132400), "元") "13万余元"            rounded(2618, "人")                        "2600余人"
    rounded(9, "次")               "近10次"              rounded(34, "人次")                        "34人次"
    rounded(Decimal(50000), "元")  "5万元"

Each returns a `Phrase` (the text, the number the text states, the unit, the qualifier) or None for a figure that
must not be written: None or zero (never "0人次"; the caller drops the sentence). Money is Decimal (or int), never
float. `parse(text)` reads any of these phrases back, so that an edited draft can be checked against the records.

Exact style
-----------
- Counts: the whole number with thousands separators and the unit: "2,618人", "34人次".
- Money: 元 with thousands separators, cents only when there are any ("132,400元", "23,890.50元"). With wan=True,
  amounts of 10,000元 or more are written in 万元 to two decimal places, half up, trailing zeros dropped
  ("2.39万元", "5万元", "13.24万元"): within 50元 of the amount, as reports print it. Smaller amounts stay in 元.
- Rates: the percent to one decimal place, half up, without a trailing ".0": "98%", "98.5%". A rate with a
  denominator and a zero numerator is a real figure: "0%".

Rounded style (the rules, in order; v is the value, v > 0)
----------------------------------------------------------
- Round numbers are those with one significant digit, from 10 up: 10, 20, …, 90, 100, 200, …, 1万, 2万, ….
- A value is *tidy* when it is from 10 to below 100 (34, 56.5), or a whole number with at most two significant
  digits (150, 2700, 5万, 13万): a tidy value is written as it is, without qualifier ("34人次", "5万元").
1. 近 (nearly): when v is not tidy and the next round number R above v is at most 10% above it
   (R − v ≤ 10% × R, i.e. v ≥ 0.9 R), write "近R": 9次 → "近10次", 2,950人 → "近3000人", 9,960元 → "近1万元",
   19,092,100元 → "近2000万元".
   The stated number is never below the value and never more than 10% of itself above it.
2. Below 100 the value is written exactly ("34人次", "7户", "56.5元"): small numbers are not rounded.
3. From 100 up, two significant digits are kept and the rest cut off (rounded down): r = v cut to two significant
   digits. If r = v the value is tidy and written as it is; otherwise "r余" (or "r多" with more="多"):
   2,618人 → "2600余人", 132,400元 → "13万余元", 15,092,100元 → "1500万余元", 26,180人 → "2.6万余人".
   The stated number is always below the value: 余/多 never overstate.
- Numbers of 1万 or more are written in 万 (and of 1亿 or more in 亿): "13万余元", "2.6万余人", "1.3亿余元";
  below 1万 without separators, as summaries do: "2600余人". The qualifier follows 万/亿 ("13万余元").
- Rates are written as in the exact style ("98%"): summaries do not round percentages with 余 or 近.

Mixed style (the default of new drafts)
---------------------------------------
Money rounded, head counts and rates exact, as most real summaries write them: "发放慰问金13万余元", "慰问看望职工
165人次". `figure_style(style, unit)` says which of exact/rounded a figure of a unit gets in a document style; a
document's figure carries that resolved style, so the editor can switch one figure to the other.

Changes (同比)
-------------
`change_phrase` writes a change in the style of its figure and, for money written in 万元 in the exact style, in 万元
too: "11.87万元，同比增加5.18万元", never "…同比增加51,800元".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gonghui.core.metrics import UNITS, Rate
from gonghui.core.money import format_wan, format_yuan, to_money

MONEY = "元"
PERCENT = "%"
COUNT_UNITS = tuple(u for u in UNITS if u not in (MONEY, PERCENT))
NEAR_TOLERANCE = Decimal("0.1")  # 近: the round number is at most this fraction of itself above the value
WAN = Decimal(10) ** 4
YI = Decimal(10) ** 8
STYLES = ("exact", "rounded", "mixed")  # mixed: money rounded, counts and rates exact (figure_style)


@dataclass(frozen=True)
class Phrase:
    text: str  # as written in the document: "13万余元"
    number: Decimal  # the number the text states, in the unit of the figure: 130000 (元), 98 (%)
    unit: str  # the figure's unit: 元, 人, 人次, %, …
    qualifier: str = ""  # "" | "余" | "多" | "近"
    style: str = "exact"

    def __str__(self) -> str:
        return self.text


def _number(value) -> Decimal | None:
    """The value as a Decimal: counts and money as they are, a rate as its percent. Floats are refused."""
    if value is None:
        return None
    if isinstance(value, Rate):
        return value.percent
    if isinstance(value, float):
        raise TypeError("figures are int or Decimal, never float")
    if isinstance(value, bool):
        raise TypeError("a figure is a number")
    return Decimal(value)


def _check_unit(unit: str) -> None:
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; one of {UNITS}")


def _plain(number: Decimal) -> str:
    """1E+1 → "10", 2.50 → "2.5": no exponent, no trailing zeros."""
    text = format(number.normalize(), "f")
    return text


def _percent_text(percent: Decimal) -> str:
    return _plain(percent.quantize(Decimal("0.1"), ROUND_HALF_UP)) + PERCENT


def _is_zero_figure(value, number: Decimal | None) -> bool:
    if number is None:
        return True
    return number == 0 and not isinstance(value, Rate)


def _per_head(value, number: Decimal) -> bool:
    """A per-head figure (人均1.54条): marked `fractional` when computed, and once stored in a draft (where the mark
    is gone) still a Decimal of exactly two places that is not whole — no count is ever stored that way."""
    if getattr(value, "fractional", False):
        return True
    return (isinstance(value, Decimal) and number != number.to_integral_value()
            and value.as_tuple().exponent == -2)


def exact(value, unit: str, *, wan: bool = False) -> Phrase | None:
    """The exact phrase (module docstring, "Exact style"); None for an absent or zero figure."""
    _check_unit(unit)
    number = _number(value)
    if _is_zero_figure(value, number):
        return None
    if number < 0:
        raise ValueError("a figure is never negative; write changes with change_phrase()")
    if unit == PERCENT:
        return Phrase(_percent_text(number), number.quantize(Decimal("0.1"), ROUND_HALF_UP), unit)
    if unit == MONEY:
        if wan and number >= WAN:
            text = format_wan(number)
            return Phrase(text, Decimal(text[:-2]) * WAN, unit)
        text = format_yuan(number)
        return Phrase(text, Decimal(text[:-1].replace(",", "")), unit)
    if _per_head(value, number):  # a per-head figure (人均1.54条): written with its decimals
        return Phrase(f"{number:f}{unit}", number, unit)
    if number != number.to_integral_value():
        raise ValueError(f"a count in {unit} is a whole number, not {number}")
    return Phrase(f"{int(number):,}{unit}", number, unit)


def _cut_two(number: Decimal) -> Decimal:
    """Two significant digits kept, the rest cut off (never rounded up); numbers ≥ 100 only."""
    whole = int(number)
    step = 10 ** (len(str(whole)) - 2)
    return Decimal(whole // step * step)


def _tidy(number: Decimal) -> bool:
    """From 10 to below 100, or whole with at most two significant digits."""
    if number < 10:
        return False
    if number < 100:
        return True
    return number == number.to_integral_value() and _cut_two(number) == number


def _next_round(number: Decimal) -> Decimal:
    """The smallest round number (one significant digit, at least 10) above `number`."""
    whole = int(number)
    if whole < 10:
        return Decimal(10)
    step = 10 ** (len(str(whole)) - 1)
    return Decimal((whole // step + 1) * step)


def _scaled(number: Decimal) -> str:
    """A number with at most two significant digits in 亿/万 where summaries use them: 130000 → "13万"."""
    if number >= YI:
        return _plain(number / YI) + "亿"
    if number >= WAN:
        return _plain(number / WAN) + "万"
    return _plain(number)


def rounded(value, unit: str, *, more: str = "余") -> Phrase | None:
    """The rounded phrase (module docstring, "Rounded style"); None for an absent or zero figure."""
    _check_unit(unit)
    if more not in ("余", "多"):
        raise ValueError("more is 余 or 多")
    number = _number(value)
    if _is_zero_figure(value, number):
        return None
    if number < 0:
        raise ValueError("a figure is never negative; write changes with change_phrase()")
    if unit == PERCENT or (unit != MONEY and _per_head(value, number)):  # rates and per-head figures: not rounded
        phrase = exact(value, unit)
        return Phrase(phrase.text, phrase.number, unit, "", "rounded")
    if unit != MONEY and number != number.to_integral_value():
        raise ValueError(f"a count in {unit} is a whole number, not {number}")
    if not _tidy(number):
        target = _next_round(number)
        if target - number <= NEAR_TOLERANCE * target:
            return Phrase(f"近{_scaled(target)}{unit}", target, unit, "近", "rounded")
    if number < 100:
        text = _plain(to_money(number) if unit == MONEY else number)
        return Phrase(f"{text}{unit}", number, unit, "", "rounded")
    cut = _cut_two(number)
    if cut == number:
        return Phrase(f"{_scaled(cut)}{unit}", cut, unit, "", "rounded")
    return Phrase(f"{_scaled(cut)}{more}{unit}", cut, unit, more, "rounded")


def figure_style(style: str, unit: str) -> str:
    """The style (exact | rounded) a figure of `unit` is written in, in a document of `style`."""
    if style == "mixed":
        return "rounded" if unit == MONEY else "exact"
    if style not in STYLES:
        raise ValueError(f"style is one of {STYLES}")
    return style


def phrase(value, unit: str, style: str = "exact", *, wan: bool = False, more: str = "余") -> Phrase | None:
    """exact() or rounded() by name: what a document's figure style says (mixed: by the unit, figure_style())."""
    style = figure_style(style, unit)
    if style == "exact":
        return exact(value, unit, wan=wan)
    if style == "rounded":
        return rounded(value, unit, more=more)
    raise ValueError(f"style is one of {STYLES}")


_UNIT_PATTERN = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
_PHRASE = re.compile(
    rf"(?P<near>近)?(?P<num>\d[\d,]*(?:\.\d+)?)(?P<more1>[余多])?(?P<scale>[万亿])?(?P<more2>[余多])?"
    rf"(?P<unit>{_UNIT_PATTERN})"
)


def parse(text: str) -> Phrase:
    """Read a phrase back: "13万余元" → Phrase(number=130000, unit="元", qualifier="余"); "2,618人", "近10次",
    "2.39万元", "98%", and "13余万元" (the other place of 余) too. ValueError if the text is not one phrase."""
    m = _PHRASE.fullmatch(text.strip())
    if not m or (m["more1"] and m["more2"]) or (m["near"] and (m["more1"] or m["more2"])):
        raise ValueError(f"不是一个数字短语：“{text}”")
    number = Decimal(m["num"].replace(",", ""))
    if m["scale"]:
        number *= WAN if m["scale"] == "万" else YI
    qualifier = m["near"] or m["more1"] or m["more2"] or ""
    style = "rounded" if qualifier else "exact"
    return Phrase(text.strip(), number, m["unit"], qualifier, style)


def find(text: str) -> list[tuple[int, int, Phrase]]:
    """Every number phrase in a piece of text: [(start, end, Phrase), ...] (for checking an edited draft)."""
    return [(m.start(), m.end(), parse(m.group(0))) for m in _PHRASE.finditer(text)
            if not (m["more1"] and m["more2"]) and not (m["near"] and (m["more1"] or m["more2"]))]


def change_phrase(comparison, unit: str, *, style: str = "exact") -> str | None:
    """同比 in words: "同比增加12人次，增长10.5%", "同比减少3户", "与上年同期持平", for a rate "同比提高2.1个百分点".
    None when there is nothing to compare (either year absent)."""
    change = comparison.change
    if change is None:
        return None
    if change == 0:
        return "与上年同期持平"
    if comparison.is_rate:
        return f"同比{'提高' if change > 0 else '下降'}{_plain(abs(Decimal(change)))}个百分点"
    style = figure_style(style, unit)
    current = comparison.current
    if style == "exact" and unit == MONEY and current is not None and _number(current) >= WAN:
        # The figure is written in 万元 (documents phrase exact money with wan=True): so is its change.
        text = format_wan(abs(change))
        amount = Phrase(text, Decimal(text[:-2]) * WAN, unit)
        if amount.text == "0万元":  # under 50元: 万元 to two places would say nothing
            amount = exact(abs(change), unit)
    else:  # a figure in 元 has its change in 元; counts as they are; rounded money rounded
        amount = phrase(abs(change), unit, style)
    text = f"同比{'增加' if change > 0 else '减少'}{amount.text}"
    if comparison.change_percent is not None:
        text += f"，{'增长' if change > 0 else '下降'}{_plain(abs(comparison.change_percent))}%"
    return text
