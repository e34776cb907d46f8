"""Helpers shared by the funds services."""
from __future__ import annotations

import datetime

from django.utils.timezone import localdate

from gonghui.accounts.scope import require_actor
from gonghui.core.errors import ServiceError

OUT_OF_SCOPE = "未找到该记录，或不在您的管辖范围内。"


def require(actor, perm: str, org) -> None:
    """accounts.scope.require_actor with this area's message."""
    require_actor(actor, perm, org, OUT_OF_SCOPE)


def text(value, limit: int) -> str:
    return (value or "").strip()[:limit]


def past_date(day: datetime.date | None, label: str, *, required: bool = True) -> datetime.date | None:
    """A date of something done: not in the future, not before 1949."""
    if day is None:
        if required:
            raise ServiceError(f"请填写{label}。")
        return None
    if day > localdate():
        raise ServiceError(f"{label}{day:%Y年%-m月%-d日}在今天之后，请核对。")
    if day.year < 1949:
        raise ServiceError(f"{label}{day:%Y年%-m月%-d日}过早，请核对。")
    return day
