"""Union funds (工会经费, DOMAIN.md §2.9, §4b): by the Trade Union Law the employer allocates 2% of the payroll of all
its employees to the union every month (拨缴); a share goes upward (上解) by the federation's rule.

- `AllocationPolicy` — from a month on: the allocation rate (2% by law) and the share the union remits upward
  (e.g. 40%: the grassroots union keeps 60%). A union without its own follows its nearest ancestor's (the
  federation sets it for its subtree); without any, 2% and 40%.
- `AllocationBase` — the employer's payroll base (全部职工工资总额) of a union for a month, with what is due (应拨缴 =
  base × rate, half-up to the fen) and the upward share due (应上解 = due × share), computed when recorded and kept
  on the row (a later change of the rule does not rewrite the past).
- `AllocationArrival` — money that arrived from the employer (拨缴到账: date, amount, the month it is for) and
  `Remittance` — money the union sent upward (上解: date, amount, the union it went to). Each writes its ledger
  entry in the same transaction (拨缴经费收入 / 上缴上级支出, booked, source_key ``funds.allocation:<pk>`` /
  ``funds.remittance:<pk>``): the treasurer records them from the bank slip with the voucher, so there is nothing to
  propose. The receiving union gets each remittance as a *proposed* entry (拨缴经费收入 of the upper union) through
  the ledger source ``funds.remitted_in`` (funds/ledger_links.py), booked by its own treasurer.
Upper grants (上级补助) and administration subsidies (行政补助) are booked ledger entries of their categories
(services.allocation.grant_add), nothing more is kept for them.
"""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

from .ledger import LedgerEntry

__all__ = ["AllocationPolicy", "AllocationBase", "AllocationArrival", "Remittance", "ALLOCATION_RATE",
           "UPWARD_SHARE"]

ALLOCATION_RATE = Decimal("0.0200")
UPWARD_SHARE = Decimal("0.4000")
MONEY = {"max_digits": 14, "decimal_places": 2}


class AllocationPolicy(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField("生效月份", help_text="从该月（含）起执行")
    rate = models.DecimalField("拨缴比例", max_digits=6, decimal_places=4, default=ALLOCATION_RATE,
                               help_text="工资总额的比例，《工会法》规定为2%（填0.0200）")
    upward_share = models.DecimalField("上解比例", max_digits=6, decimal_places=4, default=UPWARD_SHARE,
                                       help_text="拨缴经费中上解上级工会的比例，如40%（填0.4000）")
    note = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "经费拨缴与上解比例"
        ordering = ["org", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["org", "effective_from"], name="funds_allocpolicy_unique")]

    def __str__(self) -> str:
        since = f"{self.effective_from:%Y年%-m月}起 " if self.effective_from.year > 1900 else ""
        return f"{since}按工资总额{self.rate * 100:.1f}%拨缴，上解{self.upward_share * 100:.0f}%"


class AllocationBase(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("月份", help_text="该月1日")
    payroll = models.DecimalField("工资总额(元)", **MONEY)
    employees = models.PositiveIntegerField("职工人数", null=True, blank=True)
    rate = models.DecimalField("拨缴比例", max_digits=6, decimal_places=4)
    due = models.DecimalField("应拨缴(元)", **MONEY)
    upward_share = models.DecimalField("上解比例", max_digits=6, decimal_places=4)
    upward_due = models.DecimalField("应上解(元)", **MONEY)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "工资总额（经费拨缴基数）"
        ordering = ["org", "-month"]
        constraints = [models.UniqueConstraint(fields=["org", "month"], name="funds_allocbase_unique")]
        indexes = [models.Index(fields=["month", "org"], name="funds_allocbase_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y年%-m月}工资总额{self.payroll}元，应拨缴{self.due}元"


class AllocationArrival(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("所属月份", help_text="拨缴的是哪个月的经费（该月1日）")
    arrived_on = models.DateField("到账日期")
    amount = models.DecimalField("到账金额(元)", **MONEY)
    payer = models.CharField("拨缴单位", max_length=100, blank=True)
    voucher_no = models.CharField("凭证号", max_length=40, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    token = models.CharField("提交标识", max_length=64, blank=True, editable=False)
    entry = models.OneToOneField(LedgerEntry, verbose_name="收支分录", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="allocation_arrival")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    audit_exclude = ("token",)

    class Meta:
        verbose_name = verbose_name_plural = "经费拨缴到账"
        ordering = ["org", "-arrived_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "token"], condition=~Q(token=""), name="funds_arrival_token_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="funds_arrival_amount_positive"),
        ]
        indexes = [models.Index(fields=["month", "org"], name="funds_arrival_month")]

    def __str__(self) -> str:
        return f"{self.arrived_on:%Y-%m-%d}拨缴到账{self.amount}元（{self.month:%Y年%-m月}）"


class Remittance(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    to_org = models.ForeignKey(Organization, verbose_name="上解至", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("所属月份", help_text="上解的是哪个月拨缴经费的份额（该月1日）")
    remitted_on = models.DateField("上解日期")
    amount = models.DecimalField("上解金额(元)", **MONEY)
    voucher_no = models.CharField("凭证号", max_length=40, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    token = models.CharField("提交标识", max_length=64, blank=True, editable=False)
    entry = models.OneToOneField(LedgerEntry, verbose_name="收支分录", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="remittance")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    audit_exclude = ("token",)

    class Meta:
        verbose_name = verbose_name_plural = "经费上解"
        ordering = ["org", "-remitted_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "token"], condition=~Q(token=""),
                                    name="funds_remittance_token_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="funds_remittance_amount_positive"),
        ]
        indexes = [models.Index(fields=["to_org", "remitted_on"], name="funds_remittance_to")]

    def __str__(self) -> str:
        return f"{self.remitted_on:%Y-%m-%d}上解{self.to_org.name}{self.amount}元"
