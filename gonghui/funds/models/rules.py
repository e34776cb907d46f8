"""Fund rules (经费使用规定) for all spending, on care's rule sets.

Care keeps a federation's condolence standards as `care.AidRuleSet` (an organisation, a name, an effective period;
a union follows its nearest ancestor's set in force on the day) with `care.AidRule` lines (occasion → standard,
cap, yearly cap per member). Funds extends the same dated sets to every kind of spending instead of keeping rule
sets of its own:

- `SpendingRule` — a line of a care rule set for a purpose of spending (`Purpose`: 节日慰问品, 生日慰问, 活动餐费,
  奖品 …) with a basis: 每人每次上限 (per head per entry), 每人每年上限 (per head summed over the year) or 占全年支出
  比例上限 (the purpose's — or a category's — share of the year's expenditure, in percent). A purpose that is also a
  care occasion (节日, 生日) takes the care line's yearly cap per member when the set has no spending rule of its own.
- `EntryTag` — what a ledger entry is for: the purpose, the head count (人数, for per-head rules) and the approval
  mark (审批: the approval document or meeting minutes, for large spending). One per entry; the ledger itself is
  not changed.
- `EntryFlag` — a finding of the checks on a booked entry (or on a year, for share rules): a rule breach with the
  rule it breaks, or one of the 经审 checks (models/audit.py `CheckKind`). Derived data: the checks replace the
  year's flags of their kind each time they run (services/rules.rules_check, services/audit.audit_run).
"""
from __future__ import annotations

from django.db import models
from django.db.models import Q

from gonghui.care.models import AidRule, AidRuleSet, Occasion
from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

from .ledger import Category, LedgerEntry

__all__ = ["Purpose", "PURPOSE_OCCASION", "SpendingRule", "EntryTag", "CheckKind", "EntryFlag"]


class Purpose(models.TextChoices):
    FESTIVAL = "festival", "节日慰问品"
    BIRTHDAY = "birthday", "生日慰问"
    MEAL = "meal", "活动餐费"
    PRIZE = "prize", "奖品奖励"
    ACTIVITY = "activity", "文体活动"
    TRAINING = "training", "教育培训"
    CONDOLENCE = "condolence", "慰问困难职工"
    OTHER = "other", "其他"


#: purposes that are also care occasions: the care rule's yearly cap per member applies when funds has no line
PURPOSE_OCCASION = {Purpose.FESTIVAL: Occasion.FESTIVAL, Purpose.BIRTHDAY: Occasion.BIRTHDAY}


class SpendingRule(AuditedModel):
    class Basis(models.TextChoices):
        PER_HEAD = "per_head", "每人每次上限"
        PER_HEAD_YEAR = "per_head_year", "每人每年上限"
        SHARE = "share", "占全年支出比例上限"

    rule_set = models.ForeignKey(AidRuleSet, verbose_name="经费标准", on_delete=models.CASCADE,
                                 related_name="spending_rules")
    purpose = models.CharField("用途", max_length=16, choices=Purpose.choices, blank=True,
                               help_text="比例上限可按科目而不按用途，此时留空")
    category = models.CharField("科目", max_length=20, choices=Category.choices, blank=True,
                                help_text="仅用于比例上限：该科目占全年支出的比例")
    basis = models.CharField("口径", max_length=16, choices=Basis.choices)
    limit = models.DecimalField("上限", max_digits=12, decimal_places=2, help_text="元；比例上限为百分数，如 60")
    note = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "经费使用规定"
        ordering = ["rule_set", "basis", "purpose", "category"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "purpose", "category", "basis"], name="funds_spendingrule_once"),
            models.CheckConstraint(condition=Q(limit__gt=0), name="funds_spendingrule_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.subject}{self.limit_text}"

    @property
    def subject(self) -> str:
        if self.purpose:
            return self.get_purpose_display()
        return self.get_category_display() if self.category else "全部支出"

    @property
    def limit_text(self) -> str:
        value = f"{self.limit.normalize():f}"
        if self.basis == self.Basis.SHARE:
            return f"占全年支出不超过{value}%"
        return f"{self.get_basis_display()}{value}元"

    def audit_org_path(self) -> str:
        return self.rule_set.org.path


class EntryTag(AuditedModel):
    entry = models.OneToOneField(LedgerEntry, verbose_name="分录", on_delete=models.CASCADE, related_name="tag")
    purpose = models.CharField("用途", max_length=16, choices=Purpose.choices, blank=True)
    heads = models.PositiveIntegerField("人数", null=True, blank=True, help_text="按人均标准核对时填写")
    approval = models.CharField("审批依据", max_length=100, blank=True,
                                help_text="审批单号或会议纪要，如“工会委员会2025年第3次会议”")

    class Meta:
        verbose_name = verbose_name_plural = "分录用途"
        ordering = ["entry"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display() or '未注明用途'}" + (f"·{self.heads}人" if self.heads else "")

    def audit_org_path(self) -> str:
        return self.entry.org.path


class CheckKind(models.TextChoices):
    RULE = "rule", "违反经费使用规定"
    NO_VOUCHER = "no_voucher", "无凭证号"
    NO_APPROVAL = "no_approval", "大额支出无审批"
    ROUND = "round", "整数金额异常"
    REPEAT_PAYEE = "repeat_payee", "同一收款方多次支付"


class EntryFlag(models.Model):
    """A check's finding (derived: replaced each time the check runs; the run itself is audited)."""

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    entry = models.ForeignKey(LedgerEntry, verbose_name="分录", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="flags")
    kind = models.CharField("问题类型", max_length=16, choices=CheckKind.choices)
    rule = models.ForeignKey(SpendingRule, verbose_name="违反的规定", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    aid_rule = models.ForeignKey(AidRule, verbose_name="违反的慰问标准", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+")
    rule_text = models.CharField("规定", max_length=200, blank=True)
    message = models.CharField("说明", max_length=300)
    excess = models.DecimalField("超出金额(元)", max_digits=14, decimal_places=2, null=True, blank=True)
    entry_date = models.DateField("日期", null=True, blank=True)
    found_at = models.DateTimeField("发现时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "核查提示"
        ordering = ["org", "year", "entry_date", "id"]
        indexes = [models.Index(fields=["org", "year", "kind"], name="funds_flag_org_year_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.message}"
