"""Every read of users and role assignments, scoped to the acting user.

Who may manage whom: a user with `Perm.USER_MANAGE` on an organisation manages the users whose roles all lie in
that organisation's subtree (a user without roles: whose linked person does). Nobody but a superuser manages a
superuser, and a user holding 系统管理员 is managed only by a superuser or by a 系统管理员 whose grant covers it:
otherwise a chair could reset an administrator's password and take over the account.
"""
from __future__ import annotations

from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.orgs.models import Organization

from .models import RoleAssignment, User
from .roles import Perm, Role
from .scope import _grants, org_q, orgs_in_scope, scope_paths

__all__ = [
    "user_list", "user_get", "role_assignment_get", "grantable_orgs", "grantable_roles", "can_grant_role",
    "admin_paths", "person_candidates", "locked_usernames", "is_locked",
]


def admin_paths(user) -> list[str] | None:
    """Subtrees on which the user holds 系统管理员; None means everywhere (superuser)."""
    if getattr(user, "is_superuser", False):
        return None
    return sorted({path for path, role in _grants(user) if role == Role.ADMIN})


def _paths_q(paths: list[str], field: str) -> Q:
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__path__startswith": p}) for p in paths))


def user_list(actor, *, within: Organization | None = None) -> QuerySet[User]:
    """Users the actor may manage; `within` narrows to users with a role (or person) in that subtree."""
    qs = User.objects.select_related("person", "person__org")
    paths = scope_paths(actor, Perm.USER_MANAGE)
    if paths is not None:
        if not paths:
            return qs.none()
        manage_q = org_q(actor, Perm.USER_MANAGE)
        outside = RoleAssignment.objects.filter(user=OuterRef("pk")).exclude(manage_q)
        admins_outside = (RoleAssignment.objects.filter(user=OuterRef("pk"), role=Role.ADMIN)
                          .exclude(_paths_q(admin_paths(actor), "org")))
        any_role = RoleAssignment.objects.filter(user=OuterRef("pk"))
        qs = (qs.filter(is_superuser=False)
              .exclude(Exists(outside))
              .exclude(Exists(admins_outside))
              .filter(Exists(any_role) | org_q(actor, Perm.USER_MANAGE, field="person__org")))
    if within is not None:
        inside = RoleAssignment.objects.filter(user=OuterRef("pk"), org__path__startswith=within.path)
        qs = qs.filter(Exists(inside) | Q(person__org__path__startswith=within.path))
    return qs


def user_get(actor, pk) -> User:
    """One user the actor may manage; anyone else answers 404."""
    return get_object_or_404(user_list(actor), pk=pk)


def user_roles(user: User) -> QuerySet[RoleAssignment]:
    return user.roles.select_related("org").order_by("org__path", "role")


def role_assignment_get(actor, pk) -> RoleAssignment:
    """A role assignment of a user the actor manages (404 otherwise)."""
    return get_object_or_404(
        RoleAssignment.objects.select_related("user", "org").filter(user__in=user_list(actor).values("pk")), pk=pk
    )


def grantable_orgs(actor) -> QuerySet[Organization]:
    """Organisations on which the actor may grant roles: active ones inside their user-management scope."""
    return orgs_in_scope(actor, Perm.USER_MANAGE).filter(status=Organization.Status.ACTIVE).order_by("path")


def can_grant_role(actor, role: str, org: Organization) -> bool:
    """Any role on an organisation in scope; 系统管理员 only by a superuser or an administrator covering the org."""
    paths = scope_paths(actor, Perm.USER_MANAGE)
    if paths is not None and not any(org.path.startswith(p) for p in paths):
        return False
    if role == Role.ADMIN:
        admins = admin_paths(actor)
        return admins is None or any(org.path.startswith(p) for p in admins)
    return role in Role.values


def grantable_roles(actor) -> list[tuple[str, str]]:
    """The role choices offered to the actor (系统管理员 only to superusers and administrators)."""
    admins = admin_paths(actor)
    return [(value, label) for value, label in Role.choices if value != Role.ADMIN or admins is None or admins]


def person_candidates(actor, text: str, *, limit: int = 10, linked_to: User | None = None):
    """People in the actor's user-management scope, not yet linked to another login, matching "#<id>", a member
    number, a full ID number, a name, pinyin or the last digits of an ID number or phone."""
    from gonghui.members.filtersets import search_q
    from gonghui.members.models import Person

    text = (text or "").strip()
    if not text:
        return Person.objects.none()
    free = Q(user__isnull=True) | Q(user=linked_to) if linked_to is not None else Q(user__isnull=True)
    qs = Person.objects.filter(org_q(actor, Perm.USER_MANAGE)).filter(free).select_related("org")
    if text.startswith("#"):
        return qs.filter(pk=int(text[1:])) if text[1:].isdigit() else qs.none()
    exact = qs.filter(Q(id_number__iexact=text) | Q(member_no__iexact=text))
    if exact.exists():
        return exact[:limit]
    return qs.filter(search_q(text)).order_by("name_pinyin", "id")[:limit]


def _locked_q_since():
    return timezone.now() - settings.AXES_COOLOFF_TIME


def locked_usernames(usernames) -> set[str]:
    """Which of these account names are locked out by django-axes now (one query)."""
    from axes.models import AccessAttempt

    usernames = [u for u in usernames if u]
    if not usernames:
        return set()
    rows = (AccessAttempt.objects.filter(username__in=usernames, attempt_time__gte=_locked_q_since())
            .values("username").annotate(failures=Sum("failures_since_start")))
    return {row["username"] for row in rows if row["failures"] >= settings.AXES_FAILURE_LIMIT}


def is_locked(user: User) -> bool:
    return user.username in locked_usernames([user.username])
