"""Helpers shared by the achievements services."""
from __future__ import annotations

from gonghui.accounts.scope import require_actor
from gonghui.core.services import text, past_date  # noqa: F401 (the areas' services import them from here)
from gonghui.orgs.models import Organization

OUT_OF_SCOPE = "未找到该记录，或不在您的管辖范围内。"


def require(actor, perm: str, org) -> None:
    require_actor(actor, perm, org, OUT_OF_SCOPE)




def union_of(org: Organization) -> Organization:
    """The nearest organisation of a union kind at or above `org` (a branch's suggestions go to its union's panel)."""
    if org.kind in Organization.UNION_KINDS:
        return org
    found = org.ancestors().filter(kind__in=Organization.UNION_KINDS).order_by("-depth").first()
    return found or org
