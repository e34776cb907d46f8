"""网上入会 and member accounts by invitation. Every write validates, runs in a transaction and is audited
(AuditedModel); the admission itself goes through members.services exactly as an officer's does."""
from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import RoleAssignment, User
from gonghui.accounts.roles import Perm, Role
from gonghui.accounts.scope import require_actor
from gonghui.accounts.services import validate_password
from gonghui.core import idcard
from gonghui.core.errors import ServiceError
from gonghui.core.models import Sequence
from gonghui.members import services as member_services
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

from . import desk, messaging
from .models_join import Invitation, JoinApplication

#: To the union's officers who admit members: a new application arrived (once per application).
JOIN_NEW = messaging.register_kind(messaging.MessageKind("portal.join_new", "入会申请"))
#: To the applicant, when the application is already theirs through an account (a registered non-member with a
#: login): asked for more, approved or refused. Applicants without an account follow it on the status page.
JOIN_DECISION = messaging.register_kind(messaging.MessageKind("portal.join_decision", "入会审核结果"))

ALREADY_MEMBER = "该身份证号已是工会会员，如需转会请联系所在工会。"
ALREADY_PENDING = "该身份证号已有一份正在审核的入会申请，请勿重复提交；可凭申请号查询审核进度。"
#: Unions a worker may apply to on the public page.
JOINABLE_KINDS = (Organization.Kind.GRASSROOTS, Organization.Kind.JOINT)
INVITATION_DAYS = 30
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def joinable_unions():
    return Organization.objects.filter(status=Organization.Status.ACTIVE).filter(
        Q(kind__in=JOINABLE_KINDS) | Q(accepts_unaffiliated=True))


def search_unions(query: str, *, limit: int = 20):
    """Unions whose name, short name or employer contains the words typed (at least two characters)."""
    query = (query or "").strip()
    if len(query) < 2:
        return Organization.objects.none()
    return (joinable_unions().filter(kind__in=JOINABLE_KINDS)
            .filter(Q(name__icontains=query) | Q(short_name__icontains=query) | Q(employer__icontains=query))
            .order_by("name")[:limit])


def unaffiliated_unions(*, limit: int = 20):
    """Where a worker whose employer has no union may join: the unions flagged for it, else the 联合工会."""
    flagged = joinable_unions().filter(accepts_unaffiliated=True).order_by("name")
    if flagged.exists():
        return flagged[:limit]
    return joinable_unions().filter(kind=Organization.Kind.JOINT).order_by("name")[:limit]


def _parse_id(raw: str) -> idcard.IDNumber:
    try:
        return idcard.parse(raw)
    except idcard.IDNumberError as exc:
        raise ServiceError(str(exc) + "。") from None


def _new_number() -> str:
    today = timezone.localdate()
    return f"RH{today:%Y%m%d}{Sequence.next(f'join:{today:%Y%m%d}'):04d}"


@transaction.atomic
def join_apply(*, org: Organization, name: str, id_number: str, phone: str, employer: str,
               consent: bool, unaffiliated: bool = False) -> JoinApplication:
    """A worker applies on the public page. Refuses an ID number that is already a member anywhere (without saying
    where) and a second application while one is open."""
    if not consent:
        raise ServiceError("请阅读并同意《中国工会章程》后再提交。")
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写姓名。")
    phone = (phone or "").strip()
    if not PHONE_RE.match(phone):
        raise ServiceError("请填写11位手机号码。")
    employer = (employer or "").strip()
    if not employer:
        raise ServiceError("请填写工作单位。")
    if not joinable_unions().filter(pk=org.pk).exists():
        raise ServiceError("请选择要加入的工会。")
    parsed = _parse_id(id_number)
    if Person.objects.filter(id_number=parsed.number, member_status__in=member_services.ACTIVE_STATES).exists():
        raise ServiceError(ALREADY_MEMBER, code="already_member")
    # The friendly refusal; two submissions at the same instant are stopped by the partial unique constraint.
    if JoinApplication.objects.filter(id_number=parsed.number,
                                                          status__in=JoinApplication.OPEN).exists():
        raise ServiceError(ALREADY_PENDING, code="already_pending")
    application = JoinApplication(
        number=_new_number(), org=org, name=name, id_number=parsed.number, gender=parsed.gender,
        birth_date=parsed.birth_date, phone=phone, employer=employer, unaffiliated=unaffiliated,
        consented_at=timezone.now())
    application.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # a simultaneous submission won (join_one_open_per_id)
        raise ServiceError(ALREADY_PENDING, code="already_pending") from None
    _tell_officers(application)
    return application


def _tell_officers(application: JoinApplication) -> None:
    """A message to the officers who may admit members in the chosen union (portal.desk.officers). No ID number."""
    url = reverse("portal:join_review_detail", args=[application.pk])
    title = f"新的入会申请：{application.name}（{application.number}）"
    body = f"{application.name}（{application.employer}）申请加入{application.org.name}，请审核。"
    for user in desk.officers(application.org, Perm.MEMBERSHIP_MANAGE):
        messaging.send(user, JOIN_NEW.key, title, body, url, dedupe_key=f"portal.join:{application.pk}:new")


def _tell_applicant(application: JoinApplication) -> None:
    """The decision to the applicant's account, if the application belongs to a person who has one."""
    person_q = Q(person_id=application.person_id) if application.person_id else \
        Q(person__id_number=application.id_number)
    user = User.objects.filter(person_q, is_active=True).order_by("pk").first()
    if user is None:
        return
    state = application.get_status_display()
    body = f"您向{application.org.name}提交的入会申请（申请号{application.number}）{state}。"
    if application.status == JoinApplication.Status.MORE_INFO:
        body += f"需补充：{application.reason}"
    elif application.status == JoinApplication.Status.REFUSED:
        body += f"原因：{application.reason}"
    messaging.send(user, JOIN_DECISION.key, f"入会申请{state}", body, reverse("portal:join_status"),
                   dedupe_key=f"portal.join:{application.pk}:{application.status}:{application.decided_at:%Y%m%d%H%M%S%f}")


def join_lookup(*, number: str, id_last6: str) -> JoinApplication | None:
    """The applicant's own view: the application number and the last six characters of the ID number."""
    number, id_last6 = (number or "").strip().upper(), (id_last6 or "").strip().upper()
    if len(id_last6) != 6:
        return None
    application = JoinApplication.objects.select_related("org").filter(number=number).first()
    if application is None or not hmac.compare_digest(application.id_number[-6:], id_last6):
        return None
    return application


@transaction.atomic
def join_supplement(*, application: JoinApplication, text: str) -> JoinApplication:
    """The applicant answers a request for more (需补充材料): the application goes back to 待审核."""
    application = JoinApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != JoinApplication.Status.MORE_INFO:
        raise ServiceError("该申请当前不需要补充材料。")
    text = (text or "").strip()
    if not text:
        raise ServiceError("请填写补充说明。")
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    application.supplement = (application.supplement + "\n" if application.supplement else "") + f"[{stamp}] {text}"
    application.status = JoinApplication.Status.PENDING
    application.save()
    return application


def _open_for_review(actor, application: JoinApplication) -> JoinApplication:
    application = JoinApplication.objects.select_for_update().select_related("org").get(pk=application.pk)
    require_actor(actor, Perm.MEMBERSHIP_MANAGE, application.org)
    if application.status not in JoinApplication.OPEN:
        raise ServiceError("该申请已审核完毕。")
    return application


def _decide(application, actor, status, reason="") -> None:
    application.status = status
    application.reason = reason
    application.decided_at = timezone.now()
    application.decided_by = actor if getattr(actor, "pk", None) else None
    application.save()
    _tell_applicant(application)


@transaction.atomic
def join_ask_more(*, actor, application: JoinApplication, note: str) -> JoinApplication:
    application = _open_for_review(actor, application)
    note = (note or "").strip()
    if not note:
        raise ServiceError("请写明需要补充的材料（申请人可见）。")
    _decide(application, actor, JoinApplication.Status.MORE_INFO, note)
    return application


@transaction.atomic
def join_refuse(*, actor, application: JoinApplication, reason: str) -> JoinApplication:
    application = _open_for_review(actor, application)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("请填写不予通过的原因（申请人可见）。")
    _decide(application, actor, JoinApplication.Status.REFUSED, reason)
    return application


@transaction.atomic
def join_approve(*, actor, application: JoinApplication, joined_on: datetime.date | None = None
                 ) -> tuple[JoinApplication, str]:
    """Admit the applicant: the person is registered in the chosen union (or the one already registered there is
    taken), applies and is admitted with a member number through members.services, and gets an invitation code
    to open their account. Returns the application and the code (shown once, only its hash is kept)."""
    application = _open_for_review(actor, application)
    org = application.org
    joined_on = joined_on or timezone.localdate()
    person = Person.objects.filter(id_number=application.id_number).select_related("org").first()
    if person is not None:
        if person.member_status in member_services.ACTIVE_STATES:
            raise ServiceError("该申请人已是会员（已在其他工会入会），请告知其办理转会。")
        if not person.org.path.startswith(org.path):
            raise ServiceError("该身份证号已在其他组织登记，请联系该组织办理调动或转会后再批准。")
    else:
        person = member_services.person_create(
            org=org, name=application.name, id_number=application.id_number, phone=application.phone,
            note=f"网上入会（申请号{application.number}），工作单位：{application.employer}")
    applied_on = timezone.localdate(application.submitted_at)
    if person.member_status != Person.MemberStatus.PENDING:
        member_services.member_apply(person=person, applied_on=applied_on, note=f"网上入会申请{application.number}")
    member_services.member_admit(person=person, joined_on=joined_on, applied_on=applied_on,
                                 note=f"网上入会申请{application.number}批准")
    person.refresh_from_db()
    application.person = person
    _decide(application, actor, JoinApplication.Status.APPROVED)
    code = _issue(person, actor)
    return application, code


# ---- invitations --------------------------------------------------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on a phone


def _hash(code: str) -> str:
    normalised = re.sub(r"[\s-]", "", code or "").upper()
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def _issue(person: Person, actor, *, purpose: str = Invitation.Purpose.ACTIVATE,
           days: int = INVITATION_DAYS) -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    # Earlier unused codes of the person stop working (either purpose): only the newest one opens the account.
    Invitation.objects.filter(person=person, used_at__isnull=True, revoked=False).update(revoked=True)
    Invitation.objects.create(person=person, code_hash=_hash(raw), purpose=purpose,
                              expires_at=timezone.now() + datetime.timedelta(days=days),
                              created_by=actor if getattr(actor, "pk", None) else None)
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


@transaction.atomic
def invitations_issue(*, actor, people) -> list[tuple[Person, str]]:
    """Codes for members who have no account yet (bulk, by an officer of their union). People with an account or
    without a phone are skipped; each code replaces the person's earlier unused one."""
    issued = []
    people = Person.objects.filter(pk__in=[p.pk for p in people]).select_related("org").order_by("pk")
    for person in people:
        require_actor(actor, Perm.MEMBERSHIP_MANAGE, person.org)
        if person.member_status not in member_services.ACTIVE_STATES or not person.phone:
            continue
        if User.objects.filter(person=person).exists():
            continue
        issued.append((person, _issue(person, actor)))
    return issued


def usable_code(*, phone: str, code: str, purpose: str) -> Invitation:
    """The invitation behind `code` for `phone`, locked, if it may still be used for `purpose`; else a
    ServiceError saying plainly why (wrong, used, replaced, expired, or a code of the other kind)."""
    word = "邀请码" if purpose == Invitation.Purpose.ACTIVATE else "重置码"
    invitation = (Invitation.objects.select_for_update().select_related("person", "person__org")
                  .filter(code_hash=_hash(code)).first())
    if invitation is None or invitation.person.phone != phone:
        raise ServiceError(f"手机号或{word}不正确，请核对后重试。")
    if invitation.purpose != purpose:
        if invitation.purpose == Invitation.Purpose.RESET:
            raise ServiceError("这是密码重置码，请在“重置密码”页面使用。")
        raise ServiceError("这是开通账号的邀请码，请在“会员开通账号”页面使用。")
    if invitation.used_at is not None:
        then = "如已开通请直接登录；忘记密码请联系所在工会重置。" if purpose == Invitation.Purpose.ACTIVATE else \
            "如已设置新密码请直接登录；仍无法登录请联系所在工会重新发放。"
        raise ServiceError(f"该{word}已使用过，不能再次使用。{then}")
    if invitation.revoked:
        raise ServiceError(f"该{word}已作废（工会已发放新的{word}），请使用最新的{word}。")
    if invitation.expires_at <= timezone.now():
        raise ServiceError(f"该{word}已过期，请联系所在工会重新发放。")
    return invitation


@transaction.atomic
def account_activate(*, phone: str, code: str, password: str) -> User:
    """The member opens their account with the invitation code: login name is their phone, the password follows
    the settings' rules. A code used, expired, replaced or for another phone is refused in plain Chinese."""
    phone = (phone or "").strip()
    invitation = usable_code(phone=phone, code=code, purpose=Invitation.Purpose.ACTIVATE)
    person = invitation.person
    if person.member_status not in member_services.ACTIVE_STATES:
        raise ServiceError("会籍状态不允许开通账号，请联系所在工会。")
    if User.objects.filter(Q(username=phone) | Q(person=person)).exists():
        raise ServiceError("该手机号已开通账号，请直接登录；忘记密码请联系所在工会重置。")
    user = User(username=phone, display_name=person.name, person=person)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    RoleAssignment.objects.create(user=user, org=person.org, role=Role.MEMBER)
    invitation.used_at = timezone.now()
    invitation.save()
    return user
