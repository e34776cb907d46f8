"""Figures of women's special protection: women on the 三期 register on the period's last day (人, distinct people),
checks of the 女职工权益保护专项集体合同 (次), women in the 安康互助保障 of the period's years (人) and the claims paid
to them (元), and the women examined in care's 女职工专项体检 (人: care's records, not a copy). The 女职工维权行动月
events are declared in metrics/legal.py with the lectures."""
from __future__ import annotations

from django.db.models import Count, Q

from gonghui.core.metrics import Metric
from gonghui.core.metrics import subtree as _subtree

from ..models import ContractCheck, MaternityRecord, MutualAidEnrolment


def on_register(org, start, end):
    return _subtree(MaternityRecord.objects.filter(starts_on__lte=end, ends_on__gte=end), org)


def contract_checks(org, start, end):
    return _subtree(ContractCheck.objects.filter(checked_on__range=(start, end)), org)


def mutual_aid(org, start, end):
    """Enrolments of the years the period touches (an enrolment is for a whole year)."""
    return _subtree(MutualAidEnrolment.objects.filter(year__range=(start.year, end.year)), org)


def health_checks(org, start, end):
    """Care's health-check participants of the period (the figure keeps the 女职工专项体检 batches)."""
    from gonghui.care.metrics import health_participants

    return health_participants(org, start, end)


def _money_sum(field: str):
    from gonghui.care.aggregates import MoneySum

    return MoneySum(field)


METRICS = [
    Metric("rights.women.register", "“三期”女职工", "人", "people", on_register, value=Count("person", distinct=True),
           date_field="starts_on", stock=True),
    Metric("rights.women.contract_checks", "女职工专项集体合同履约检查", "次", "events", contract_checks,
           value=Count("pk"), date_field="checked_on"),
    Metric("rights.women.mutual_aid", "办理女职工安康互助保障", "名", "people", mutual_aid,
           value=Count("person", distinct=True), note="按保障年度"),
    Metric("rights.women.mutual_aid_claims", "女职工安康互助保障给付", "元", "sum", mutual_aid,
           value=_money_sum("claims"), note="按保障年度"),
    Metric("rights.women.health_checks", "组织女职工专项体检", "人", "people", health_checks,
           value=Count("person", distinct=True), where=Q(check_batch__kind="women"),
           date_field="check_batch__checked_on", org_field="check_batch__org",
           note="帮扶关怀中的女职工专项体检（如“两癌”筛查）"),
]
KEY: list = []
CHARTS: list = []
