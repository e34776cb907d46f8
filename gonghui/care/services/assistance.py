"""Assistance (救助、补助): application (by the member online or entered by an officer) → review steps set by the
union → disbursement with a receipt. Nobody decides on their own application; a step names a role and is decided
by someone holding that role on the union or above it.

Statuses: draft → submitted → in_review (after the first approving step) → approved → disbursed; or rejected
(any step), cancelled (by the applicant before any decision, by an officer before disbursement).
"""
from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.models import RoleAssignment, User
from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.errors import ServiceError
from gonghui.core.models import Sequence
from gonghui.core.uploads import check_attachment
from gonghui.members.models import FamilyMember, Person
from gonghui.orgs.models import Organization

from .. import rules
from ..models import (
    ApprovalDecision,
    Assistance,
    AssistanceAttachment,
    FundingSource,
    HardshipFile,
    Occasion,
    PaymentForm,
    RecipientKind,
)
from ._common import OUT_OF_SCOPE, acting_user, clean_goods, goods_total, money, not_future, record_date, require, require_child

__all__ = [
    "assistance_create", "assistance_apply", "assistance_update", "assistance_submit", "assistance_decide",
    "assistance_disburse", "assistance_cancel", "assistance_attach", "assistance_reroute", "may_decide",
    "recipient_kind_of",
]

MEMBER_STATES = (Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING)
#: Kinds whose amount is governed by a condolence occasion's caps (送温暖 counts as 节日).
KIND_OCCASION = {Assistance.Kind.FESTIVAL: Occasion.FESTIVAL}
UPDATABLE = {"kind", "amount", "reason", "form", "goods", "funding_source", "family_member", "school", "grade",
             "hardship_file", "reverify_due_on", "covers_from", "covers_to", "over_cap_reason", "applied_on"}
#: What approvers decided on: fixed once a step has been decided.
DECIDED_FIXED = {"kind", "amount", "form", "goods", "family_member"}
APPLICANT_UPDATABLE = {"amount", "reason", "form", "goods", "family_member", "school", "grade"}


def recipient_kind_of(person: Person) -> str:
    retired = person.work_status in (Person.WorkStatus.RETIRED, Person.WorkStatus.LEFT_OFFICE)
    return RecipientKind.RETIREE if retired else RecipientKind.SERVING


def _is_applicant(actor, a: Assistance) -> bool:
    if actor is None or not getattr(actor, "pk", None):
        return False
    return a.applicant_user_id == actor.pk or (actor.person_id is not None and actor.person_id == a.person_id)


def _validated(org: Organization, person: Person, values: dict, *, exclude_pk: int | None = None) -> dict:
    """Check one application's fields together; returns them cleaned (amount Decimal, goods list, cap flags)."""
    kind = values.get("kind")
    if kind not in Assistance.Kind.values:
        raise ServiceError("请选择救助类别。")
    form = values.get("form") or PaymentForm.CASH
    if form not in PaymentForm.values:
        raise ServiceError("请选择发放形式（现金、银行转账或实物）。")
    if values.get("funding_source") not in FundingSource.values:
        raise ServiceError("请选择经费来源。")
    goods = clean_goods(values.get("goods"))
    if form == PaymentForm.GOODS and not goods:
        raise ServiceError("实物发放请填写物品清单（名称、数量、价值）。")
    amount = values.get("amount")
    if goods and (amount is None or amount == ""):
        amount = goods_total(goods)
    amount = money(amount, label="金额")
    if goods and goods_total(goods) and goods_total(goods) != amount:
        raise ServiceError(f"金额{amount}元与物品价值合计{goods_total(goods)}元不一致。")
    family = values.get("family_member")
    if family is not None and family.person_id != person.pk:
        raise ServiceError("所选家属不是该职工登记的家属。")
    if kind == Assistance.Kind.EDUCATION:
        require_child(family)
        if not (values.get("school") or "").strip():
            raise ServiceError("助学请填写学校。")
    if kind == Assistance.Kind.SURVIVOR:
        if person.work_status != Person.WorkStatus.DECEASED and person.died_on is None:
            raise ServiceError("遗属供养的对象应为已故会员的遗属：该职工未登记为已故。")
        if family is None:
            raise ServiceError("遗属供养请选择领取供养的遗属（家属）。")
        if values.get("reverify_due_on") is None:
            raise ServiceError("遗属供养须每年复核，请填写下次复核日期。")
    applied_on = values.get("applied_on") or localdate()
    record_date(applied_on, "申请日期", person=person, family_member=family,
                about_death=kind == Assistance.Kind.SURVIVOR)
    if kind == Assistance.Kind.SURVIVOR and values.get("covers_from"):
        record_date(values["covers_from"], "供养期间起", person=person, about_death=True)
    if values.get("reverify_due_on") is not None and values["reverify_due_on"] <= applied_on:
        raise ServiceError("下次复核日期应晚于申请日期。")
    if values.get("covers_from") and values.get("covers_to") and values["covers_from"] > values["covers_to"]:
        raise ServiceError("所属期间的开始日期不能晚于结束日期。")
    file = values.get("hardship_file")
    if file is not None:
        file = HardshipFile.objects.get(pk=file.pk)
        if file.status != HardshipFile.Status.OPEN:
            raise ServiceError("该困难职工档案已脱困关闭，不能再用于救助；如该户再次困难，请重新建档。")
        if file.person_id != person.pk:
            raise ServiceError("所选困难职工档案不是该职工的档案。")
    reason = (values.get("over_cap_reason") or "").strip()
    over_cap = yearly_over = False
    occasion = KIND_OCCASION.get(kind)
    if occasion:
        applied = rules.rule_for(org, occasion, recipient_kind_of(person), applied_on)
        if applied.cap is not None and amount > applied.cap:
            if not reason:
                raise ServiceError(f"金额{amount}元超过“{applied.rule_set.name}”规定的上限{applied.cap}元，"
                                   "请填写超标准的原因（将提交经审委员会审查）。")
            over_cap = True
        if applied.yearly_cap is not None:
            total = rules.yearly_total(person.pk, occasion, applied_on.year)
            if exclude_pk:
                previous = (Assistance.objects.filter(pk=exclude_pk, status__in=rules.COMMITTED)
                            .values_list("amount", flat=True).first())
                total -= previous or 0
            yearly_over = total + amount > applied.yearly_cap
    return {**values, "form": form, "goods": goods, "amount": amount, "applied_on": applied_on,
            "school": (values.get("school") or "").strip(), "grade": (values.get("grade") or "").strip(),
            "reason": (values.get("reason") or "").strip(), "over_cap_reason": reason, "over_cap": over_cap,
            "yearly_over_cap": yearly_over}


def _new(org, person, values, **extra) -> Assistance:
    if not org.is_active:
        raise ServiceError("该组织已撤销。")
    cleaned = _validated(org, person, values)
    a = Assistance(org=org, person=person, **cleaned, **extra)
    a.full_clean()
    a.save()
    return a


@transaction.atomic
def assistance_create(*, actor, person: Person, kind: str, amount=None, reason: str = "",
                      applied_on: datetime.date | None = None, family_member: FamilyMember | None = None,
                      form: str = PaymentForm.CASH, goods=None, funding_source: str = FundingSource.OWN,
                      hardship_file: HardshipFile | None = None, school: str = "", grade: str = "",
                      reverify_due_on: datetime.date | None = None, covers_from: datetime.date | None = None,
                      covers_to: datetime.date | None = None, over_cap_reason: str = "",
                      submit: bool = False) -> Assistance:
    """An officer enters an application (paper form, or on the member's behalf). `submit=True` sends it to review."""
    require(actor, Perm.CARE_EDIT, person.org)
    values = dict(kind=kind, amount=amount, reason=reason, applied_on=applied_on, family_member=family_member,
                  form=form, goods=goods, funding_source=funding_source, hardship_file=hardship_file, school=school,
                  grade=grade, reverify_due_on=reverify_due_on, covers_from=covers_from, covers_to=covers_to,
                  over_cap_reason=over_cap_reason)
    a = _new(person.org, person, values, entered_by=acting_user(actor))
    if submit:
        a = assistance_submit(actor=actor, assistance=a)
    return a


@transaction.atomic
def assistance_apply(*, actor, kind: str, amount, reason: str, family_member: FamilyMember | None = None,
                     form: str = PaymentForm.CASH, goods=None, school: str = "", grade: str = "",
                     submit: bool = True) -> Assistance:
    """A member applies online for themself (the person linked to their login)."""
    person = getattr(actor, "person", None) if actor is not None else None
    if person is None:
        raise ServiceError("您的账号未关联会员信息，不能在线申请；请联系工会。")
    person = Person.objects.select_related("org").get(pk=person.pk)
    if person.member_status not in MEMBER_STATES:
        raise ServiceError("只有会员可以在线申请救助。")
    if not reason or not reason.strip():
        raise ServiceError("请填写申请事由。")
    if kind in (Assistance.Kind.FESTIVAL, Assistance.Kind.SUMMER):
        raise ServiceError("节日慰问和夏送清凉由工会统一组织，不需要个人申请。")
    if kind == Assistance.Kind.SURVIVOR:
        raise ServiceError("遗属供养由工会办理，请联系工会。")
    values = dict(kind=kind, amount=amount, reason=reason, applied_on=localdate(), family_member=family_member,
                  form=form, goods=goods, funding_source=FundingSource.OWN, hardship_file=None, school=school,
                  grade=grade, reverify_due_on=None, covers_from=None, covers_to=None, over_cap_reason="")
    a = _new(person.org, person, values, applicant_user=actor, entered_by=actor)
    if submit:
        a = assistance_submit(actor=actor, assistance=a)
    return a


def _lock(a: Assistance) -> Assistance:
    return Assistance.objects.select_for_update().select_related("org", "person").get(pk=a.pk)


@transaction.atomic
def assistance_update(*, actor, assistance: Assistance, **fields) -> Assistance:
    """Correct an application before any decision (the applicant: their own, in draft or submitted; an officer:
    until approval)."""
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise ServiceError("这些内容不能在此修改：" + "、".join(sorted(unknown)))
    a = _lock(assistance)
    if _is_applicant(actor, a) and not can_on_org(actor, Perm.CARE_EDIT, a.org):
        if a.status not in (Assistance.Status.DRAFT, Assistance.Status.SUBMITTED) or a.has_decisions:
            raise ServiceError("申请已进入审批，不能再修改；如需更改请撤回后重新申请。")
        if set(fields) - APPLICANT_UPDATABLE:
            raise ServiceError("经费来源、困难档案等由工会填写。")
    else:
        require(actor, Perm.CARE_EDIT, a.org)
        if a.status not in (Assistance.Status.DRAFT, Assistance.Status.SUBMITTED, Assistance.Status.IN_REVIEW):
            raise ServiceError(f"该申请{a.get_status_display()}，不能再修改。")
        if set(fields) & DECIDED_FIXED and a.has_decisions:
            raise ServiceError("已有审批意见，类别、金额和物品不能再修改；如需调整请撤销后重新申请。")
    values = {name: getattr(a, name) for name in UPDATABLE}
    values.update(fields)
    cleaned = _validated(a.org, a.person, values, exclude_pk=a.pk)
    for name, value in cleaned.items():
        setattr(a, name, value)
    a.full_clean()
    a.save()
    return a


@transaction.atomic
def assistance_submit(*, actor, assistance: Assistance) -> Assistance:
    """Send a draft to review; the union's steps at this moment are copied onto the application."""
    a = _lock(assistance)
    if not _is_applicant(actor, a):
        require(actor, Perm.CARE_EDIT, a.org)
    if a.status == Assistance.Status.SUBMITTED:
        return a  # submitted twice: harmless
    if a.status != Assistance.Status.DRAFT:
        raise ServiceError(f"该申请{a.get_status_display()}，不能再提交。")
    a.approval_steps = rules.approval_steps_for(a.org, a.kind)
    a.current_step = 0
    a.awaiting_role = a.approval_steps[0].get("role", "")
    a.status = Assistance.Status.SUBMITTED
    _pass_unheld(a)
    a.save()
    return a


def _pass_unheld(a: Assistance) -> bool:
    """When nobody can act on the current step (rules.route), move the application on to the next step that has a
    holder, or to the union's chair (a step appended), recording each passed step as a decision “无人担任” with the
    reason and marking it in `approval_steps` (the page shows “小组长审核：无人担任，已转至…”). The caller saves `a`.
    Returns whether it moved."""
    steps = [dict(s) for s in a.approval_steps or []]
    if a.current_step >= len(steps):
        return False
    holders = rules.holders_for(a.org, exclude_users=(a.applicant_user_id,), exclude_person=a.person_id)
    route = rules.route(steps, a.current_step, a.org, holders)
    if not route.moves or route.target == a.current_step:
        return False
    if route.added:
        steps.append(route.added)
    target = steps[route.target]
    for index in range(a.current_step, route.target):
        step = steps[index]
        who = rules.role_label(step.get("role", ""))
        step["skipped"] = f"无人担任，已转至“{target['label']}”"
        reason = (f"“{step['label']}”无人担任：{a.org.name}及其上级工会没有{who}账号可以办理，"
                  f"已自动转至“{target['label']}”。")
        ApprovalDecision(assistance=a, step=index, step_label=step.get("label", "")[:50], role=step.get("role", ""),
                         decision=ApprovalDecision.Decision.SKIP, comment=reason[:300], decided_by=None).save()
    a.approval_steps = steps
    a.current_step = route.target
    a.awaiting_role = target.get("role", "")
    return True


@transaction.atomic
def assistance_reroute(*, actor, assistance: Assistance) -> bool:
    """Pass an application waiting at a step nobody holds on (as at submission; for applications that were
    waiting before the step lost its holder). Returns whether it moved."""
    a = _lock(assistance)
    require(actor, Perm.CARE_APPROVE, a.org)
    if a.status not in (Assistance.Status.SUBMITTED, Assistance.Status.IN_REVIEW):
        return False
    moved = _pass_unheld(a)
    if moved:
        a.save()
    return moved


def may_decide(user, a: Assistance, step: dict | None = None) -> bool:
    """Whether the user may decide the application's current step (not whether they may see it)."""
    step = step if step is not None else a.current_step_info
    if step is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    if _is_applicant(user, a):
        return False
    if user.is_superuser:
        return True
    if not step.get("role"):
        return can_on_org(user, Perm.CARE_APPROVE, a.org)
    return RoleAssignment.objects.filter(user=user, role=step["role"], org__path__in=rules.ancestor_paths(a.org),
                                         org__status=Organization.Status.ACTIVE).exists()


@transaction.atomic
def assistance_decide(*, actor, assistance: Assistance, approve: bool, comment: str = "") -> Assistance:
    """Record the decision of the current step. The last approving step approves the application; any
    rejection ends it."""
    if actor is None or not getattr(actor, "pk", None):
        raise ServiceError("审批须由具体人员办理。")
    a = _lock(assistance)
    if a.status not in (Assistance.Status.SUBMITTED, Assistance.Status.IN_REVIEW):
        raise ServiceError(f"该申请{a.get_status_display()}，不在审批中。")
    if _is_applicant(actor, a):
        raise ServiceError("不能审批本人的申请。")
    step = a.current_step_info
    if not may_decide(actor, a, step):
        if not can_on_org(actor, Perm.CARE_VIEW, a.org):
            raise ServiceError(OUT_OF_SCOPE, code="out_of_scope")
        raise ServiceError(f"您不是“{step['label']}”环节的审批人。")
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ServiceError("不同意时请填写审批意见。")
    verdict = ApprovalDecision.Decision.APPROVE if approve else ApprovalDecision.Decision.REJECT
    decision = ApprovalDecision(assistance=a, step=a.current_step, step_label=step["label"], role=step.get("role", ""),
                                decision=verdict, comment=comment[:300], decided_by=actor)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        raise ServiceError("该环节已由他人审批，请刷新后查看。") from None
    if not approve:
        a.status = Assistance.Status.REJECTED
        a.decided_on = localdate()
    elif a.current_step + 1 >= len(a.approval_steps):
        a.current_step += 1
        a.status = Assistance.Status.APPROVED
        a.decided_on = localdate()
    else:
        a.current_step += 1
        a.status = Assistance.Status.IN_REVIEW
        a.awaiting_role = a.approval_steps[a.current_step].get("role", "")
        _pass_unheld(a)
    a.save()
    if a.status in (Assistance.Status.APPROVED, Assistance.Status.REJECTED):
        _tell_applicant(a, comment if a.status == Assistance.Status.REJECTED else "")
    return a


def _tell_applicant(a: Assistance, comment: str = "") -> None:
    """A message (portal.messaging) to the applicant's account, if they have one, that the state changed."""
    from gonghui.portal import messaging

    from ..portal import ASSISTANCE

    user = a.applicant_user or User.objects.filter(person_id=a.person_id, is_active=True).first()
    if user is None:
        return
    state = a.get_status_display()
    body = f"您的{a.get_kind_display()}申请（{a.applied_on:%Y-%m-%d}）{state}。" + (f"审批意见：{comment}" if comment else "")
    messaging.send(user, ASSISTANCE.key, f"救助申请{state}", body, reverse("care:my_detail", args=[a.pk]),
                   dedupe_key=f"care.assistance:{a.pk}:{a.status}")


def next_receipt_no(org: Organization, year: int) -> str:
    return f"{org.code}-JZ{year}-{Sequence.next(f'care_receipt:{org.pk}:{year}'):05d}"


@transaction.atomic
def assistance_disburse(*, actor, assistance: Assistance, disbursed_on: datetime.date, method: str | None = None,
                        receipt_no: str = "", funding_source: str | None = None) -> Assistance:
    """Pay an approved application and give it a receipt number (unique in the union; generated when blank).
    Paying twice is harmless: an application already paid is returned unchanged."""
    a = _lock(assistance)
    require(actor, Perm.CARE_EDIT, a.org)
    if a.status == Assistance.Status.DISBURSED:
        return a
    if a.status != Assistance.Status.APPROVED:
        raise ServiceError(f"该申请{a.get_status_display()}，批准后才能发放。")
    not_future(disbursed_on, "发放日期")
    if disbursed_on < a.applied_on:
        raise ServiceError("发放日期不能早于申请日期。")
    method = method or a.form
    if method not in PaymentForm.values:
        raise ServiceError("请选择发放方式。")
    if funding_source is not None:
        if funding_source not in FundingSource.values:
            raise ServiceError("请选择经费来源。")
        a.funding_source = funding_source
    receipt_no = (receipt_no or "").strip() or next_receipt_no(a.org, disbursed_on.year)
    if Assistance.objects.filter(org=a.org, receipt_no=receipt_no).exclude(pk=a.pk).exists():
        raise ServiceError(f"凭证号“{receipt_no}”在本工会已被使用。")
    a.status = Assistance.Status.DISBURSED
    a.disbursed_on = disbursed_on
    a.disbursed_by = acting_user(actor)
    a.disburse_method = method
    a.receipt_no = receipt_no
    try:
        with transaction.atomic():
            a.save()
    except IntegrityError:
        raise ServiceError(f"凭证号“{receipt_no}”在本工会已被使用。") from None
    _tell_applicant(a)
    return a


@transaction.atomic
def assistance_cancel(*, actor, assistance: Assistance, reason: str = "") -> Assistance:
    """Withdraw an application: the applicant before any decision, an officer before payment."""
    a = _lock(assistance)
    if a.status == Assistance.Status.CANCELLED:
        return a
    if _is_applicant(actor, a) and not can_on_org(actor, Perm.CARE_EDIT, a.org):
        if a.status not in (Assistance.Status.DRAFT, Assistance.Status.SUBMITTED) or a.has_decisions:
            raise ServiceError("申请已进入审批，不能自行撤回；请联系工会。")
    else:
        require(actor, Perm.CARE_EDIT, a.org)
        if a.status in (Assistance.Status.DISBURSED, Assistance.Status.REJECTED):
            raise ServiceError(f"该申请{a.get_status_display()}，不能撤销。")
        if not reason.strip():
            raise ServiceError("请填写撤销原因。")
    a.status = Assistance.Status.CANCELLED
    a.cancel_reason = reason.strip()[:200]
    a.save()
    return a


@transaction.atomic
def assistance_attach(*, actor, assistance: Assistance, file, name: str = "") -> AssistanceAttachment:
    """Attach a document (diagnosis, receipts, admission letter) to an application, checked by
    core.uploads.check_attachment. Stored under
    MEDIA_ROOT/care/assistance/<id>/ with a random name; serve it only through a scoped view."""
    a = _lock(assistance)
    if _is_applicant(actor, a) and not can_on_org(actor, Perm.CARE_EDIT, a.org):
        if a.status not in (Assistance.Status.DRAFT, Assistance.Status.SUBMITTED, Assistance.Status.IN_REVIEW):
            raise ServiceError("申请已办结，不能再上传附件。")
    else:
        require(actor, Perm.CARE_EDIT, a.org)
    original = check_attachment(file, name)  # the same types, size limit and content check as every attachment
    attachment = AssistanceAttachment(assistance=a, name=original[:200], uploaded_by=acting_user(actor))
    attachment.file.save(original, file, save=False)
    attachment.save()
    return attachment
