"""Money as Chinese reports write it: Decimal to 2 places, 元 and 万元, and capital numerals (大写金额)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
DIGITS = "零壹贰叁肆伍陆柒捌玖"
GROUP_UNITS = ("", "万", "亿", "万亿")
MAX_AMOUNT = Decimal("9999999999999999.99")


def to_money(value) -> Decimal:
    """Any number to Decimal with 2 places (half up). Floats are refused: money never passes through float."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _four(n: int) -> str:
    out, zero = "", False
    for digit, unit in zip(f"{n:04d}", ("仟", "佰", "拾", "")):
        if digit == "0":
            zero = zero or bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[int(digit)] + unit
    return out


def capital_amount(value) -> str:
    """1234.56 → 壹仟贰佰叁拾肆元伍角陆分; 10.05 → 壹拾元零伍分; 100 → 壹佰元整 (as on a voucher)."""
    amount = to_money(value)
    if amount < 0:
        return "负" + capital_amount(-amount)
    if amount > MAX_AMOUNT:
        raise ValueError("金额过大")
    cents = int(amount * 100)
    integer, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    groups = []
    n = integer
    while n:
        groups.append(n % 10000)
        n //= 10000
    out, pending_zero = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            pending_zero = pending_zero or bool(out)
            continue
        if out and (pending_zero or group < 1000):
            out += "零"
        out += _four(group) + GROUP_UNITS[index]
        pending_zero = False
    if integer:
        out += "元"
    if not jiao and not fen:
        return (out or "零元") + "整"
    if jiao:
        out += DIGITS[jiao] + "角"
    elif integer:
        out += "零"
    if fen:
        out += DIGITS[fen] + "分"
    else:
        out += "整"
    return out


def format_yuan(value) -> str:
    """23890 → "23,890元"; cents shown only when there are any (23,890.50元)."""
    amount = to_money(value)
    text = f"{amount:,.2f}"
    if text.endswith(".00"):
        text = text[:-3]
    return text + "元"


def format_wan(value, places: int = 2) -> str:
    """23890 → "2.39万元" (trailing zeros dropped: 50000 → "5万元")."""
    amount = to_money(value) / Decimal(10000)
    text = f"{amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + "万元"
