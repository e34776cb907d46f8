"""Labour-dispute mediation (劳动争议调解): register (an officer) or apply (a member from the phone), accept within
the time limit or refuse, close with the outcome and agreement, follow the agreement up."""
from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError

from ..models import DEFAULT_LIMITS, DisputeCase, DisputeKind, DisputeOutcome, DisputeRule, DisputeState
from ._common import money, past_date, person_of, require, text

__all__ = ["case_register", "case_apply", "case_accept", "case_refuse", "case_close", "case_followup",
           "rule_set", "limits_on"]


def limits_on(org, day: datetime.date) -> tuple[int, int, int]:
    """(accept_days, close_days, extend_days) in force for `org` on the day: the nearest union's rule (org or an
    ancestor), else the defaults of 《企业劳动争议协商调解规定》."""
    from gonghui.orgs.models import PATH_STEP

    paths = [org.path[: i + PATH_STEP] for i in range(0, len(org.path), PATH_STEP)]
    rule = (DisputeRule.objects.filter(org__path__in=paths, effective_from__lte=day)
            .order_by("-org__depth", "-effective_from").first())
    return (rule.accept_days, rule.close_days, rule.extend_days) if rule else DEFAULT_LIMITS


def _number(org, day: datetime.date) -> str:
    from gonghui.orgs.models import Organization

    prefix = f"调{day.year}-"
    Organization.objects.select_for_update().filter(pk=org.pk).first()  # one number at a time per union
    last = (DisputeCase.objects.filter(org=org, number__startswith=prefix)
            .order_by("-number").values_list("number", flat=True).first())
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:03d}"


def _check(kind, other_party, claim_amount, details):
    if kind not in DisputeKind.values:
        raise ServiceError("请选择争议类型。")
    other_party = text(other_party, 100)
    if not other_party:
        raise ServiceError("请填写被申请人（单位或个人）。")
    details = (details or "").strip()[:5000]
    if not details:
        raise ServiceError("请写明争议事实和请求。")
    return other_party, money(claim_amount, "请求金额"), details


@transaction.atomic
def case_register(*, actor, org, applicant_name: str, other_party: str, kind: str, details: str,
                  received_on: datetime.date, claim_amount=None, applicant_phone: str = "", is_member: bool = True,
                  person=None) -> DisputeCase:
    """An officer registers an application received at the union (a member or an employee who is not one)."""
    require(actor, Perm.RIGHTS_EDIT, org)
    applicant_name = text(applicant_name, 50)
    if not applicant_name:
        raise ServiceError("请填写申请人。")
    other_party, claim, details = _check(kind, other_party, claim_amount, details)
    received_on = past_date(received_on, "收到申请日期")
    return DisputeCase.objects.create(
        org=org, number=_number(org, received_on), person=person, applicant_name=applicant_name,
        applicant_phone=text(applicant_phone, 30), is_member=is_member, other_party=other_party, kind=kind,
        claim_amount=claim, details=details, received_on=received_on)


@transaction.atomic
def case_apply(*, actor, other_party: str, kind: str, details: str, claim_amount=None, applicant_phone: str = "",
               token: str = "") -> DisputeCase:
    """A member applies for mediation from the phone (the same form token twice is one application)."""
    person = person_of(actor)
    token = text(token, 40)
    if token:
        same = DisputeCase.objects.filter(applicant_user=actor, token=token).first()
        if same is not None:
            return same
    other_party, claim, details = _check(kind, other_party, claim_amount, details)
    today = localdate()
    try:
        with transaction.atomic():
            case = DisputeCase.objects.create(
                org=person.org, number=_number(person.org, today), person=person, applicant_user=actor,
                applicant_name=person.name, applicant_phone=text(applicant_phone, 30) or person.phone or "",
                is_member=True, other_party=other_party, kind=kind, claim_amount=claim, details=details,
                received_on=today, token=token)
    except IntegrityError:
        same = DisputeCase.objects.filter(applicant_user=actor, token=token).first()
        if same is None:
            raise
        return same
    from ..portal import disputes as portal

    portal.tell_officers_new(case)
    return case


def _locked(case):
    return DisputeCase.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def case_accept(*, actor, case: DisputeCase, accepted_on: datetime.date, mediators: str) -> DisputeCase:
    require(actor, Perm.RIGHTS_EDIT, case.org)
    case = _locked(case)
    if case.state == DisputeState.ACCEPTED:
        return case
    if case.state != DisputeState.APPLIED:
        raise ServiceError(f"该案件{case.get_state_display()}，不能受理。")
    accepted_on = past_date(accepted_on, "受理日期")
    if accepted_on < case.received_on:
        raise ServiceError("受理日期不能早于收到申请日期。")
    mediators = text(mediators, 100)
    if not mediators:
        raise ServiceError("请填写调解员。")
    _accept, close, _extend = limits_on(case.org, case.received_on)
    case.state, case.accepted_on, case.mediators = DisputeState.ACCEPTED, accepted_on, mediators
    case.due_on = accepted_on + datetime.timedelta(days=close)
    case.save(update_fields=["state", "accepted_on", "mediators", "due_on"])
    _tell(case, "您的调解申请已受理", f"调解员：{mediators}；调解期限至{case.due_on:%Y年%-m月%-d日}。")
    return case


@transaction.atomic
def case_refuse(*, actor, case: DisputeCase, refused_on: datetime.date, reason: str) -> DisputeCase:
    require(actor, Perm.RIGHTS_EDIT, case.org)
    case = _locked(case)
    if case.state != DisputeState.APPLIED:
        raise ServiceError(f"该案件{case.get_state_display()}，不能再决定不予受理。")
    refused_on = past_date(refused_on, "不予受理日期")
    if refused_on < case.received_on:
        raise ServiceError("不予受理日期不能早于收到申请日期。")
    reason = text(reason, 300)
    if not reason:
        raise ServiceError("请填写不予受理的理由。")
    case.state, case.refused_on, case.refuse_reason = DisputeState.REFUSED, refused_on, reason
    case.save(update_fields=["state", "refused_on", "refuse_reason"])
    _tell(case, "您的调解申请未予受理", reason)
    return case


@transaction.atomic
def case_extend(*, actor, case: DisputeCase) -> DisputeCase:
    """Both parties agree to extend the mediation once (by the rule's extend_days)."""
    require(actor, Perm.RIGHTS_EDIT, case.org)
    case = _locked(case)
    if case.state != DisputeState.ACCEPTED:
        raise ServiceError("只有已受理的案件可以延长调解期限。")
    if case.extended:
        raise ServiceError("调解期限只能延长一次。")
    _a, _c, extend = limits_on(case.org, case.received_on)
    case.due_on, case.extended = case.due_on + datetime.timedelta(days=extend), True
    case.save(update_fields=["due_on", "extended"])
    return case


@transaction.atomic
def case_close(*, actor, case: DisputeCase, outcome: str, closed_on: datetime.date,
               mediated_on: datetime.date | None = None, agreement_amount=None, agreement_text: str = "",
               over_claim_reason: str = "") -> DisputeCase:
    """The case closes: 调解成功 (with the agreement: its text, and the amount when money is agreed), 调解不成,
    转仲裁 or 撤回. Not before acceptance; an agreed amount above the claim needs a reason."""
    require(actor, Perm.RIGHTS_EDIT, case.org)
    case = _locked(case)
    if case.state == DisputeState.CLOSED:
        raise ServiceError("该案件已结案。")
    if case.state != DisputeState.ACCEPTED or case.accepted_on is None:
        raise ServiceError("案件尚未受理，不能结案（请先登记受理）。")
    if outcome not in DisputeOutcome.values:
        raise ServiceError("请选择调解结果。")
    closed_on = past_date(closed_on, "结案日期")
    if closed_on < case.accepted_on:
        raise ServiceError(f"结案日期不能早于受理日期（{case.accepted_on:%Y年%-m月%-d日}）。")
    mediated_on = past_date(mediated_on, "调解日期", required=False)
    if mediated_on and not (case.accepted_on <= mediated_on <= closed_on):
        raise ServiceError("调解日期应在受理日期和结案日期之间。")
    amount = money(agreement_amount, "协议金额")
    agreement_text = (agreement_text or "").strip()[:5000]
    over_claim_reason = text(over_claim_reason, 300)
    if outcome == DisputeOutcome.SUCCESS:
        if not agreement_text:
            raise ServiceError("调解成功的，请填写调解协议的内容。")
        if amount is not None and case.claim_amount is not None and amount > case.claim_amount \
                and not over_claim_reason:
            raise ServiceError(f"协议金额（{amount}元）超过请求金额（{case.claim_amount}元），请说明理由。")
    else:
        amount, agreement_text = None, ""
    case.state, case.outcome, case.closed_on, case.mediated_on = DisputeState.CLOSED, outcome, closed_on, mediated_on
    case.agreement_amount, case.agreement_text, case.over_claim_reason = amount, agreement_text, over_claim_reason
    case.save(update_fields=["state", "outcome", "closed_on", "mediated_on", "agreement_amount", "agreement_text",
                             "over_claim_reason"])
    _tell(case, f"您的调解申请已结案：{case.get_outcome_display()}")
    return case


@transaction.atomic
def case_followup(*, actor, case: DisputeCase, followup_on: datetime.date, note: str,
                  fulfilled: bool = False) -> DisputeCase:
    require(actor, Perm.RIGHTS_EDIT, case.org)
    case = _locked(case)
    if case.outcome != DisputeOutcome.SUCCESS:
        raise ServiceError("只有调解成功的案件需要回访协议履行情况。")
    followup_on = past_date(followup_on, "回访日期")
    if followup_on < case.closed_on:
        raise ServiceError("回访日期不能早于结案日期。")
    note = text(note, 300)
    if not note:
        raise ServiceError("请填写协议履行情况。")
    case.followup_on, case.followup_note, case.fulfilled = followup_on, note, fulfilled
    case.save(update_fields=["followup_on", "followup_note", "fulfilled"])
    return case


@transaction.atomic
def rule_set(*, actor, org, effective_from: datetime.date, accept_days: int, close_days: int,
             extend_days: int, note: str = "") -> DisputeRule:
    require(actor, Perm.RIGHTS_EDIT, org)
    for value, label in ((accept_days, "受理期限"), (close_days, "调解期限"), (extend_days, "可延长期限")):
        if value is None or not 0 <= value <= 90:
            raise ServiceError(f"{label}应为0至90日。")
    row, _ = DisputeRule.objects.update_or_create(
        org=org, effective_from=effective_from,
        defaults=dict(accept_days=accept_days, close_days=close_days, extend_days=extend_days, note=text(note, 200)))
    return row


def _tell(case, title: str, body: str = "") -> None:
    from ..portal import disputes as portal

    portal.tell_applicant(case, title, body)
