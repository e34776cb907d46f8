"""Figures of budgets, fund rules and 经审 (codes "funds.budget.*", "funds.rules.*", "funds.audit.*").

- 支出预算 `funds.budget.expense_budget` (元): the expenditure lines (category totals, not 明细) of the budgets of the
  years the period touches, of the unions in the subtree; 预算内支出 `funds.budget.expense_actual` (元): the booked
  expenditure in the period of the unions that have a budget for the entry's year (reversals net out);
  预算执行率 `funds.budget.execution` = actual ÷ budget (a Ratio: for a part of a year it is the share used so far).
- 超预算科目 `funds.budget.over_lines` (项): expenditure category lines whose year's booked spending exceeds them.
- 违反经费使用规定 `funds.rules.breaches` (处): the rule flags (EntryFlag kind "rule") dated in the period, as last
  checked; 经审发现问题 `funds.audit.findings` (个), 已整改 `funds.audit.resolved` (个) and 整改率
  `funds.audit.resolution` (a Ratio), by the date the finding was raised.
The subtree is the budget's (entry's, finding's) union and everything below it.
"""
from __future__ import annotations

from django.db.models import Count, DecimalField, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear

from gonghui.care.aggregates import MoneySum
from gonghui.core.metrics import Breakdown, Metric, Ratio
from gonghui.core.metrics import subtree as _subtree
from gonghui.reports.registry import ChartSpec

from ..models import EXPENSE, AuditFinding, Budget, BudgetLine, Category, CheckKind, EntryFlag, LedgerEntry

CATEGORY = Breakdown("科目", "category", dict(Category.choices))


def budget_lines(org, start, end):
    return _subtree(BudgetLine.objects.filter(budget__year__range=(start.year, end.year), category__in=EXPENSE,
                                              subcategory=""), org, "budget__org")


def budgeted_spending(org, start, end):
    has_budget = Budget.objects.filter(org=OuterRef("org"), year=ExtractYear(OuterRef("entry_date")))
    return _subtree(LedgerEntry.objects.filter(status=LedgerEntry.Status.BOOKED, category__in=EXPENSE,
                                               entry_date__range=(start, end)), org).filter(Exists(has_budget))


def _over(org, start, end) -> Q:
    spent = (LedgerEntry.objects.filter(org=OuterRef("budget__org"), category=OuterRef("category"),
                                        status=LedgerEntry.Status.BOOKED, entry_date__year=OuterRef("budget__year"))
             .order_by().values("org").annotate(s=Sum("amount")).values("s")[:1])
    return Q(amount__lt=Coalesce(Subquery(spent, output_field=DecimalField(max_digits=14, decimal_places=2)), 0,
                                 output_field=DecimalField(max_digits=14, decimal_places=2)))


def rule_flags(org, start, end):
    return _subtree(EntryFlag.objects.filter(kind=CheckKind.RULE, entry_date__range=(start, end)), org)


def findings(org, start, end):
    return _subtree(AuditFinding.objects.filter(raised_on__range=(start, end)), org)


EXPENSE_BUDGET = Metric("funds.budget.expense_budget", "支出预算", "元", "sum", budget_lines,
                        value=MoneySum("amount"), by={"category": CATEGORY}, org_field="budget__org")
EXPENSE_ACTUAL = Metric("funds.budget.expense_actual", "预算内支出", "元", "sum", budgeted_spending,
                        value=MoneySum("amount"), by={"category": CATEGORY}, date_field="entry_date")
FINDINGS = Metric("funds.audit.findings", "经审发现问题", "个", "events", findings, value=Count("pk"),
                  date_field="raised_on")
RESOLVED = Metric("funds.audit.resolved", "经审问题已整改", "个", "events", findings, value=Count("pk"),
                  where=Q(status=AuditFinding.Status.RESOLVED), date_field="raised_on")
METRICS = [
    EXPENSE_BUDGET,
    EXPENSE_ACTUAL,
    Ratio("funds.budget.execution", "预算执行率", numerator=EXPENSE_ACTUAL, denominator=EXPENSE_BUDGET,
          note="已入账支出 ÷ 年度支出预算（按科目合计，不含明细）"),
    Metric("funds.budget.over_lines", "超预算支出科目", "项", "events", budget_lines, value=Count("pk"), where=_over,
           org_field="budget__org"),
    Metric("funds.rules.breaches", "违反经费使用规定的支出", "项", "events", rule_flags, value=Count("pk"),
           date_field="entry_date"),
    FINDINGS,
    RESOLVED,
    Ratio("funds.audit.resolution", "经审问题整改率", numerator=RESOLVED, denominator=FINDINGS,
          note="已整改 ÷ 经审发现问题（按提出日期）"),
]
KEY = ["funds.budget.execution", "funds.audit.findings"]
CHARTS = [ChartSpec("funds.budget_by_category", "支出预算与执行（按科目，元）", "bar",
                    ("funds.budget.expense_budget", "funds.budget.expense_actual"), by="category")]
