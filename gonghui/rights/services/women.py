"""Women workers' special protection: the 三期 register, checks of the 女职工权益保护专项集体合同, the 女职工安康互助保障
enrolments (女职工工作)."""
from __future__ import annotations

import datetime

from django.db import transaction

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError

from ..models import ContractCheck, MaternityRecord, MutualAidEnrolment
from ._common import money, past_date, require, text

__all__ = ["campaign_record", "contract_check_fixed", "contract_check_record", "maternity_record", "mutual_aid_claim",
           "mutual_aid_enrol"]

DEFAULT_PROTECTIONS = {
    MaternityRecord.Phase.PREGNANCY: "不得降低工资、辞退；怀孕7个月以上不安排延长劳动时间和夜班劳动；产前检查计入劳动时间",
    MaternityRecord.Phase.MATERNITY: "产假98天（难产增加15天，多胞胎每多一个增加15天）及地方奖励假；享受生育津贴",
    MaternityRecord.Phase.NURSING: "哺乳未满1周岁婴儿期间不安排延长劳动时间和夜班劳动；每天哺乳时间1小时",
}


@transaction.atomic
def maternity_record(*, actor, person, phase: str, starts_on: datetime.date, ends_on: datetime.date,
                     protections: str = "", note: str = "") -> MaternityRecord:
    """A woman member enters the register for a phase (the same phase may not overlap an earlier entry)."""
    from gonghui.members.models import Gender

    require(actor, Perm.WOMEN_REGISTER, person.org)
    if person.gender != Gender.FEMALE:
        raise ServiceError("三期登记只适用于女职工。")
    if phase not in MaternityRecord.Phase.values:
        raise ServiceError("请选择孕期、产期或哺乳期。")
    if starts_on is None or ends_on is None:
        raise ServiceError("请填写开始日期和预计结束日期。")
    if ends_on < starts_on:
        raise ServiceError("预计结束日期不能早于开始日期。")
    if (ends_on - starts_on).days > 400:
        raise ServiceError("一个阶段不超过400天，请核对日期。")
    overlap = MaternityRecord.objects.filter(person=person, phase=phase, starts_on__lte=ends_on,
                                             ends_on__gte=starts_on).exists()
    if overlap:
        raise ServiceError("该女职工在这段时间已有同一阶段的登记。")
    return MaternityRecord.objects.create(
        org=person.org, person=person, phase=phase, starts_on=starts_on, ends_on=ends_on,
        protections=text(protections, 300) or DEFAULT_PROTECTIONS[phase], note=text(note, 300))


# --- 女职工工作: special-contract checks, 安康互助保障 --------------------------------------------------------------

CHECK_STATES = dict(ContractCheck.State.choices)


@transaction.atomic
def contract_check_record(*, actor, contract, checked_on: datetime.date, checkers: str, items: str,
                          findings: str = "", state: str = ContractCheck.State.OK,
                          fixed_on: datetime.date | None = None, note: str = "") -> ContractCheck:
    """A check of a 女职工权益保护专项集体合同 of the union (or of a union below it) recorded by its 女职工委员会."""
    from gonghui.democracy.models import ContractKind

    require(actor, Perm.WOMEN_WORK, contract.org)
    if contract.kind != ContractKind.WOMEN:
        raise ServiceError("只能检查女职工权益保护专项集体合同。")
    if contract.signed_on is None:
        raise ServiceError("该专项集体合同尚未签订，不能检查履约情况。")
    checked_on = past_date(checked_on, "检查日期")
    if checked_on < contract.signed_on:
        raise ServiceError("检查日期不能早于合同签订日期。")
    checkers, items, findings = text(checkers, 100), text(items, 500), text(findings, 1000)
    if not checkers:
        raise ServiceError("请填写检查人。")
    if not items:
        raise ServiceError("请填写检查内容。")
    if state not in CHECK_STATES:
        raise ServiceError("请选择落实情况。")
    if state != ContractCheck.State.OK and not findings:
        raise ServiceError("发现问题时请写明发现的问题。")
    if state == ContractCheck.State.FIXED:
        fixed_on = past_date(fixed_on, "整改完成日期")
        if fixed_on < checked_on:
            raise ServiceError("整改完成日期不能早于检查日期。")
    elif fixed_on is not None:
        raise ServiceError("只有“问题已整改”才填写整改完成日期。")
    return ContractCheck.objects.create(org=contract.org, contract=contract, checked_on=checked_on, checkers=checkers,
                                        items=items, findings=findings, state=state, fixed_on=fixed_on,
                                        note=text(note, 300))


@transaction.atomic
def contract_check_fixed(*, actor, check: ContractCheck, fixed_on: datetime.date, note: str = "") -> ContractCheck:
    """The problems a check found are put right."""
    require(actor, Perm.WOMEN_WORK, check.org)
    check = ContractCheck.objects.select_for_update().get(pk=check.pk)
    if check.state != ContractCheck.State.ISSUES:
        raise ServiceError("只有“发现问题待整改”的检查才能登记整改完成。")
    fixed_on = past_date(fixed_on, "整改完成日期")
    if fixed_on < check.checked_on:
        raise ServiceError("整改完成日期不能早于检查日期。")
    check.state, check.fixed_on = ContractCheck.State.FIXED, fixed_on
    if note:
        check.note = text(note, 300)
    check.save(update_fields=["state", "fixed_on", "note"])
    return check


@transaction.atomic
def mutual_aid_enrol(*, actor, person, year: int, plan: str, premium, claims=None, note: str = "",
                     today: datetime.date | None = None) -> MutualAidEnrolment:
    """A woman member joins the 女职工安康互助保障 for a year (once a person and year; the database says so too)."""
    from django.db import IntegrityError
    from django.utils.timezone import localdate

    from gonghui.members.models import Gender

    require(actor, Perm.WOMEN_WORK, person.org)
    if person.gender != Gender.FEMALE:
        raise ServiceError("女职工安康互助保障只适用于女职工。")
    if person.member_status not in (person.MemberStatus.ACTIVE, person.MemberStatus.TRANSFERRING):
        raise ServiceError("只有在册会员才能参加女职工安康互助保障。")
    this_year = (today or localdate()).year
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ServiceError("请填写保障年度，如 2025。") from None
    if not 2000 <= year <= this_year + 1:
        raise ServiceError(f"保障年度应在2000年至{this_year + 1}年之间。")
    plan = text(plan, 100)
    if not plan:
        raise ServiceError("请填写保障计划。")
    premium = money(premium, "互助金")
    if premium is None or premium <= 0:
        raise ServiceError("请填写互助金（元），应大于0。")
    claims = money(claims, "已获给付") or 0
    if MutualAidEnrolment.objects.filter(person=person, year=year).exists():
        raise ServiceError(f"该女职工{year}年已参加安康互助保障。")
    try:
        with transaction.atomic():
            return MutualAidEnrolment.objects.create(org=person.org, person=person, year=year, plan=plan,
                                                     premium=premium, claims=claims, note=text(note, 300))
    except IntegrityError:  # two entries of the same woman at once: the second is refused like the check above
        raise ServiceError(f"该女职工{year}年已参加安康互助保障。") from None


@transaction.atomic
def mutual_aid_claim(*, actor, enrolment: MutualAidEnrolment, amount) -> MutualAidEnrolment:
    """A claim paid to her (元) is added to the enrolment's claims."""
    require(actor, Perm.WOMEN_WORK, enrolment.org)
    amount = money(amount, "给付金额")
    if amount is None or amount <= 0:
        raise ServiceError("给付金额应大于0。")
    enrolment = MutualAidEnrolment.objects.select_for_update().get(pk=enrolment.pk)
    enrolment.claims += amount
    enrolment.save(update_fields=["claims"])
    return enrolment


@transaction.atomic
def campaign_record(*, actor, org, held_on: datetime.date, title: str, attendance: int,
                    speaker: str = "") -> "Lecture":
    """A 女职工维权行动月 activity recorded by the 女职工委员会 (legal's Lecture of kind "women", so that the 普法
    figures and the campaign's figure keep one source)."""
    from ..models import Lecture

    require(actor, Perm.WOMEN_WORK, org)
    title = text(title, 100)
    if not title:
        raise ServiceError("请填写活动主题。")
    if attendance is None or not 0 < attendance <= 1_000_000:
        raise ServiceError("参加人次应为正整数。")
    return Lecture.objects.create(org=org, kind=Lecture.Kind.WOMEN, held_on=past_date(held_on, "日期"), title=title,
                                  speaker=text(speaker, 50), attendance=attendance)
