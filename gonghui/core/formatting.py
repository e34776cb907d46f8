"""One way to write a rate wherever one is shown (dashboard tables and cards, 上报 tables, home and organisation
pages, campaign lists): a percent to one decimal place, half up — "97.0%" beside "95.9%", never "97%" beside
"95.9%" in one table. Documents (drafting/phrasing) keep the genre's own wording ("入会率达到97%")."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ABSENT = "—"


def percent_number(value) -> str:
    """The number of percent, one decimal ("97.0"); "" when absent. Takes a metrics.Rate, a number of percent
    (Decimal, int, float) or its text."""
    if value is None or value == "":
        return ""
    percent = getattr(value, "percent", value) if not isinstance(value, (int, float, Decimal, str)) else value
    if percent is None:
        return ""
    try:
        number = Decimal(str(percent))
    except (InvalidOperation, ValueError):
        return ""
    if not number.is_finite():
        return ""
    return f"{number.quantize(Decimal('0.1'), ROUND_HALF_UP):f}"


def percent_text(value) -> str:
    """"97.0%"; "—" when absent."""
    number = percent_number(value)
    return f"{number}%" if number else ABSENT


def share_text(part, whole) -> str:
    """part ÷ whole as percent_text ("—" when whole is 0)."""
    if not whole:
        return ABSENT
    return percent_text(Decimal(part) * 100 / Decimal(whole))


DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (section numbers, 第二届, 三次)."""
    if not 1 <= n <= 99:
        raise ValueError("section numbers run from 1 to 99")
    tens, ones = divmod(n, 10)
    return (DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (DIGITS[ones] if ones else "")
