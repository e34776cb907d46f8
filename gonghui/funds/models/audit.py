"""经费审查 (the union's audit committee, 经审会).

- `AuditRun` — the committee ran its checks on a union's books for a year (when, by whom, what the thresholds were,
  how many of each kind were found). The flags themselves are `EntryFlag` rows (models/rules.py).
- `AuditFinding` — a problem the committee found (发现问题), numbered per union and year, often on an entry or a flag;
  the treasurer replies (整改说明) and the committee resolves it (整改到位) or sends it back.
- `AuditReport` — the year's 经费审查报告: the committee's opinion, issued once a year (the Word document is drafted
  from the records: services/audit.report_document).
"""
from __future__ import annotations

from django.conf import settings
from django.db import models

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

from .ledger import LedgerEntry
from .rules import CheckKind, EntryFlag

__all__ = ["AuditRun", "AuditFinding", "AuditReport"]


class AuditRun(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    ran_at = models.DateTimeField("核查时间", auto_now_add=True)
    ran_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="核查人", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    large_amount = models.DecimalField("大额支出标准(元)", max_digits=12, decimal_places=2)
    repeat_times = models.PositiveSmallIntegerField("同一收款方次数标准")
    counts = models.JSONField("发现数", default=dict)

    audit_exclude = ("ran_at",)

    class Meta:
        verbose_name = verbose_name_plural = "经审核查"
        ordering = ["org", "-year", "-ran_at"]
        indexes = [models.Index(fields=["org", "year"], name="funds_auditrun_org_year")]

    def __str__(self) -> str:
        return f"{self.year}年度经费核查"


class AuditFinding(AuditedModel):
    class Status(models.TextChoices):
        OPEN = "open", "待答复"
        REPLIED = "replied", "已答复"
        RESOLVED = "resolved", "已整改"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveSmallIntegerField("编号")
    kind = models.CharField("问题类型", max_length=16, choices=CheckKind.choices, blank=True)
    entry = models.ForeignKey(LedgerEntry, verbose_name="相关分录", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    flag = models.ForeignKey(EntryFlag, verbose_name="核查提示", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    title = models.CharField("问题", max_length=100)
    detail = models.TextField("具体情况", blank=True)
    amount = models.DecimalField("涉及金额(元)", max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    raised_on = models.DateField("提出日期")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    reply = models.TextField("财务答复（整改说明）", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    resolution = models.CharField("整改结论", max_length=300, blank=True)
    resolved_on = models.DateField("整改确认日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "经审发现问题"
        ordering = ["org", "-year", "number"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "number"], name="funds_finding_number")]
        indexes = [models.Index(fields=["org", "status"], name="funds_finding_org_status")]

    def __str__(self) -> str:
        return f"{self.year}年第{self.number}号：{self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("funds:finding_detail", args=[self.pk])


class AuditReport(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    issued_on = models.DateField("报告日期")
    opinion = models.TextField("审查意见")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签发人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "经费审查报告"
        ordering = ["org", "-year"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="funds_auditreport_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year}年度经费审查报告"
