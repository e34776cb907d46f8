"""Masking of sensitive values in lists, exports and the audit trail."""
from __future__ import annotations


def mask_id_number(value: str | None) -> str:
    """110101********1234 → keep the region (6) and the last 4, hide the birth date and sequence. Shorter numbers
    (passports, Hong Kong and Macao permits, mistyped ones) keep their first and last two characters at most, so
    that at least half is always hidden."""
    if not value:
        return ""
    value = str(value)
    if len(value) >= 15:
        return value[:6] + "*" * (len(value) - 10) + value[-4:]
    if len(value) <= 6:
        return "*" * len(value)
    shown = min(4, len(value) // 2)  # never more than half
    first = shown // 2
    return value[:first] + "*" * (len(value) - shown) + value[len(value) - (shown - first):]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    value = str(value)
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_value(field_name: str, value):
    if value in (None, ""):
        return value
    if "phone" in field_name or "mobile" in field_name:
        return mask_phone(value)
    if "id_number" in field_name:
        return mask_id_number(value)
    return "***"
