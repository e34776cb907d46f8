"""Helpers shared by the activities services."""
from __future__ import annotations

from gonghui.accounts.scope import require_actor
from gonghui.core.errors import ServiceError

OUT_OF_SCOPE = "未找到该记录，或不在您的管辖范围内。"


def require(actor, perm: str, org) -> None:
    require_actor(actor, perm, org, OUT_OF_SCOPE)


def text(value, limit: int) -> str:
    return (value or "").strip()[:limit]


def required(value, label: str, limit: int) -> str:
    value = text(value, limit)
    if not value:
        raise ServiceError(f"请填写{label}。")
    return value


def users_of(person_id) -> list:
    """The active accounts linked to a person (a member may have none: then nobody is told)."""
    from gonghui.accounts.models import User

    return list(User.objects.filter(person_id=person_id, is_active=True))
