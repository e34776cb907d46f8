"""The ledger (收支账): every yuan in and out of a union, by the categories of the union accounting system
(《工会会计制度》, 2021: DOMAIN.md §2.9).

- `Category` — the income (收入类) and expenditure (支出类) categories; `LedgerEntry.direction` follows from it.
  `subcategory` is the 明细科目 (free text, e.g. 职工活动支出 › 文体活动).
- `LedgerEntry` — one entry: date, category, amount (always positive; the direction says in or out), summary (摘要),
  counterparty, voucher number (unique in the union) and attachments. Its state:
  * proposed (待入账): drawn from a record of another area through the link point (`gonghui.funds.links`):
    a care payment, a dues receipt, later an event's cost or an asset's purchase. `source_key` (e.g.
    ``care.assistance:812``) is unique in the union, so a record is proposed once and booked at most once, whoever
    proposes it again and however often.
  * booked (已入账): in the books; counted by every balance and figure. Booking a proposal gives it a voucher number.
  * rejected (不入账): a proposal the treasurer refused, with the reason; kept so that it is not proposed again.
  A booked entry is never edited or deleted: a mistake is corrected by a reversing entry (红字冲销: the same
  category, the same amount, the opposite sign, `reverses` pointing at the original), so the books always show what
  was written and when.
- `ClosedMonth` — a month the treasurer closed (结账): no entry may be booked, reversed or dated in it afterwards.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.models import Attachment, AuditedModel, random_upload_name
from gonghui.orgs.models import Organization

__all__ = ["Direction", "Category", "INCOME", "EXPENSE", "LedgerEntry", "LedgerAttachment", "ClosedMonth"]


class Direction(models.TextChoices):
    IN = "in", "收入"
    OUT = "out", "支出"


class Category(models.TextChoices):
    # 收入类
    DUES = "dues", "会费收入"
    ALLOCATION = "allocation", "拨缴经费收入"
    UPPER_GRANT = "upper_grant", "上级补助收入"
    GOVERNMENT_GRANT = "government_grant", "政府补助收入"
    ADMIN_GRANT = "admin_grant", "行政补助收入"
    INVESTMENT = "investment", "投资收益"
    OTHER_INCOME = "other_income", "其他收入"
    # 支出类
    ACTIVITIES = "activities", "职工活动支出"
    SERVICES = "services", "职工服务支出"
    RIGHTS = "rights", "维权支出"
    BUSINESS = "business", "业务支出"
    CAPITAL = "capital", "资本性支出"
    GRANTS_DOWN = "grants_down", "补助下级支出"
    REMITTANCE = "remittance", "上缴上级支出"
    OTHER_EXPENSE = "other_expense", "其他支出"


INCOME = (Category.DUES, Category.ALLOCATION, Category.UPPER_GRANT, Category.GOVERNMENT_GRANT, Category.ADMIN_GRANT,
          Category.INVESTMENT, Category.OTHER_INCOME)
EXPENSE = (Category.ACTIVITIES, Category.SERVICES, Category.RIGHTS, Category.BUSINESS, Category.CAPITAL,
           Category.GRANTS_DOWN, Category.REMITTANCE, Category.OTHER_EXPENSE)


def direction_of(category: str) -> str:
    return Direction.IN if category in INCOME else Direction.OUT


class LedgerEntry(AuditedModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "待入账"
        BOOKED = "booked", "已入账"
        REJECTED = "rejected", "不入账"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    entry_date = models.DateField("日期")
    category = models.CharField("科目", max_length=20, choices=Category.choices)
    subcategory = models.CharField("明细科目", max_length=40, blank=True)
    direction = models.CharField("收支", max_length=3, choices=Direction.choices, editable=False)
    amount = models.DecimalField("金额(元)", max_digits=14, decimal_places=2,
                                 help_text="正数；冲销分录为负数")
    summary = models.CharField("摘要", max_length=200)
    counterparty = models.CharField("对方单位/个人", max_length=100, blank=True)
    voucher_no = models.CharField("凭证号", max_length=40, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.BOOKED)
    source_key = models.CharField("来源记录", max_length=64, blank=True, editable=False,
                                  help_text="由其他业务生成时的来源，如 care.assistance:812；同一来源只记一次")
    source_url = models.CharField("来源地址", max_length=200, blank=True, editable=False)
    reverses = models.OneToOneField("self", verbose_name="冲销的分录", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="reversed_by")
    reject_reason = models.CharField("不入账原因", max_length=200, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记账人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    booked_at = models.DateTimeField("记账时间", null=True, blank=True)
    token = models.CharField("提交标识", max_length=64, blank=True, editable=False,
                             help_text="录入表单的一次性标识：重复提交（双击）只记一次")

    audit_exclude = ("created_at", "token")

    class Meta:
        verbose_name = verbose_name_plural = "收支分录"
        ordering = ["-entry_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "source_key"], condition=~Q(source_key=""),
                                    name="funds_ledger_source_once"),
            models.UniqueConstraint(fields=["org", "voucher_no"], condition=~Q(voucher_no=""),
                                    name="funds_ledger_voucher_unique"),
            models.UniqueConstraint(fields=["org", "token"], condition=~Q(token=""), name="funds_ledger_token_once"),
            models.CheckConstraint(condition=~Q(amount=0), name="funds_ledger_amount_nonzero"),
            models.CheckConstraint(condition=Q(reverses__isnull=False) | Q(amount__gt=0),
                                   name="funds_ledger_negative_only_reversal"),
        ]
        indexes = [
            models.Index(fields=["org", "-entry_date", "-id"], name="funds_ledger_page"),
            models.Index(fields=["status", "entry_date", "org"], name="funds_ledger_booked_by_date"),
            models.Index(fields=["org", "status", "category"], name="funds_ledger_org_status"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_date} {self.get_category_display()} {self.amount}元 {self.summary}"

    def save(self, *args, **kwargs):
        self.direction = direction_of(self.category)
        super().save(*args, **kwargs)

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


def attachment_path(instance: "LedgerAttachment", filename: str) -> str:
    return random_upload_name(f"funds/ledger/{instance.entry_id}", filename)


class LedgerAttachment(Attachment):
    entry = models.ForeignKey(LedgerEntry, verbose_name="分录", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to=attachment_path, max_length=255)

    class Meta:
        verbose_name = verbose_name_plural = "分录附件"
        ordering = ["entry", "id"]

    def audit_org_path(self) -> str:
        return getattr(self.entry.org, "path", "")


class ClosedMonth(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("月份", help_text="该月1日")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="结账人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField("结账时间", auto_now_add=True)

    audit_exclude = ("closed_at",)

    class Meta:
        verbose_name = verbose_name_plural = "已结账月份"
        ordering = ["org", "-month"]
        constraints = [models.UniqueConstraint(fields=["org", "month"], name="funds_closedmonth_unique")]

    def __str__(self) -> str:
        return f"{self.month:%Y年%-m月}已结账"
