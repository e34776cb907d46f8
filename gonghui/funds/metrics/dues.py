"""Figures of dues (codes "funds.dues.*"), over the months of the period (a charge and a payment belong to the
month they are for, so 收缴率 compares like with like: what was paid for the period's months ÷ what was due for them).

- 应收 `funds.dues.due` (元): the sum of the charges; 实收 `funds.dues.collected` (元): the sum of the payments;
  会费收缴率 `funds.dues.rate` = 实收 ÷ 应收 (a Ratio: absent without charges, 0% when nothing was paid).
- 欠缴 `funds.dues.arrears` (元): the unpaid charges' sum; 缴纳会员 `funds.dues.payers` (人): distinct members who paid.
A subtree is the member's organisation (the charge's `org`) and below.
"""
from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from gonghui.care.aggregates import MoneySum
from gonghui.core.metrics import Breakdown, Metric, Ratio, by_month
from gonghui.core.metrics import subtree as _subtree

from ..models import DuesCharge, DuesPayment, DuesReceipt


def charges(org, start, end):
    return _subtree(DuesCharge.objects.filter(month__range=(start, end)), org)


def payments(org, start, end):
    return _subtree(DuesPayment.objects.filter(month__range=(start, end)), org)


def _unpaid(org, start, end) -> Q:
    return Q(amount__gt=0) & ~Q(Exists(DuesPayment.objects.filter(charge=OuterRef("pk"))))


DUE = Metric("funds.dues.due", "应收会费", "元", "sum", charges, value=MoneySum("amount"),
             by={"month": by_month("month")}, date_field="month")
COLLECTED = Metric("funds.dues.collected", "实收会费", "元", "sum", payments, value=MoneySum("amount"),
                   by={"month": by_month("month"),
                       "method": Breakdown("收缴方式", "receipt__method", dict(DuesReceipt.Method.choices))},
                   date_field="month")
METRICS = [
    DUE,
    COLLECTED,
    Ratio("funds.dues.rate", "会费收缴率", numerator=COLLECTED, denominator=DUE,
          note="实收会费 ÷ 应收会费（按会费所属月份）"),
    Metric("funds.dues.arrears", "欠缴会费", "元", "sum", charges, value=MoneySum("amount"), where=_unpaid,
           date_field="month"),
    Metric("funds.dues.payers", "缴纳会费会员", "人", "people", payments, value=Count("person", distinct=True),
           date_field="month"),
]
KEY = ["funds.dues.due", "funds.dues.collected", "funds.dues.rate"]
CHARTS: list = []
