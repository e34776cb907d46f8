"""ISBN (国际标准书号, ISO 2108): ISBN-13 (978/979 prefix, EAN-13 check digit) and the older ISBN-10 (mod 11, check
character 0–9 or X). Chinese books print both forms ("ISBN 978-7-02-000220-7"); CIP data (图书在版编目) older than 2007
has the ten-digit form.

- ISBN-13: weights 1, 3, 1, 3 … over the first 12 digits; check = (10 − Σ mod 10) mod 10.
- ISBN-10: weights 10, 9, … 2 over the first 9 digits; check c with Σ + c ≡ 0 (mod 11); 10 is written X.

`normalize(raw)` keeps digits and X (people type spaces, hyphens, full-width digits, a leading "ISBN");
`problem(code)` is the Chinese reason a code is wrong (None when it is right, naming the expected check digit);
`to_13(code)` gives the 13-digit form of a valid ISBN (the catalogue stores that one, so one book scanned as ISBN-10
and imported as ISBN-13 is one title).
"""
from __future__ import annotations

import unicodedata


def normalize(raw) -> str:
    text = unicodedata.normalize("NFKC", str(raw or "")).upper().replace("ISBN", "")
    return "".join(ch for ch in text if ch.isdigit() or ch == "X")


def check_13(first12: str) -> str:
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def check_10(first9: str) -> str:
    total = sum(int(d) * (10 - i) for i, d in enumerate(first9))
    c = (11 - total % 11) % 11
    return "X" if c == 10 else str(c)


def problem(code: str) -> str | None:
    """Why `code` (normalised) is not a valid ISBN, in Chinese; None when it is."""
    if not code:
        return "请填写ISBN"
    if len(code) == 13:
        if not code.isdigit():
            return f"ISBN“{code}”应为13位数字"
        if not code.startswith(("978", "979")):
            return f"ISBN“{code}”应以978或979开头"
        expected = check_13(code[:12])
        if code[-1] != expected:
            return f"ISBN“{code}”校验位有误（应为{expected}），请核对是否输错或扫错"
        return None
    if len(code) == 10:
        if not code[:9].isdigit():
            return f"ISBN“{code}”前9位应为数字"
        expected = check_10(code[:9])
        if code[-1] != expected:
            return f"ISBN“{code}”校验位有误（应为{expected}），请核对是否输错或扫错"
        return None
    return f"ISBN应为10位或13位，“{code}”为{len(code)}位"


def is_valid(raw) -> bool:
    return problem(normalize(raw)) is None


def to_13(raw) -> str:
    """The 13-digit form of a valid ISBN (raises ValueError with the Chinese reason otherwise)."""
    code = normalize(raw)
    reason = problem(code)
    if reason:
        raise ValueError(reason)
    if len(code) == 13:
        return code
    body = "978" + code[:9]
    return body + check_13(body)


def hyphenless(code: str) -> str:
    return normalize(code)
