"""Dues (会费): by the constitution a member pays 0.5% of the monthly basic wage (DOMAIN.md §2.9, §4b).

- `DuesPolicy` — a union's settings from a date: the rate, the rounding (to the fen, jiao or yuan), whether retired
  members pay. A union without a policy of its own follows its nearest ancestor's (a federation may set the default
  for its unions); without any, the constitution's 0.5% to the fen, retirees exempt.
- `DuesExemption` — a member exempt (免缴) or paying a reduced rate (减缴) for a reason (困难职工, 无固定工资 …) from a
  month, until a month or open-ended: data, not a code path.
- `Wage` — the monthly basic wage (月基本工资) of a person for a month, from a payroll import or entered by hand. The
  wage for a month is the newest at or before it.
- `DuesCharge` (应收) — what a member owes for a month, computed in bulk from the wage, the policy and the exemptions
  of that month; the basis (wage, rate, rule) is kept on the row, so a later change of settings does not rewrite the
  past. A charge that has been paid is never recomputed.
- `DuesReceipt` (收据) — one act of collection: a cash payment by one member (one month or a year at once), or the
  union's payroll deduction for a month; numbered (`receipt_no`, unique in the union) and keyed by the form's token,
  so a double-click records once. `DuesPayment` — a month of a member paid under a receipt (one payment per member and
  month, ever). The receipts' totals equal the sum of their payments, to the fen.
"""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from gonghui.core.models import AuditedModel
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

__all__ = ["Rounding", "DuesPolicy", "DuesExemption", "Wage", "DuesCharge", "DuesReceipt", "DuesPayment",
           "DEFAULT_RATE"]

DEFAULT_RATE = Decimal("0.0050")
MONEY = {"max_digits": 12, "decimal_places": 2}


class Rounding(models.TextChoices):
    FEN = "fen", "精确到分"
    JIAO = "jiao", "四舍五入到角"
    YUAN = "yuan", "四舍五入到元"


class DuesPolicy(AuditedModel):
    class Retired(models.TextChoices):
        EXEMPT = "exempt", "退休会员免缴"
        PAY = "pay", "退休会员按基本养老金比例缴纳"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField("生效月份", help_text="从该月（含）起执行")
    rate = models.DecimalField("缴纳比例", max_digits=6, decimal_places=4, default=DEFAULT_RATE,
                               help_text="按月基本工资的比例，章程规定为0.5%（填0.0050）")
    rounding = models.CharField("尾数处理", max_length=8, choices=Rounding.choices, default=Rounding.FEN)
    retired = models.CharField("退休会员", max_length=8, choices=Retired.choices, default=Retired.EXEMPT)
    note = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "会费缴纳标准"
        ordering = ["org", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["org", "effective_from"], name="funds_duespolicy_unique")]

    def __str__(self) -> str:
        since = f"{self.effective_from:%Y年%-m月}起 " if self.effective_from.year > 1900 else ""  # the default
        return f"{since}{self.rate * 100:.2f}%，{self.get_rounding_display()}，{self.get_retired_display()}"


class DuesExemption(AuditedModel):
    class Kind(models.TextChoices):
        EXEMPT = "exempt", "免缴"
        REDUCED = "reduced", "减缴"

    class Reason(models.TextChoices):
        HARDSHIP = "hardship", "困难职工"
        NO_WAGE = "no_wage", "无固定工资收入"
        SICK_LEAVE = "sick_leave", "长期病休"
        OTHER = "other", "其他"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, verbose_name="会员", on_delete=models.PROTECT, related_name="dues_exemptions")
    kind = models.CharField("类别", max_length=8, choices=Kind.choices)
    reason = models.CharField("原因", max_length=16, choices=Reason.choices)
    rate = models.DecimalField("减缴后比例", max_digits=6, decimal_places=4, null=True, blank=True,
                               help_text="减缴时填写，如0.0025")
    starts_on = models.DateField("起始月份")
    ends_on = models.DateField("截止月份", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "会费减免"
        ordering = ["org", "person", "-starts_on"]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_kind_display()}（{self.get_reason_display()}）"


class Wage(AuditedModel):
    class Source(models.TextChoices):
        IMPORT = "import", "工资表导入"
        MANUAL = "manual", "手工录入"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="wages")
    month = models.DateField("月份", help_text="该月1日")
    amount = models.DecimalField("月基本工资", **MONEY)
    source = models.CharField("来源", max_length=8, choices=Source.choices, default=Source.MANUAL)
    batch_id = models.PositiveIntegerField("导入批次", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "月基本工资"
        ordering = ["person", "-month"]
        constraints = [models.UniqueConstraint(fields=["person", "month"], name="funds_wage_person_month")]
        indexes = [models.Index(fields=["org", "month"], name="funds_wage_org_month")]

    def __str__(self) -> str:
        return f"{self.person.name} {self.month:%Y-%m} {self.amount}元"


class DuesCharge(AuditedModel):
    class Basis(models.TextChoices):
        WAGE = "wage", "按月基本工资"
        REDUCED = "reduced", "减缴"
        EXEMPT = "exempt", "免缴"
        RETIRED = "retired", "退休免缴"

    org = models.ForeignKey(Organization, verbose_name="所属组织", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, verbose_name="会员", on_delete=models.PROTECT, related_name="dues_charges")
    month = models.DateField("月份")
    wage = models.DecimalField("月基本工资", **MONEY, null=True, blank=True)
    rate = models.DecimalField("比例", max_digits=6, decimal_places=4)
    basis = models.CharField("核定依据", max_length=8, choices=Basis.choices, default=Basis.WAGE)
    amount = models.DecimalField("应缴会费", **MONEY)
    computed_at = models.DateTimeField("核定时间", auto_now=True)

    audit_exclude = ("computed_at",)

    class Meta:
        verbose_name = verbose_name_plural = "应缴会费"
        ordering = ["-month", "person"]
        constraints = [models.UniqueConstraint(fields=["person", "month"], name="funds_charge_person_month")]
        indexes = [models.Index(fields=["org", "month"], name="funds_charge_org_month"),
                   # 会费收缴率 of a subtree over a period: an index-only scan of the period's months (PostgreSQL
                   # covers org, amount and id; SQLite indexes the month alone). bench/funds_dues.py measures it.
                   models.Index(fields=["month"], include=["org", "amount", "id"], name="funds_charge_month_cover")]

    def __str__(self) -> str:
        return f"{self.person.name} {self.month:%Y年%-m月}会费 {self.amount}元"


class DuesReceipt(AuditedModel):
    class Method(models.TextChoices):
        PAYROLL = "payroll", "工资代扣"
        CASH = "cash", "现金"
        TRANSFER = "transfer", "转账"

    org = models.ForeignKey(Organization, verbose_name="收缴工会", on_delete=models.PROTECT, related_name="+")
    receipt_no = models.CharField("收据编号", max_length=40)
    paid_on = models.DateField("收缴日期")
    method = models.CharField("收缴方式", max_length=8, choices=Method.choices)
    total = models.DecimalField("金额合计", **MONEY)
    payer = models.ForeignKey(Person, verbose_name="缴款会员", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="dues_receipts", help_text="现金/转账时为缴款人；工资代扣为全体")
    token = models.CharField("提交标识", max_length=64, blank=True)
    collected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    audit_exclude = ("token",)

    class Meta:
        verbose_name = verbose_name_plural = "会费收据"
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "receipt_no"], name="funds_receipt_no_unique"),
            models.UniqueConstraint(fields=["org", "token"], condition=~models.Q(token=""),
                                    name="funds_receipt_token_unique"),
        ]

    def __str__(self) -> str:
        return f"会费收据{self.receipt_no}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("funds:receipt_detail", kwargs={"pk": self.pk})


class DuesPayment(AuditedModel):
    receipt = models.ForeignKey(DuesReceipt, verbose_name="收据", on_delete=models.PROTECT, related_name="payments")
    charge = models.OneToOneField(DuesCharge, verbose_name="应缴会费", on_delete=models.PROTECT, related_name="payment")
    org = models.ForeignKey(Organization, verbose_name="所属组织", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, verbose_name="会员", on_delete=models.PROTECT, related_name="dues_payments")
    month = models.DateField("月份")
    amount = models.DecimalField("实缴会费", **MONEY)

    class Meta:
        verbose_name = verbose_name_plural = "会费缴纳"
        ordering = ["-month", "person"]
        constraints = [models.UniqueConstraint(fields=["person", "month"], name="funds_payment_person_month")]
        indexes = [models.Index(fields=["org", "month"], name="funds_payment_org_month"),
                   models.Index(fields=["month"], include=["org", "amount", "id"], name="funds_payment_month_cover")]

    def __str__(self) -> str:
        return f"{self.person.name} {self.month:%Y年%-m月}会费 {self.amount}元"
