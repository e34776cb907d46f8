"""Budgets and final accounts (预算、决算).

- `Budget` — a union's budget for a year, by the categories of the union accounting system (models/ledger.py).
  Drafted by the treasurer (草案), approved by the union committee (工会委员会审议批准, `committee_approved_on`) and,
  where the union's rules require it, by the members' (or delegates') congress (`congress_required`,
  `congress_approved_on`). Once approved it is changed only by a revision (预算调整), kept with its history.
- `BudgetLine` — one line: a category and, optionally, a 明细科目 (`subcategory`; "" = the category as a whole).
  A category line is the category's total; 明细 lines are parts of it. Actuals come from the booked ledger entries
  of the union in the year (selectors/budget.py, one query): a category line against every entry of the category,
  a 明细 line against the entries with that 明细科目.
- `BudgetRevision` — one adjustment of an approved budget: number, date, reason, the approval date and the lines
  changed (before → after) as data; the budget's lines always hold the figures in force.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

from .ledger import Category

__all__ = ["Budget", "BudgetLine", "BudgetRevision"]


class Budget(AuditedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "草案"
        APPROVED = "approved", "已批准"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    committee_approved_on = models.DateField("工会委员会批准日期", null=True, blank=True)
    congress_required = models.BooleanField("须经会员（代表）大会审议", default=False)
    congress_approved_on = models.DateField("会员（代表）大会通过日期", null=True, blank=True)
    revisions = models.PositiveSmallIntegerField("调整次数", default=0)
    note = models.CharField("编制说明", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "经费预算"
        ordering = ["org", "-year"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="funds_budget_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year}年经费预算"


class BudgetLine(AuditedModel):
    budget = models.ForeignKey(Budget, verbose_name="预算", on_delete=models.CASCADE, related_name="lines")
    category = models.CharField("科目", max_length=20, choices=Category.choices)
    subcategory = models.CharField("明细科目", max_length=40, blank=True, help_text="空表示整个科目")
    amount = models.DecimalField("预算金额(元)", max_digits=14, decimal_places=2)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "预算科目"
        ordering = ["budget", "category", "subcategory"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "category", "subcategory"], name="funds_budgetline_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funds_budgetline_not_negative"),
        ]

    def __str__(self) -> str:
        name = self.get_category_display()
        return f"{name}·{self.subcategory}" if self.subcategory else name

    def audit_org_path(self) -> str:
        return self.budget.org.path


class BudgetRevision(AuditedModel):
    budget = models.ForeignKey(Budget, verbose_name="预算", on_delete=models.CASCADE, related_name="revision_set")
    number = models.PositiveSmallIntegerField("第几次调整")
    revised_on = models.DateField("调整日期")
    approved_on = models.DateField("批准日期", null=True, blank=True)
    reason = models.CharField("调整原因", max_length=300)
    changes = models.JSONField("调整内容", default=list,
                               help_text="[{category, subcategory, before, after}]，金额为字符串（元）")
    revised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="调整人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "预算调整"
        ordering = ["budget", "number"]
        constraints = [models.UniqueConstraint(fields=["budget", "number"], name="funds_budgetrevision_number")]

    def __str__(self) -> str:
        return f"第{self.number}次预算调整"

    def audit_org_path(self) -> str:
        return self.budget.org.path
