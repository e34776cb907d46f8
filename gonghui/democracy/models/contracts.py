"""Collective contracts (集体合同, 集体合同规定 2004; DOMAIN.md §4b).

- A contract belongs to a union (the union party) and an employer (a text name now; the funds area will add an
  Employer register). Kinds: 综合性集体合同 and the special contracts (工资专项, 女职工权益保护专项, 劳动安全卫生专项 …).
- Its term is 1–3 years (starts_on … ends_on, both inclusive). It is submitted to the labour bureau within
  FILING_DAYS (10) days of signing and takes effect unless the bureau objects within OBJECTION_DAYS (15) days of
  receiving it (accepted earlier: from acceptance). `in_force_q(day)` says it in one filter.
- Renewal (续签) makes a new version (`previous` → the old one, `version` + 1); the old one is kept, marked 已续签 and
  ended the day before the new one starts. A contract is renewed once (`previous` is one-to-one).
- The yearly performance check (履约检查) is one row per contract and year.
"""
from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from gonghui.core.models import Attachment, AuditedModel, random_upload_name
from gonghui.orgs.models import Organization

from .congress import CongressSession

__all__ = ["CollectiveContract", "ContractKind", "ContractDocument", "PerformanceCheck"]

FILING_DAYS = 10  # 签订后10日内报送劳动保障行政部门
OBJECTION_DAYS = 15  # 收到文本之日起15日内未提出异议的，即行生效
MIN_TERM_YEARS = 1
MAX_TERM_YEARS = 3


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class ContractKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", "综合性集体合同"
    WAGE = "wage", "工资专项集体合同"
    WOMEN = "women", "女职工权益保护专项集体合同"
    SAFETY = "safety", "劳动安全卫生专项集体合同"
    OTHER = "other", "其他专项集体合同"


def in_force_q(day: datetime.date, prefix: str = "") -> Q:
    """Contracts in force on `day`: submitted and not objected to, accepted by then or past the bureau's 15 days,
    inside their term and not ended early (renewed or terminated)."""
    p = prefix
    deemed = day - datetime.timedelta(days=OBJECTION_DAYS + 1)  # in force the day after the 15th
    return (Q(**{f"{p}submitted_on__isnull": False, f"{p}objected_on__isnull": True, f"{p}starts_on__lte": day,
                 f"{p}ends_on__gte": day})
            & (Q(**{f"{p}accepted_on__lte": day}) | Q(**{f"{p}submitted_on__lte": deemed}))
            & (Q(**{f"{p}ended_on__isnull": True}) | Q(**{f"{p}ended_on__gte": day})))


class CollectiveContract(AuditedModel):
    class Status(models.TextChoices):
        NEGOTIATING = "negotiating", "草案（协商中）"
        SIGNED = "signed", "已签订"
        FILED = "filed", "已报送备案"
        IN_FORCE = "in_force", "已生效"
        OBJECTED = "objected", "审查有异议"
        EXPIRED = "expired", "已到期"
        RENEWED = "renewed", "已续签"
        TERMINATED = "terminated", "已终止"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT,
                            related_name="collective_contracts")
    kind = models.CharField("合同类别", max_length=16, choices=ContractKind.choices)
    title = models.CharField("合同名称", max_length=120)
    version = models.PositiveSmallIntegerField("版次", default=1, help_text="首次签订为第1版，每续签一次加1")
    previous = models.OneToOneField("self", verbose_name="上一版（续签前）", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="renewal")
    employer_name = models.CharField("企业（用人单位）方", max_length=100)
    employer_representative = models.CharField("企业方首席代表", max_length=50, blank=True)
    union_representative = models.CharField("工会（职工）方首席代表", max_length=50, blank=True)
    employer_signatories = models.CharField("企业方签字人", max_length=200, blank=True)
    union_signatories = models.CharField("工会方签字人", max_length=200, blank=True)
    employees_covered = models.PositiveIntegerField("覆盖职工人数", null=True, blank=True)
    signed_on = models.DateField("签订日期", null=True, blank=True)
    starts_on = models.DateField("期限起始日", null=True, blank=True)
    ends_on = models.DateField("期限届满日", null=True, blank=True)
    session = models.ForeignKey(CongressSession, verbose_name="审议通过的职代会", on_delete=models.PROTECT,
                                null=True, blank=True, related_name="collective_contracts")
    submitted_on = models.DateField("报送备案日期", null=True, blank=True)
    bureau = models.CharField("备案的劳动保障行政部门", max_length=100, blank=True)
    accepted_on = models.DateField("审查通过日期", null=True, blank=True,
                                   help_text="收到审查意见书（无异议）的日期；15日内未提出异议即视为生效")
    objected_on = models.DateField("提出异议日期", null=True, blank=True)
    objection = models.TextField("审查意见（异议）", blank=True)
    ended_on = models.DateField("提前终止日期", null=True, blank=True, help_text="续签或终止时填写")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.NEGOTIATING)
    content = models.TextField("合同文本（主要条款）", blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "集体合同"
        ordering = ["org", "kind", "-version"]
        indexes = [models.Index(fields=["org", "kind", "ends_on"], name="democracy_contract_kind_end")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("democracy:contracts_detail", kwargs={"pk": self.pk})

    # --- the 10-day and 15-day rules -------------------------------------------------------------------------

    @property
    def filing_due_on(self) -> datetime.date | None:
        """The last day to submit it to the labour bureau (签订后10日内)."""
        return self.signed_on + datetime.timedelta(days=FILING_DAYS) if self.signed_on else None

    @property
    def filed_late(self) -> bool:
        return bool(self.submitted_on and self.filing_due_on and self.submitted_on > self.filing_due_on)

    def filing_overdue(self, day: datetime.date) -> bool:
        return bool(self.signed_on and not self.submitted_on and self.status not in self.CLOSED
                    and day > self.filing_due_on)

    @property
    def objection_deadline(self) -> datetime.date | None:
        """The bureau's last day to object (收到文本之日起15日内)."""
        return self.submitted_on + datetime.timedelta(days=OBJECTION_DAYS) if self.submitted_on else None

    @property
    def effective_on(self) -> datetime.date | None:
        """The day it takes effect: the start of its term, once accepted or 15 days after submission."""
        if not self.submitted_on or self.objected_on or not self.starts_on:
            return None
        approved = self.accepted_on or self.objection_deadline + datetime.timedelta(days=1)
        return max(self.starts_on, approved)

    def is_in_force(self, day: datetime.date) -> bool:
        effective = self.effective_on
        end = min(d for d in (self.ends_on, self.ended_on) if d is not None) if self.ends_on else None
        return bool(effective and end and effective <= day <= end)

    CLOSED = (Status.RENEWED, Status.TERMINATED, Status.OBJECTED)

    def state_on(self, day: datetime.date) -> str:
        """The status as it stands on `day` (Status value): 已报送 becomes 已生效 when accepted or after the
        bureau's 15 days, and 已到期 after the term."""
        if self.status in self.CLOSED or self.status in (self.Status.NEGOTIATING,):
            return self.status
        if self.ends_on and day > self.ends_on and self.submitted_on:
            return self.Status.EXPIRED
        if self.is_in_force(day):
            return self.Status.IN_FORCE
        return self.status

    def state_label(self, day: datetime.date) -> str:
        return self.Status(self.state_on(day)).label

    def days_to_expiry(self, day: datetime.date) -> int | None:
        return (self.ends_on - day).days if self.ends_on else None


def contract_document_path(instance, filename: str) -> str:
    return random_upload_name("democracy/contracts", filename)


class ContractDocument(Attachment):
    """The contract's text as signed (scan or document), and other papers (审查意见书 …)."""

    contract = models.ForeignKey(CollectiveContract, verbose_name="集体合同", on_delete=models.CASCADE,
                                 related_name="documents")
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    file = models.FileField("附件", upload_to=contract_document_path, max_length=255)
    size = models.PositiveIntegerField("大小（字节）", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "集体合同附件"
        ordering = ["contract", "id"]


class PerformanceCheck(AuditedModel):
    """The yearly check of how the contract is kept (集体合同履约检查), by the union with the employer or a joint
    supervision group: what was found, the problems and whether they were put right."""

    contract = models.ForeignKey(CollectiveContract, verbose_name="集体合同", on_delete=models.CASCADE,
                                 related_name="checks")
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    checked_on = models.DateField("检查日期")
    checkers = models.CharField("检查人员", max_length=200, blank=True)
    findings = models.TextField("检查情况")
    problems = models.TextField("发现的问题", blank=True)
    rectified = models.BooleanField("问题已整改", default=False)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    rectification = models.TextField("整改情况", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "集体合同履约检查"
        ordering = ["contract", "-year"]
        constraints = [models.UniqueConstraint(fields=["contract", "year"], name="democracy_contract_check_yearly")]

    def __str__(self) -> str:
        return f"{self.year}年度履约检查"

    @property
    def has_problems(self) -> bool:
        return bool(self.problems.strip())
