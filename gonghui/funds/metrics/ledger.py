"""Figures of the ledger (codes "funds.ledger.*"): booked entries only, reversals netting out, by entry date, of the
union and the unions below it (an upper union's figure sums its subtree's books: 全区工会经费收入).

- 经费收入 `funds.ledger.income` / 经费支出 `funds.ledger.expense` (元), by category (科目) and by month.
- 职工活动支出 `.activities`, 职工服务支出 `.services`, 维权支出 `.rights`, 业务支出 `.business`, 资本性支出
  `.capital` (元): the categories the summary names; 上缴上级支出 `.remitted_up`.
- 收支分录 `.entries` (条, booked, reversals included).
"""
from __future__ import annotations

from django.db.models import Count, Q

from gonghui.care.aggregates import MoneySum
from gonghui.core.metrics import Breakdown, Metric, by_month
from gonghui.core.metrics import subtree as _subtree
from gonghui.reports.registry import ChartSpec

from ..models import INCOME, Category, LedgerEntry


def booked(org, start, end):
    return _subtree(LedgerEntry.objects.filter(status=LedgerEntry.Status.BOOKED, entry_date__range=(start, end)), org)


BY = {"category": Breakdown("按科目", "category", dict(Category.choices)), "month": by_month("entry_date")}


def _cat(code: str, category: str) -> Metric:
    return Metric(f"funds.ledger.{code}", Category(category).label, "元", "sum", booked, value=MoneySum("amount"),
                  where=Q(category=category), by={"month": by_month("entry_date")}, date_field="entry_date")


METRICS = [
    Metric("funds.ledger.income", "工会经费收入", "元", "sum", booked, value=MoneySum("amount"),
           where=Q(category__in=INCOME), by=BY, date_field="entry_date", note="已入账收入（冲销已抵减）"),
    Metric("funds.ledger.expense", "工会经费支出", "元", "sum", booked, value=MoneySum("amount"),
           where=~Q(category__in=INCOME), by=BY, date_field="entry_date", note="已入账支出（冲销已抵减）"),
    _cat("activities", Category.ACTIVITIES),
    _cat("services", Category.SERVICES),
    _cat("rights", Category.RIGHTS),
    _cat("business", Category.BUSINESS),
    _cat("capital", Category.CAPITAL),
    _cat("remitted_up", Category.REMITTANCE),
    Metric("funds.ledger.entries", "收支分录", "条", "events", booked, value=Count("pk"), date_field="entry_date"),
]
KEY = ["funds.ledger.income", "funds.ledger.expense"]
CHARTS = [
    ChartSpec("funds.ledger_by_month", "经费收支（按月，元）", "bar", ("funds.ledger.income", "funds.ledger.expense"),
              by="month"),
    ChartSpec("funds.ledger_expense_by_category", "经费支出（按科目，元）", "pie", ("funds.ledger.expense",),
              by="category"),
]
