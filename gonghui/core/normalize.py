"""Cleaning the values that officers' real spreadsheets hold."""
from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_MONTH_PATTERNS = [re.compile(r"^(\d{4})[-/.](\d{1,2})$"), re.compile(r"^(\d{4})年(\d{1,2})月$")]
EXCEL_EPOCH = datetime.date(1899, 12, 30)
PHONE = re.compile(r"^1[3-9]\d{9}$")


def text(value) -> str:
    """Full-width characters to half-width, runs of white space folded, ends trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = unicodedata.normalize("NFKC", str(value))
    value = value.replace("\u3000", " ").replace("\xa0", " ")
    return re.sub(r"\s+", " ", value).strip()


def compact(value) -> str:
    """Like text() but with every space removed (names, numbers)."""
    return text(value).replace(" ", "")


def parse_date(value) -> datetime.date | None:
    """2020-01-05, 2020/1/5, 2020.1.5, 2020年1月5日, 20200105, an Excel serial number or a date object.

    Raises ValueError with a Chinese message when the value is present but not a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_serial(float(value))
    raw = compact(value)
    if not raw:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", raw) and len(raw) <= 6 or re.fullmatch(r"\d{5}\.\d+", raw):
        return _from_serial(float(raw))
    for pattern in _DATE_PATTERNS:
        m = pattern.match(raw)
        if m:
            try:
                return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise ValueError(f"日期“{raw}”不存在") from None
    for pattern in _MONTH_PATTERNS:
        m = pattern.match(raw)
        if m:
            try:
                return datetime.date(int(m.group(1)), int(m.group(2)), 1)
            except ValueError:
                raise ValueError(f"日期“{raw}”不存在") from None
    if "T" in raw or " " in str(value):
        try:
            return datetime.datetime.fromisoformat(text(value)).date()
        except ValueError:
            pass
    raise ValueError(f"无法识别的日期“{raw}”，请写成 2020-01-05 或 2020年1月5日")


def _from_serial(serial: float) -> datetime.date:
    if not 1 <= serial < 2958466:
        raise ValueError(f"无法识别的日期“{serial:g}”")
    return EXCEL_EPOCH + datetime.timedelta(days=int(serial))


def parse_money(value) -> Decimal | None:
    if value is None or value == "":
        return None
    raw = compact(value).replace(",", "").replace("，", "").removesuffix("元")
    if not raw:
        return None
    try:
        amount = Decimal(str(raw)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(f"金额“{raw}”不是数字") from None
    if amount < 0:
        raise ValueError("金额不能为负数")
    return amount
