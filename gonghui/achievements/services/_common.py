"""Helpers shared by the achievements services."""
from __future__ import annotations

import datetime

from django.utils.timezone import localdate

from gonghui.accounts.scope import require_actor
from gonghui.core.errors import ServiceError
from gonghui.orgs.models import Organization

OUT_OF_SCOPE = "未找到该记录，或不在您的管辖范围内。"


def require(actor, perm: str, org) -> None:
    require_actor(actor, perm, org, OUT_OF_SCOPE)


def text(value, limit: int) -> str:
    return (value or "").strip()[:limit]


def past_date(day: datetime.date | None, label: str, *, required: bool = True) -> datetime.date | None:
    if day is None:
        if required:
            raise ServiceError(f"请填写{label}。")
        return None
    if day > localdate():
        raise ServiceError(f"{label}{day:%Y年%-m月%-d日}在今天之后，请核对。")
    if day.year < 1949:
        raise ServiceError(f"{label}{day:%Y年%-m月%-d日}过早，请核对。")
    return day


def union_of(org: Organization) -> Organization:
    """The nearest organisation of a union kind at or above `org` (a branch's suggestions go to its union's panel)."""
    if org.kind in Organization.UNION_KINDS:
        return org
    found = org.ancestors().filter(kind__in=Organization.UNION_KINDS).order_by("-depth").first()
    return found or org
