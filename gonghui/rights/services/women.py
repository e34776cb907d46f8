"""The 三期 register (女职工特殊保护)."""
from __future__ import annotations

import datetime

from django.db import transaction

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError

from ..models import MaternityRecord
from ._common import require, text

__all__ = ["maternity_record"]

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
