"""Password reset through the union (issue 9). A member who forgot the password asks from the login page; their
union's officers see the request as a to-do and answer with a one-time reset code (an `Invitation` of purpose
重置密码, the same machinery as account activation); the member sets a new password with it on /portal/reset/.

Nobody but the member ever types or sees the password. A request changes nothing on the account (a stranger who
knows a phone number cannot lock anyone out), and what the request page answers never says whether a phone number
is registered. Every request is audited (a matched one as its PasswordResetRequest row, an unmatched one as an
audit line with the phone masked)."""
from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import require_actor
from gonghui.accounts.services import validate_password
from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.members.models import Person

from . import desk, messaging
from .models_join import Invitation, PasswordResetRequest
from .services_join import _issue, usable_code

#: To the union's officers who manage members: a member asks for a password reset (once per request).
RESET_ASKED = messaging.register_kind(messaging.MessageKind("portal.password_reset", "密码重置申请"))
#: A reset code is valid this long: shorter than an activation code, it opens an account that exists.
RESET_DAYS = 3
#: What the request page says, whatever happened (registered or not, matched or not).
ASKED = ("已收到。如手机号与身份证号后6位对应本平台的会员账号，您所在工会的干部会与您联系，"
         "核实身份后发给您一个重置码；也可以直接到工会办理。")


def _mask(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else "***"


def _account(person: Person) -> User | None:
    return User.objects.filter(person=person, is_active=True).first()


@transaction.atomic
def reset_request(*, phone: str, id_last6: str) -> PasswordResetRequest | None:
    """A member asks for a password reset. Returns the open request when the phone is an active account whose
    person's ID number ends with `id_last6`, else None — the caller answers the same (`ASKED`) either way."""
    phone = (phone or "").strip()
    last6 = re.sub(r"\s", "", id_last6 or "").upper()
    user = None
    if re.fullmatch(r"1[3-9]\d{9}", phone) and re.fullmatch(r"\d{5}[\dX]", last6):
        user = (User.objects.select_related("person", "person__org")
                .filter(username=phone, is_active=True, person__isnull=False).first())
    if user is None or not (user.person.id_number or "").upper().endswith(last6):
        audit.record(AuditEntry.Action.CREATE, model=PasswordResetRequest,
                     note=f"密码重置申请：手机号 {_mask(phone)} 与身份证号后6位未对应任何会员账号，未受理")
        return None
    person = user.person
    found = PasswordResetRequest.objects.filter(person=person, status=PasswordResetRequest.Status.OPEN).first()
    if found is not None:
        return found  # asked again: the same request, no second to-do or message
    try:
        with transaction.atomic():
            request = PasswordResetRequest.objects.create(person=person)
    except IntegrityError:  # the same member asking twice at the same instant
        return PasswordResetRequest.objects.get(person=person, status=PasswordResetRequest.Status.OPEN)
    url = reverse("portal:password_resets")
    for officer in desk.officers(person.org, Perm.MEMBERSHIP_MANAGE):
        messaging.send(officer, RESET_ASKED.key, f"会员申请重置密码：{person.name}",
                       f"{person.org.name}会员{person.name}忘记密码，申请重置。请核实本人身份后发放重置码。",
                       url, dedupe_key=f"portal.password_reset:{request.pk}")
    return request


@transaction.atomic
def reset_issue(*, actor, person: Person) -> str:
    """An officer of the member's union issues a one-time reset code (shown once); open requests of that member
    are marked handled. The account's password stays as it is until the member uses the code."""
    person = Person.objects.select_related("org").get(pk=person.pk)
    require_actor(actor, Perm.MEMBERSHIP_MANAGE, person.org)
    account = _account(person)
    if account is None:
        raise ServiceError("该人员尚未开通账号（或账号已停用），请发放开通邀请码。")
    if not person.phone or account.username != person.phone:
        raise ServiceError("该人员的登录账号不是登记的手机号，无法使用重置码；请由系统管理员在用户管理中处理。")
    code = _issue(person, actor, purpose=Invitation.Purpose.RESET, days=RESET_DAYS)
    for request in PasswordResetRequest.objects.filter(person=person, status=PasswordResetRequest.Status.OPEN):
        request.status = PasswordResetRequest.Status.DONE
        request.handled_at = timezone.now()
        request.handled_by = actor if getattr(actor, "pk", None) else None
        request.save()
    return code


@transaction.atomic
def reset_with_code(*, phone: str, code: str, password: str) -> User:
    """The member sets a new password with the reset code. The code is used once; used, replaced, expired, for
    another phone or an activation code are refused in plain Chinese. Sessions signed in with the old password end
    (Django checks the password hash on each request) and the account's login lock is lifted."""
    phone = (phone or "").strip()
    invitation = usable_code(phone=phone, code=code, purpose=Invitation.Purpose.RESET)
    user = User.objects.select_for_update().filter(person=invitation.person, is_active=True).first()
    if user is None or user.username != phone:
        raise ServiceError("该手机号没有可用的会员账号，请联系所在工会。")
    validate_password(password, user)
    user.set_password(password)
    user.save()
    invitation.used_at = timezone.now()
    invitation.save()
    from axes.utils import reset as axes_reset

    transaction.on_commit(lambda: axes_reset(username=user.username))
    return user


def open_requests(user):
    """Open reset requests of members inside the user's MEMBERSHIP_MANAGE scope (newest first)."""
    from gonghui.accounts.scope import org_q

    return (PasswordResetRequest.objects.filter(status=PasswordResetRequest.Status.OPEN)
            .filter(org_q(user, Perm.MEMBERSHIP_MANAGE, field="person__org"))
            .select_related("person", "person__org"))
