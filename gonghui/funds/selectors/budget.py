"""Reads of budgets: budgets in scope and the execution of one (预算执行: actuals by month from the booked ledger
entries, in one query; 执行率 = actual ÷ budget; expenditure lines over budget flagged)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.db.models.functions import ExtractMonth
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.care.aggregates import MoneySum
from gonghui.core.formatting import share_text

from ..models import EXPENSE, INCOME, Budget, Category, LedgerEntry

ZERO = Decimal("0.00")


def rate_text(part, whole) -> str:
    """part ÷ whole as summaries write it: 63.6%, 100% (a whole number without ".0"); "—" without a base."""
    if not whole:
        return "—"
    text = share_text(part, whole)
    return text.replace(".0%", "%")


def budgets(user, perm: str = Perm.FUNDS_VIEW, *, within=None) -> QuerySet[Budget]:
    qs = Budget.objects.filter(org_q(user, perm))
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs.select_related("org")


def budget_get(user, pk, perm: str = Perm.FUNDS_VIEW) -> Budget:
    return get_object_or_404(budgets(user, perm), pk=pk)


@dataclass
class Line:
    category: str
    subcategory: str
    budget: Decimal | None  # None: spent or received without a budget line (预算外)
    months: dict[int, Decimal] = field(default_factory=dict)
    note: str = ""

    @property
    def label(self) -> str:
        name = Category(self.category).label
        return f"　其中：{self.subcategory}" if self.subcategory else name

    @property
    def is_expense(self) -> bool:
        return self.category in EXPENSE

    @property
    def actual(self) -> Decimal:
        return sum(self.months.values(), ZERO)

    @property
    def rate(self) -> str:
        return rate_text(self.actual, self.budget)

    @property
    def difference(self) -> Decimal:
        return self.actual - (self.budget or ZERO)

    @property
    def over(self) -> bool:
        """Expenditure beyond its budget (or without one)."""
        return self.is_expense and self.actual > (self.budget or ZERO)

    def month_list(self) -> list[Decimal | None]:
        return [self.months.get(m) for m in range(1, 13)]


@dataclass
class Execution:
    budget: Budget | None
    org: object
    year: int
    lines: list[Line]
    upto: datetime.date

    def _sum(self, kinds, what) -> Decimal:
        return sum(((getattr(line, what) or ZERO) for line in self.lines
                    if line.category in kinds and not line.subcategory), ZERO)

    @property
    def income_budget(self) -> Decimal:
        return self._sum(INCOME, "budget")

    @property
    def income_actual(self) -> Decimal:
        return self._sum(INCOME, "actual")

    @property
    def expense_budget(self) -> Decimal:
        return self._sum(EXPENSE, "budget")

    @property
    def expense_actual(self) -> Decimal:
        return self._sum(EXPENSE, "actual")

    @property
    def expense_rate(self) -> str:
        return rate_text(self.expense_actual, self.expense_budget)

    @property
    def income_rate(self) -> str:
        return rate_text(self.income_actual, self.income_budget)

    @property
    def balance(self) -> Decimal:
        return self.income_actual - self.expense_actual

    @property
    def over_lines(self) -> list[Line]:
        return [line for line in self.lines if line.over]

    def income_lines(self) -> list[Line]:
        return [line for line in self.lines if line.category in INCOME]

    def expense_lines(self) -> list[Line]:
        return [line for line in self.lines if line.category in EXPENSE]

    def month_totals(self, kinds) -> list[Decimal]:
        return [sum((line.months.get(m, ZERO) for line in self.lines if line.category in kinds
                     and not line.subcategory), ZERO) for m in range(1, 13)]


def actuals(org, year: int, *, upto: datetime.date | None = None) -> dict[tuple[str, str, int], Decimal]:
    """{(category, subcategory, month): amount} of the union's booked entries in the year (reversals net out);
    one query."""
    end = min(datetime.date(year, 12, 31), upto) if upto else datetime.date(year, 12, 31)
    rows = (LedgerEntry.objects.filter(org=org, status=LedgerEntry.Status.BOOKED,
                                       entry_date__range=(datetime.date(year, 1, 1), end))
            .annotate(m=ExtractMonth("entry_date")).values("category", "subcategory", "m")
            .annotate(total=MoneySum("amount")).order_by())
    return {(r["category"], r["subcategory"], r["m"]): r["total"] or ZERO for r in rows}


def execution(budget: Budget | None, *, org=None, year: int | None = None,
              upto: datetime.date | None = None) -> Execution:
    """The budget against the books, by line and month: two queries (the lines, the actuals). Without a budget
    (org and year given) every line is 预算外."""
    org = budget.org if budget is not None else org
    year = budget.year if budget is not None else year
    sums = actuals(org, year, upto=upto)
    lines: dict[tuple[str, str], Line] = {}
    if budget is not None:
        for line in budget.lines.all():
            lines[(line.category, line.subcategory)] = Line(line.category, line.subcategory, line.amount,
                                                            note=line.note)
    for (category, subcategory, month), amount in sums.items():
        total = lines.setdefault((category, ""), Line(category, "", None))
        total.months[month] = total.months.get(month, ZERO) + amount
        if subcategory and (category, subcategory) in lines:
            part = lines[(category, subcategory)]
            part.months[month] = part.months.get(month, ZERO) + amount
    order = {c: i for i, c in enumerate(Category.values)}
    ordered = sorted(lines.values(), key=lambda line: (order[line.category], line.subcategory != "", line.subcategory))
    return Execution(budget, org, year, ordered, upto or datetime.date(year, 12, 31))


def _yuan(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def final_accounts_document(ex: Execution, *, today: datetime.date | None = None):
    """年度经费收支决算 (the final accounts, drafted at year end from the budget and the books) as a
    reports.documents.Document for reports/docx.py: the totals, the income and expenditure tables (budget, actual,
    difference, rate), the lines over budget with their difference, the revisions. No query beyond the execution's."""
    from django.utils.timezone import localdate

    from gonghui.reports.documents import Document, Paragraph, Table, numbered

    today = today or localdate()
    org, year, budget = ex.org, ex.year, ex.budget
    doc = Document(title=f"{year}年度工会经费收支决算报告", subtitle=org.name, kind="final_accounts", org=org.code,
                   org_name=org.name, signature=[f"{org.name}", f"{today.year}年{today.month}月{today.day}日"])
    b = doc.blocks
    head = f"{year}年，本会经费收入{_yuan(ex.income_actual)}元，支出{_yuan(ex.expense_actual)}元，收支结余{_yuan(ex.balance)}元。"
    if budget is not None:
        approved = (f"经工会委员会于{budget.committee_approved_on:%Y年%-m月%-d日}审议批准"
                    if budget.committee_approved_on else "尚未经工会委员会批准")
        if budget.congress_required and budget.congress_approved_on:
            approved += f"、会员（代表）大会于{budget.congress_approved_on:%Y年%-m月%-d日}审议通过"
        head = (f"本会{year}年度经费预算{approved}" + (f"，年内调整{budget.revisions}次" if budget.revisions else "")
                + f"。年度收入预算{_yuan(ex.income_budget)}元、支出预算{_yuan(ex.expense_budget)}元。" + head
                + f"收入预算完成率{ex.income_rate}，支出预算执行率{ex.expense_rate}。")
    b.append(Paragraph([head]))

    def table(lines, title):
        return Table(["科目", "预算数（元）", "决算数（元）", "增减（元）", "执行率"],
                     [[line.label.strip("　"), _yuan(line.budget), _yuan(line.actual),
                       _yuan(line.difference) if line.budget is not None else "—", line.rate] for line in lines],
                     title=title)

    b.append(numbered(1, 1, "收入决算情况"))
    b.append(Paragraph([f"全年收入{_yuan(ex.income_actual)}元" + (f"，为预算的{ex.income_rate}。" if ex.income_budget else "。")]))
    b.append(table(ex.income_lines(), f"{year}年度经费收入决算表"))
    b.append(numbered(1, 2, "支出决算情况"))
    b.append(Paragraph([f"全年支出{_yuan(ex.expense_actual)}元" + (f"，预算执行率{ex.expense_rate}。" if ex.expense_budget else "。")]))
    b.append(table(ex.expense_lines(), f"{year}年度经费支出决算表"))
    over = ex.over_lines
    b.append(numbered(1, 3, "预算执行中需要说明的事项"))
    if over:
        for line in over:
            what = "未列预算" if line.budget is None else f"超出预算{_yuan(line.difference)}元"
            b.append(Paragraph([f"{line.label.strip('　')}决算{_yuan(line.actual)}元，{what}，请说明原因并按规定补办预算调整手续。"]))
    else:
        b.append(Paragraph(["各支出科目均在预算范围内。"]))
    if budget is not None:
        for rev in budget.revision_set.all():
            b.append(Paragraph([f"第{rev.number}次预算调整（{rev.revised_on:%Y年%-m月%-d日}）：{rev.reason}。"]))
    return doc
