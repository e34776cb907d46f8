"""Cell parsers for spreadsheet imports.

Every parser takes a raw cell that is not blank (str, float, int, bool, date, datetime… as calamine or the csv
reader give it) and returns the clean value, or raises ValueError with a Chinese reason that the error report
shows as it is. Parsers are plain functions (or made by the factories below: `choice`, `text`, `code`), so an area
writes its own in three lines. They run once per cell of a 100,000-row sheet (once per distinct value for the
columns that repeat): the common case takes a fast path.
"""
from __future__ import annotations

import datetime
import math
import re
import time
import unicodedata
from decimal import Decimal

from django.utils import timezone

from gonghui.core import excel, idcard
from gonghui.core.normalize import PHONE, parse_date, parse_money

#: Cells that mean "nothing here" (counted as empty where a column allows it).
PLACEHOLDERS = {"-", "--", "—", "——", "－", "/", "\\", "无", "暂无", "空", "N/A", "NA", "NULL", "NONE", "#N/A"}


def clean_text(raw) -> str:
    """Full-width to half-width (NFKC), runs of white space folded to one space, ends trimmed.

    Same result as `core.normalize.text` (written for speed: it runs for every cell of a sheet), except that the
    apostrophe an export puts before formula-like text is taken off again, so that exports import unchanged.
    """
    if isinstance(raw, str):
        text = raw
    elif isinstance(raw, float):
        text = str(int(raw)) if raw.is_integer() else repr(raw)
    elif isinstance(raw, datetime.datetime):
        text = raw.date().isoformat() if raw.time() == datetime.time() else raw.isoformat(sep=" ")
    else:
        text = str(raw)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.strip()
    if text[:1] == "'" and text[1:2] and text[1:2] in excel.FORMULA_PREFIXES:
        # The apostrophe our exports put before formula-like text (core.excel.neutralize), removed before the
        # spaces are folded so that "'\tx" comes back as the "\tx" it was written from.
        text = text[1:]
    return " ".join(text.split())


_today_cache: list = [0.0, None]


def today() -> datetime.date:
    """Today's date (Asia/Shanghai), asked of Django once a minute rather than once per cell."""
    now = time.monotonic()
    if _today_cache[1] is None or now - _today_cache[0] > 60:
        _today_cache[:] = [now, timezone.localdate()]
    return _today_cache[1]


# ------------------------------------------------------------------------------------------------ text


def name(raw) -> str:
    """A person's name: spaces removed, at most 50 characters, not digits only."""
    if raw.__class__ is str and raw.isalpha() and len(raw) <= 50 and unicodedata.is_normalized("NFKC", raw):
        return raw  # the usual name: letters only, nothing to clean
    value = clean_text(raw).replace(" ", "")
    if len(value) > 50:
        raise ValueError("姓名超过50个字")
    if not value or value.isdigit():
        raise ValueError("姓名无效")
    return value


def text(limit: int, label: str):
    """Free text of at most `limit` characters (spaces folded)."""

    def parse(raw) -> str:
        value = clean_text(raw)
        if len(value) > limit:
            raise ValueError(f"{label}超过{limit}个字")
        return value

    return parse


def code(limit: int | None = None, label: str = ""):
    """A code or number written as text (member numbers, organisation codes): no spaces at all."""

    def parse(raw) -> str:
        value = clean_text(raw).replace(" ", "")
        if limit is not None and len(value) > limit:
            raise ValueError(f"{label}超过{limit}个字符")
        return value

    return parse


# ------------------------------------------------------------------------------------------------ choices


def choice(mapping: dict[str, str], label: str, shown: str, blank=None):
    """A parser for a column of fixed values (compared without spaces, ignoring case). With `blank`, the usual
    placeholders ("无", "-", "/"…) mean that value."""
    lookup = {k.upper(): v for k, v in mapping.items()}

    def parse(raw):
        value = clean_text(raw).replace(" ", "").upper()
        if blank is not None and value in PLACEHOLDERS:
            return blank
        try:
            return lookup[value]
        except KeyError:
            raise ValueError(f"{label}“{clean_text(raw)}”无法识别，应为：{shown}") from None

    return parse


def labels(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A choice mapping from Django choices (label → value and value → value) plus the usual synonyms."""
    mapping = {}
    for value, label in choices:
        mapping[label] = value
        if value:
            mapping[value] = value
    mapping.update(extra or {})
    return mapping


BOOLEANS = {"是": True, "否": False, "Y": True, "N": False, "YES": True, "NO": False, "TRUE": True, "FALSE": False,
            "1": True, "0": False, "√": True, "✓": True, "✔": True, "×": False, "X": False, "有": True, "不是": False}
_parse_bool = choice(BOOLEANS, "填写", "是、否", blank=False)


def boolean(raw) -> bool:
    """是/否 and its many spellings (Y/N, √/×, 1/0…); placeholders mean 否."""
    if isinstance(raw, bool):
        return raw
    return _parse_bool(raw)


# ------------------------------------------------------------------------------------------------ ID numbers


_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+?\d+$", re.IGNORECASE)
LOST_DIGITS = ("身份证号被保存成了数字，Excel 只保留15位有效数字，末尾几位已丢失。"
               "请把该列设置为“文本”格式后重新填写身份证号")
_ID_WEIGHT_SUM = sum(idcard.WEIGHTS) * ord("0")
_BIRTHS: dict[str, datetime.date | None] = {}


def birth_of(number: str) -> datetime.date | None:
    """The birth date in an ID number (characters 7-14), or None when it is not a date; cached (a roster has a
    few thousand distinct birthdays)."""
    digits = number[6:14]
    try:
        return _BIRTHS[digits]
    except KeyError:
        pass
    try:
        day = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        day = None
    if len(_BIRTHS) < 100_000:
        _BIRTHS[digits] = day
    return day


def _clean_id(value: str) -> str | None:
    """The common case, checked quickly: an 18-character ASCII number that is valid in every respect. None sends
    the value through idcard.parse, which says what is wrong (or copes with spaces, full-width digits, 15 digits)."""
    if len(value) != 18 or not value.isascii():
        return None
    if value[17] == "x":
        value = value[:17] + "X"
    if not value[:17].isdigit() or value[:2] not in idcard.PROVINCE_CODES:
        return None
    birth = birth_of(value)
    if birth is None or birth > today() or birth.year < 1900:
        return None
    total = sum(map(int.__mul__, value[:17].encode(), idcard.WEIGHTS)) - _ID_WEIGHT_SUM
    return value if idcard.CHECK_CHARS[total % 11] == value[17] else None


def id_number(raw) -> str:
    """A citizen ID number (18 characters; 15-digit ones are upgraded); says when Excel lost its last digits."""
    if raw.__class__ is str:
        number = _clean_id(raw)
        if number is not None:
            return number
    if isinstance(raw, bool):
        raise ValueError("身份证号无效")
    if isinstance(raw, (int, float)):
        digits = f"{raw:.0f}"
        try:
            return idcard.parse(digits, today=today()).number
        except idcard.IDNumberError as exc:
            if len(digits) >= 16:
                raise ValueError(LOST_DIGITS) from None
            raise ValueError(str(exc)) from None
    value = clean_text(raw).replace(" ", "")
    if _SCIENTIFIC.match(value):
        raise ValueError(LOST_DIGITS)
    value = value.lstrip("'")
    try:
        return idcard.parse(value, today=today()).number
    except idcard.IDNumberError as exc:
        raise ValueError(str(exc)) from None


# ------------------------------------------------------------------------------------------------ numbers, dates


def phone(raw) -> str:
    """A mobile number: 11 digits starting with 1 (+86/0086 and dashes removed)."""
    if raw.__class__ is str and len(raw) == 11 and raw.isascii() and PHONE.match(raw):
        return raw
    if isinstance(raw, float):
        value = f"{raw:.0f}"
    else:
        value = clean_text(raw).replace(" ", "").replace("-", "")
    if len(value) > 11:
        value = value.removeprefix("+86").removeprefix("0086").removeprefix("86")
    if not PHONE.match(value):
        raise ValueError(f"手机号“{value}”应为11位数字，以1开头")
    return value


def date(raw) -> datetime.date:
    """A date in every form met in real sheets: date cells, 2020-01-05, 2020/1/5, 2020年1月5日, 20200105 (as text
    or as a number), 2020.1.5…; not before 1900."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if isinstance(raw, (datetime.time, datetime.timedelta)):
        raise ValueError("单元格是时间而不是日期")
    if isinstance(raw, bool):
        raise ValueError("不是日期")
    if isinstance(raw, (int, float)) and float(raw).is_integer() and 19000101 <= raw <= 21001231:
        raw = str(int(raw))  # 20200105 typed as a number
    try:
        day = parse_date(raw if not isinstance(raw, str) else clean_text(raw))
    except (OverflowError, TypeError):
        raise ValueError("无法识别的日期") from None
    if day is None:
        raise ValueError("无法识别的日期")
    if day.year < 1900:
        raise ValueError(f"日期{day:%Y-%m-%d}早于1900年，请核对")
    return day


_CENTS = Decimal("0.01")


def money(raw) -> Decimal:
    """An amount in 元 with two decimals (“5,000.50元”, “￥5000”, numbers), not negative, under 1亿."""
    if isinstance(raw, (float, int)) and not isinstance(raw, bool):
        if not math.isfinite(raw):
            raise ValueError("金额不是数字")
        if raw < 0:
            raise ValueError("金额不能为负数")
        amount = Decimal(repr(raw)).quantize(_CENTS)
    else:
        amount = parse_money(clean_text(raw) if isinstance(raw, str) else raw)
    if amount is not None and amount >= Decimal("100000000"):
        raise ValueError("金额过大")
    return amount


#: The modules whose code decides how cells read (their digest invalidates parsed rows kept by another version).
RULE_MODULES = (__file__, idcard.__file__, __import__("gonghui.core.normalize", fromlist=["x"]).__file__)
