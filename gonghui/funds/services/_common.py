"""Helpers shared by the funds services."""
from __future__ import annotations

from gonghui.accounts.scope import require_actor
from gonghui.core.services import text, past_date  # noqa: F401 (the areas' services import them from here)

OUT_OF_SCOPE = "未找到该记录，或不在您的管辖范围内。"


def require(actor, perm: str, org) -> None:
    """accounts.scope.require_actor with this area's message."""
    require_actor(actor, perm, org, OUT_OF_SCOPE)


