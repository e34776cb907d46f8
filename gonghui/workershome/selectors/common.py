"""Who sees which home: an officer their scope; a member the homes of their own union and of the branches between
it and their own organisation (not the federation's above it)."""
from __future__ import annotations

from gonghui.orgs.models import PATH_STEP, Organization


def member_paths(person) -> list[str]:
    """Paths of the organisations whose home a member uses: from their nearest union down to their organisation.
    One query (the organisations on the path)."""
    if person is None or not getattr(person, "org_id", None):
        return []
    path = person.org.path
    prefixes = [path[: i + PATH_STEP] for i in range(0, len(path), PATH_STEP)]
    chain = list(Organization.objects.filter(path__in=prefixes).order_by("-depth").values_list("path", "kind"))
    union = next((p for p, kind in chain if kind in Organization.UNION_KINDS), None)
    if union is None:
        return [path]
    return [p for p in prefixes if p.startswith(union)]


def member_union(person):
    """The nearest union of a member's organisation (where its reading room and rooms are)."""
    paths = member_paths(person)
    return Organization.objects.filter(path=paths[0]).first() if paths else None


def find_person(org, raw: str):
    """A person of `org`'s subtree by member number or exact name (what an officer types at the desk)."""
    from django.db.models import Q

    from gonghui.core.errors import ServiceError
    from gonghui.members.models import Person

    raw = (raw or "").strip()
    if not raw:
        raise ServiceError("请填写借阅人的会员编号或姓名。")
    found = list(Person.objects.filter(org__path__startswith=org.path).filter(Q(member_no=raw) | Q(name=raw))
                 .select_related("org")[:6])
    if not found:
        raise ServiceError(f"本会没有会员编号或姓名为“{raw}”的人员。")
    if len(found) > 1:
        numbers = "、".join(p.member_no or p.org.name for p in found[:5])
        raise ServiceError(f"有{len(found)}位名为“{raw}”的人员（{numbers}），请输入会员编号。")
    return found[0]
