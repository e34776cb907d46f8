"""Every change to users and roles. Each checks that the actor may manage the user and the organisation.

User and RoleAssignment are audited models, so saves and deletes go to the audit trail by themselves (password
hashes are excluded); password changes and unlocking add an entry that says what happened.
"""
from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Organization

from . import selectors
from .models import RoleAssignment, User
from .roles import Perm, Role
from .scope import can_on_org

USERNAME_MAX = 150


def _require_manageable(actor, user: User) -> None:
    if not selectors.user_list(actor).filter(pk=user.pk).exists():
        raise ServiceError("您无权管理该用户。")


def _check_grant(actor, role: str, org: Organization) -> None:
    if role not in Role.values:
        raise ServiceError("未知的角色。")
    if not org.is_active:
        raise ServiceError(f"“{org.name}”已撤销，不能在其上授予角色。")
    if not can_on_org(actor, Perm.USER_MANAGE, org):
        raise ServiceError(f"您无权在“{org.name}”上授予角色。")
    if not selectors.can_grant_role(actor, role, org):
        raise ServiceError(f"只有系统管理员才能授予“{Role(role).label}”角色。")


def _check_person(actor, person, *, user: User | None = None) -> None:
    if person is None:
        return
    if not can_on_org(actor, Perm.USER_MANAGE, person.org):
        raise ServiceError("所选人员不在您的管理范围内。")
    linked = User.objects.filter(person=person)
    if user is not None:
        linked = linked.exclude(pk=user.pk)
    if linked.exists():
        raise ServiceError(f"{person.name}已关联其他账号。")


def validate_password(password: str, user: User) -> None:
    """The settings' password rules (length, common, numeric, similarity, letters and digits); Chinese messages."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError(exc.messages) from exc


@transaction.atomic
def user_create(*, actor, username: str, password: str, org: Organization, role: str, display_name: str = "",
                person=None, must_change_password: bool = True) -> User:
    """A new login with its first role (a user without any role could be managed by nobody but a superuser)."""
    username = (username or "").strip()
    if not username:
        raise ServiceError("请填写用户名。")
    if len(username) > USERNAME_MAX:
        raise ServiceError(f"用户名不能超过{USERNAME_MAX}个字符。")
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(f"用户名“{username}”已被使用。")
    _check_grant(actor, role, org)
    _check_person(actor, person)
    user = User(username=username, display_name=(display_name or "").strip(), person=person,
                must_change_password=must_change_password)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    RoleAssignment.objects.create(user=user, org=org, role=role)
    return user


@transaction.atomic
def user_update(*, actor, user: User, display_name: str, person=None) -> User:
    _require_manageable(actor, user)
    if person is not None and person.pk != user.person_id:
        _check_person(actor, person, user=user)
    user.display_name = (display_name or "").strip()
    user.person = person
    user.save(update_fields=["display_name", "person"])
    return user


@transaction.atomic
def role_grant(*, actor, user: User, org: Organization, role: str) -> RoleAssignment:
    _require_manageable(actor, user)
    _check_grant(actor, role, org)
    if RoleAssignment.objects.filter(user=user, org=org, role=role).exists():
        raise ServiceError(f"{user}在“{org.name}”已有“{Role(role).label}”角色。")
    return RoleAssignment.objects.create(user=user, org=org, role=role)


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    user = assignment.user
    _require_manageable(actor, user)
    if assignment.role == Role.ADMIN and not selectors.can_grant_role(actor, Role.ADMIN, assignment.org):
        raise ServiceError("只有系统管理员才能撤销“系统管理员”角色。")
    # Lock the user's grants so that two officers cannot each revoke "the other" last role.
    grants = list(RoleAssignment.objects.select_for_update().filter(user=user).values_list("pk", flat=True))
    if grants == [assignment.pk] and not user.is_superuser:
        raise ServiceError("这是该用户的最后一个角色，撤销后将无人能够管理该账号。如不再使用，请停用账号。")
    assignment.delete()


@transaction.atomic
def password_reset(*, actor, user: User, password: str) -> User:
    """An administrator sets a new password; the user must change it at the next login."""
    _require_manageable(actor, user)
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True
    user.save()
    _revoke_api_tokens(user)
    audit.record(AuditEntry.Action.UPDATE, obj=user, note="管理员重置密码（下次登录须修改）",
                 org_path=user_org_path(user))
    return user


@transaction.atomic
def password_change(*, user: User, password: str) -> User:
    """The user changes their own password (the old one was checked by the form)."""
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = False
    user.save()
    _revoke_api_tokens(user)
    audit.record(AuditEntry.Action.UPDATE, obj=user, note="本人修改密码", org_path=user_org_path(user))
    return user


@transaction.atomic
def user_deactivate(*, actor, user: User) -> User:
    _require_manageable(actor, user)
    if user.pk == getattr(actor, "pk", None):
        raise ServiceError("不能停用自己的账号。")
    if not user.is_active:
        raise ServiceError("该账号已是停用状态。")
    user.is_active = False
    user.save(update_fields=["is_active"])
    _revoke_api_tokens(user)
    return user


@transaction.atomic
def user_reactivate(*, actor, user: User) -> User:
    _require_manageable(actor, user)
    if user.is_active:
        raise ServiceError("该账号已是启用状态。")
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_unlock(*, actor, user: User) -> int:
    """Lift a django-axes lockout before the cool-off ends; returns how many attempt records were removed."""
    from axes.utils import reset

    _require_manageable(actor, user)
    removed = reset(username=user.username)
    audit.record(AuditEntry.Action.UPDATE, obj=user, note="解除登录锁定", org_path=user_org_path(user))
    return removed


def user_org_path(user: User) -> str:
    """The organisation a user's audit entries belong to: their highest role, else their person's organisation."""
    path = (RoleAssignment.objects.filter(user=user).order_by("org__depth", "org__path")
            .values_list("org__path", flat=True).first())
    if path:
        return path
    person = getattr(user, "person", None) if user.person_id else None
    return person.org.path if person is not None else ""


def _revoke_api_tokens(user: User) -> None:
    """A new password (or a stopped account) ends every API token issued under the old one."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
