"""Chinese resident ID numbers (居民身份证号码, GB 11643-1999).

18 characters: 6-digit address code, 8-digit birth date, 3-digit sequence (odd = male, even = female) and an
ISO 7064 MOD 11-2 check character (0-9 or X). Old 15-digit numbers (no century, no check) are upgraded.
"""
from __future__ import annotations


import datetime
import re
from dataclasses import dataclass

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
# Province-level codes of GB/T 2260 (the first two digits of the address code).
PROVINCE_CODES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
    "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83",
}
_SHAPE = re.compile(r"^\d{17}[\dX]$")


class IDNumberError(ValueError):
    """A Chinese message saying what is wrong with the number."""


@dataclass(frozen=True)
class IDNumber:
    number: str
    birth_date: datetime.date
    gender: str  # "M" or "F"
    region: str


def _today() -> datetime.date:
    """Today in the configured time zone (Asia/Shanghai) when Django is set up, else the machine's date."""
    try:
        from django.utils.timezone import localdate

        return localdate()
    except Exception:  # used outside a configured Django project (scripts)
        return datetime.date.today()


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS))
    return CHECK_CHARS[total % 11]


def upgrade_15(number: str) -> str:
    """A first-generation 15-digit number becomes 18 digits: century 19 inserted, check character added."""
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_char(first17)


def parse(raw: str, *, today: datetime.date | None = None) -> IDNumber:
    """Validate and take apart an ID number; raises IDNumberError with a Chinese reason."""
    number = normalize(raw)
    if not number:
        raise IDNumberError("身份证号为空")
    if len(number) == 15 and number.isdigit():
        number = upgrade_15(number)
    if not _SHAPE.match(number):
        raise IDNumberError("身份证号应为18位，前17位为数字，最后一位为数字或X")
    if number[:2] not in PROVINCE_CODES:
        raise IDNumberError("身份证号前两位不是有效的省级行政区划代码")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IDNumberError("身份证号中的出生日期无效") from None
    today = today or _today()
    if birth > today:
        raise IDNumberError("身份证号中的出生日期晚于今天")
    if birth.year < 1900:
        raise IDNumberError("身份证号中的出生日期早于1900年")
    if check_char(number[:17]) != number[17]:
        raise IDNumberError("身份证号校验码错误，请核对是否录错")
    gender = "M" if int(number[16]) % 2 == 1 else "F"
    return IDNumber(number=number, birth_date=birth, gender=gender, region=number[:6])


def normalize(raw) -> str:
    """Full-width digits, spaces, a lower-case x and numbers stored as floats (Excel) are all tolerated."""
    if raw is None:
        return ""
    if isinstance(raw, float):
        if raw != raw:  # NaN
            return ""
        raw = f"{raw:.0f}"
    import unicodedata

    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(" ", "").upper()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text


def is_valid(raw: str) -> bool:
    try:
        parse(raw)
    except IDNumberError:
        return False
    return True


def make(region: str, birth: datetime.date, sequence: int) -> str:
    """Build a valid number (demo data, tests). The sequence's parity decides the sex: odd male, even female."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)
