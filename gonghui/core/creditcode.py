"""统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters.

    position 1      登记管理部门码 (registration authority: 1 机构编制, 5 民政, 9 工商/市场监管, Y 其他 …)
    position 2      机构类别码 (kind within the authority: 1 企业, 2 个体工商户, 3 农民专业合作社 …)
    positions 3–8   登记管理机关行政区划码 (the administrative division, GB/T 2260: six digits)
    positions 9–17  主体标识码 (the organisation code, GB 11714)
    position 18     校验码 (check character)

Characters come from the 31 of `CHARSET` (digits and capitals without I, O, S, V, Z). The check character is the
one whose value c makes Σ(value_i × weight_i) + c ≡ 0 (mod 31) over the first 17, weights 3^(i-1) mod 31
(1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28): c = 31 − (Σ mod 31), and 31 means 0.

`problem(code)` gives the Chinese reason a code is wrong (None when it is right); `normalize(raw)` strips spaces
and dashes and upper-cases (people type lower case, full-width characters and spaces in the middle).
"""
from __future__ import annotations

import unicodedata

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUE = {c: i for i, c in enumerate(CHARSET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18


def check_char(first17: str) -> str:
    """The check character of the first 17 characters (all from CHARSET)."""
    total = sum(VALUE[c] * w for c, w in zip(first17, WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def normalize(raw) -> str:
    text = unicodedata.normalize("NFKC", str(raw or ""))
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-－—").upper()


def problem(code: str) -> str | None:
    """Why `code` (already normalised) is not a valid unified social credit code, in Chinese; None if it is."""
    if len(code) != LENGTH:
        return f"统一社会信用代码应为18位，“{code}”为{len(code)}位"
    wrong = sorted({c for c in code if c not in VALUE})
    if wrong:
        shown = "、".join(f"“{c}”" for c in wrong)
        return f"统一社会信用代码“{code}”含有不允许的字符{shown}（不使用I、O、S、V、Z）"
    if not code[2:8].isdigit():
        return f"统一社会信用代码“{code}”第3至8位应为行政区划代码（6位数字）"
    expected = check_char(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码“{code}”校验位不符（最后一位应为“{expected}”），请核对是否抄错"
    return None


def is_valid(code: str) -> bool:
    return problem(normalize(code)) is None
