"""Chinese patent application numbers (专利申请号; a granted patent is cited as "ZL" + its application number).

Since 1 October 2003 (CNIPA, 《专利申请号标准》 ZC 0006-2003) an application number has twelve digits and a check
digit: the year of filing (4), the kind of application (1), a serial number (7), then "." and the check character.
"ZL 2023 1 0123456.7" is an invention filed in 2023. Kind digits: 1 发明, 2 实用新型, 3 外观设计, 8 发明 (PCT
international application entering China), 9 实用新型 (PCT). Older numbers have eight digits: the year's last two
digits, the kind, a five-digit serial, then the check character ("ZL 98 1 23456.X").

Check character: the digits are weighted 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 (eight-digit numbers: 2 … 9), the sum
is taken mod 11, and a remainder of 10 is written X.

`normalize(raw)` keeps digits and X (people type "ZL", "CN", spaces, dots, full-width digits); `problem(code, kind)`
is the Chinese reason a number is wrong (None when it is right; naming the expected check character and checking the
kind digit against the chosen kind); `display(code)` writes it the usual way ("ZL 2023 1 0123456.7").
"""
from __future__ import annotations

import datetime
import unicodedata

#: kind digit → kind of patent
KIND_OF_DIGIT = {"1": "invention", "8": "invention", "2": "utility", "9": "utility", "3": "design"}
KIND_LABEL = {"invention": "发明", "utility": "实用新型", "design": "外观设计"}
_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def normalize(raw) -> str:
    text = unicodedata.normalize("NFKC", str(raw or "")).upper().replace("ZL", "").replace("CN", "")
    return "".join(ch for ch in text if ch.isdigit() or ch == "X")


def check(digits: str) -> str:
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS))
    c = total % 11
    return "X" if c == 10 else str(c)


def _kind_digit(code: str) -> str:
    return code[4] if len(code) == 13 else code[2]


def kind_of(code: str) -> str | None:
    """The kind of patent a (normalised, valid) number says: "invention", "utility" or "design"."""
    return KIND_OF_DIGIT.get(_kind_digit(code)) if len(code) in (9, 13) else None


def problem(code: str, kind: str | None = None) -> str | None:
    """Why `code` (normalised) is not a valid application number, in Chinese; None when it is. With `kind`, the
    kind digit must agree with it."""
    if not code:
        return "请填写专利号"
    if len(code) not in (9, 13):
        return f"专利号“{code}”位数不对：应为12位数字加1位校验位（如 ZL 2023 1 0123456.7），2003年以前的为8位加校验位"
    body, last = code[:-1], code[-1]
    if not body.isdigit():
        return f"专利号“{code}”除校验位外应全为数字"
    if len(code) == 13:
        year = int(body[:4])
        if not 1985 <= year <= datetime.date.today().year:
            return f"专利号“{code}”的申请年份{year}不对（应在1985年至今之间）"
    digit = _kind_digit(code)
    if digit not in KIND_OF_DIGIT:
        return f"专利号“{code}”的第{5 if len(code) == 13 else 3}位（专利类型）应为1、2、3、8或9，现为{digit}"
    expected = check(body)
    if last != expected:
        return f"专利号“{display(code)}”校验位有误（应为{expected}），请核对是否输错"
    if kind is not None and KIND_OF_DIGIT[digit] != kind:
        return (f"专利号“{display(code)}”的类型位为{digit}（{KIND_LABEL[KIND_OF_DIGIT[digit]]}），"
                f"与所选类别“{KIND_LABEL.get(kind, kind)}”不符")
    return None


def display(code: str) -> str:
    if len(code) == 13:
        return f"ZL {code[:4]} {code[4]} {code[5:12]}.{code[12]}"
    if len(code) == 9:
        return f"ZL {code[:2]} {code[2]} {code[3:8]}.{code[8]}"
    return code
