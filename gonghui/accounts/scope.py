"""Scoping: what part of the union tree a user may see or change.

Every selector filters through `org_q` or `orgs_in_scope`; objects outside answer 404. Superusers see everything.
"""
from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404

from gonghui.orgs.models import Organization

from .roles import ROLE_PERMS, Perm, Role

__all__ = ["Perm", "grants", "scope_paths", "has_perm", "org_q", "orgs_in_scope", "require", "can_on_org"]


def _grants(user) -> list[tuple[str, str]]:
    """[(org path, role)] for the user, loaded once per user object (one query per request)."""
    cached = getattr(user, "_gonghui_grants", None)
    if cached is None:
        if not getattr(user, "is_authenticated", False):
            cached = []
        else:
            cached = _load_grants(user.pk)
        user._gonghui_grants = cached
    return cached


def _load_grants(user_id) -> list[tuple[str, str]]:
    """`user.roles.filter(org__status=ACTIVE).values_list("org__path", "role")`, written out: every request of a
    signed-in user runs it, and the ORM's building it cost more than the database's answering (core/rawsql.py)."""
    from gonghui.core import rawsql

    from .models import RoleAssignment

    return [(path, role) for path, role in rawsql.rows(
        f"SELECT o.path, r.role FROM {rawsql.table(RoleAssignment)} r INNER JOIN {rawsql.table(Organization)} o "
        f"ON o.id = r.org_id WHERE r.user_id = %s AND o.status = %s ORDER BY r.id",
        [user_id, Organization.Status.ACTIVE])]


def grants(user) -> list[tuple[str, str]]:
    """[(org path, role)] of the user's roles on active organisations: the list scoping loads once per request
    (read it here instead of querying the roles again)."""
    return _grants(user)


def scope_paths(user, perm: str) -> list[str] | None:
    """Paths of the organisations whose subtrees the user may act on with `perm`; None means everywhere."""
    if getattr(user, "is_superuser", False):
        return None
    paths = sorted({path for path, role in _grants(user) if perm in ROLE_PERMS.get(role, ())})
    # A path inside another one adds nothing.
    return [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]


def has_perm(user, perm: str) -> bool:
    paths = scope_paths(user, perm)
    return paths is None or bool(paths)


# Permissions whose grant stops at the unions below the granted organisation: it covers that organisation and its
# branches and groups, not a child union's own affairs. An upper union's staff draft their own union's documents;
# what a child union drafts is the child's until it is submitted (they then see the submission, REPORT_RECEIVE).
UNION_BOUNDED = frozenset({Perm.REPORT_DRAFT})


def _union_below(path: str, org_path_ref) -> Exists:
    """A union (Organization.UNION_KINDS) strictly below `path` that is the object's organisation or above it."""
    return Exists(Organization.objects.filter(kind__in=Organization.UNION_KINDS, path__startswith=path)
                  .exclude(path=path).filter(path=Substr(org_path_ref, 1, Length("path"))))


def org_q(user, perm: str, field: str = "org") -> Q:
    """A filter for objects whose organisation (at `field`) lies inside the user's scope for `perm`."""
    paths = scope_paths(user, perm)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    lookup = f"{field}__path" if field else "path"
    if perm in UNION_BOUNDED:
        return reduce(or_, (Q(**{f"{lookup}__startswith": p}) & ~Q(_union_below(p, OuterRef(lookup)))
                            for p in paths))
    return reduce(or_, (Q(**{f"{lookup}__startswith": p}) for p in paths))


def orgs_in_scope(user, perm: str = Perm.ORG_VIEW):
    return Organization.objects.filter(org_q(user, perm, field=""))


def can_on_org(user, perm: str, org: Organization) -> bool:
    paths = scope_paths(user, perm)
    if paths is None:
        return True
    covering = [p for p in paths if org.path.startswith(p)]
    if not covering or perm not in UNION_BOUNDED:
        return bool(covering)
    # The union boundary (see UNION_BOUNDED): no union between the grant and the organisation.
    from gonghui.orgs.models import PATH_STEP

    for p in covering:
        between = [org.path[:end] for end in range(len(p) + PATH_STEP, len(org.path) + 1, PATH_STEP)]
        if not Organization.objects.filter(path__in=between, kind__in=Organization.UNION_KINDS).exists():
            return True
    return False


def require(user, perm: str, org: Organization) -> None:
    """404, not 403: a user outside the scope must not learn that the object exists."""
    if not can_on_org(user, perm, org):
        raise Http404("未找到该记录")


OUT_OF_SCOPE = "未找到该记录，或不在您的管辖范围内。"


def require_actor(actor, perm: str, org: Organization, message: str = OUT_OF_SCOPE) -> None:
    """The check every service makes: `actor=None` is the system itself (commands, demo data; no scope check);
    anyone else needs `perm` on the organisation, else ServiceError(code="out_of_scope") with a message that does
    not say whether the record exists (views answer 404)."""
    from gonghui.core.errors import ServiceError

    if actor is None:
        return
    if not getattr(actor, "is_authenticated", False) or org is None or not can_on_org(actor, perm, org):
        raise ServiceError(message, code="out_of_scope")


def is_member_only(user) -> bool:
    """A user whose only role is 会员: sees their own data and nothing else."""
    if getattr(user, "is_superuser", False):
        return False
    roles = {role for _, role in _grants(user)}
    return not roles or roles == {Role.MEMBER}
