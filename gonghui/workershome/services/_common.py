"""Helpers shared by the workers' home services: scope checks, and who a member is."""
from __future__ import annotations

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org, require_actor
from gonghui.core.errors import ServiceError
from gonghui.core.services import text  # noqa: F401 (the areas' services import them from here)

OUT_OF_SCOPE = "未找到该记录，或不在您的管辖范围内。"


def require(actor, perm: str, org) -> None:
    require_actor(actor, perm, org, OUT_OF_SCOPE)



def acting_person(actor):
    """The person behind a member's account (a member acts for themself only)."""
    person = getattr(actor, "person", None) if actor is not None else None
    if person is None:
        raise ServiceError("您的账号未关联会员信息，请与本会工会联系。")
    return person


def require_member_or(actor, org, perm: str = Perm.HOME_EDIT) -> bool:
    """An officer with `perm` on `org` acts for anyone; anyone else must be a member whose union's home it is.
    Returns True when the actor acts as an officer."""
    if actor is None:
        return True
    if getattr(actor, "is_authenticated", False) and can_on_org(actor, perm, org):
        return True
    from ..selectors.common import member_paths

    person = getattr(actor, "person", None)
    if person is None or org.path not in member_paths(person):
        raise ServiceError(OUT_OF_SCOPE, code="out_of_scope")
    return False
