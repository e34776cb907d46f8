"""Helpers shared by the rights services."""
from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from gonghui.accounts.scope import require_actor
from gonghui.core.errors import ServiceError
from gonghui.core.services import past_date as core_past_date
from gonghui.core.services import text  # noqa: F401 (the areas' services import them from here)

OUT_OF_SCOPE = "未找到该记录，或不在您的管辖范围内。"


def require(actor, perm: str, org) -> None:
    require_actor(actor, perm, org, OUT_OF_SCOPE)



def past_date(day: datetime.date | None, label: str, *, required: bool = True) -> datetime.date | None:
    """A date of something done: not in the future, not before 2000 (the records this area keeps are recent)."""
    return core_past_date(day, label, required=required, earliest_year=2000)


def money(value, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").replace("元", "").strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ServiceError(f"{label}应为金额（元），如 12000 或 12000.50。") from None
    if amount < 0 or amount > Decimal("99999999.99"):
        raise ServiceError(f"{label}应在0至1亿元之间。")
    return amount


def person_of(actor):
    person = getattr(actor, "person", None) if actor is not None else None
    if person is None:
        raise ServiceError("您的账号未关联会员信息，请联系工会。")
    return person
