"""Figures of union funds (codes "funds.allocation.*"), over the months the money is for (an arrival in April for
March counts for March), of the union and the unions below it:

- 应拨缴经费 `funds.allocation.due` (元): Σ payroll base × 2%; 实拨缴 `funds.allocation.arrived` (元): Σ arrivals;
  经费拨缴率 `funds.allocation.rate` = arrived ÷ due (a Ratio: absent without a base recorded).
- 应上解 `funds.allocation.upward_due`, 已上解 `funds.allocation.remitted` (元).
"""
from __future__ import annotations

from gonghui.care.aggregates import MoneySum
from gonghui.core.metrics import Metric, Ratio, by_month
from gonghui.core.metrics import subtree as _subtree

from ..models import AllocationArrival, AllocationBase, Remittance


def bases(org, start, end):
    return _subtree(AllocationBase.objects.filter(month__range=(start, end)), org)


def arrivals(org, start, end):
    return _subtree(AllocationArrival.objects.filter(month__range=(start, end)), org)


def remittances(org, start, end):
    return _subtree(Remittance.objects.filter(month__range=(start, end)), org)


DUE = Metric("funds.allocation.due", "应拨缴工会经费", "元", "sum", bases, value=MoneySum("due"),
             by={"month": by_month("month")}, date_field="month", note="工资总额 × 拨缴比例（2%）")
ARRIVED = Metric("funds.allocation.arrived", "实拨缴工会经费", "元", "sum", arrivals, value=MoneySum("amount"),
                 by={"month": by_month("month")}, date_field="month")
METRICS = [
    DUE,
    ARRIVED,
    Ratio("funds.allocation.rate", "经费拨缴率", numerator=ARRIVED, denominator=DUE,
          note="实拨缴 ÷ 应拨缴（按经费所属月份）"),
    Metric("funds.allocation.upward_due", "应上解经费", "元", "sum", bases, value=MoneySum("upward_due"),
           date_field="month"),
    Metric("funds.allocation.remitted", "已上解经费", "元", "sum", remittances, value=MoneySum("amount"),
           date_field="month"),
]
KEY = ["funds.allocation.rate"]
CHARTS: list = []
