"""Labour-dispute mediation (劳动争议调解) by the union's mediation committee.

The legal time limits are data (`DisputeRule`, by union and date; the defaults follow 《企业劳动争议协商调解规定》:
decide within 3 days whether to accept, close within 15 days of acceptance, extendable once by agreement up to 15
days). A case not closed within its limit is listed (overdue). `details` is sensitive (PIPL): shown only to
RIGHTS_SENSITIVE holders, every reveal audited, masked in lists and exports.
"""
from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from gonghui.core.models import AuditedModel
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

__all__ = ["DisputeRule", "DisputeKind", "DisputeState", "DisputeOutcome", "DisputeCase", "DEFAULT_LIMITS"]

#: (accept_days, close_days, extend_days) when a union has set nothing.
DEFAULT_LIMITS = (3, 15, 15)


class DisputeRule(AuditedModel):
    """The time limits a union's mediation committee works to, from a date."""

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField("生效日期")
    accept_days = models.PositiveSmallIntegerField("受理期限（日）", default=3)
    close_days = models.PositiveSmallIntegerField("调解期限（日，自受理之日起）", default=15)
    extend_days = models.PositiveSmallIntegerField("可延长（日）", default=15)
    note = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "调解期限规定"
        ordering = ["org", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["org", "effective_from"], name="rights_rule_unique")]

    def __str__(self) -> str:
        return f"{self.effective_from:%Y-%m-%d}起 受理{self.accept_days}日 调解{self.close_days}日"


class DisputeKind(models.TextChoices):
    PAY = "pay", "劳动报酬"
    INSURANCE = "insurance", "社会保险"
    DISMISSAL = "dismissal", "解除劳动合同"
    INJURY = "injury", "工伤"
    OVERTIME = "overtime", "加班"
    CONTRACT = "contract", "订立劳动合同"
    OTHER = "other", "其他"


class DisputeState(models.TextChoices):
    APPLIED = "applied", "已申请"
    ACCEPTED = "accepted", "已受理"
    REFUSED = "refused", "不予受理"
    CLOSED = "closed", "已结案"


class DisputeOutcome(models.TextChoices):
    SUCCESS = "success", "调解成功"
    FAILED = "failed", "调解不成"
    ARBITRATION = "arbitration", "转仲裁"
    WITHDRAWN = "withdrawn", "撤回"


class DisputeCase(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    number = models.CharField("案号", max_length=30)
    person = models.ForeignKey(Person, verbose_name="申请人（会员）", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    applicant_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="在线申请账号", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    applicant_name = models.CharField("申请人", max_length=50)
    applicant_phone = models.CharField("联系电话", max_length=30, blank=True)
    is_member = models.BooleanField("申请人是会员", default=True)
    other_party = models.CharField("被申请人", max_length=100)
    kind = models.CharField("争议类型", max_length=16, choices=DisputeKind.choices)
    claim_amount = models.DecimalField("请求金额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    details = models.TextField("争议事实与请求", blank=True)
    mediators = models.CharField("调解员", max_length=100, blank=True)
    received_on = models.DateField("收到申请日期")
    state = models.CharField("状态", max_length=12, choices=DisputeState.choices, default=DisputeState.APPLIED)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    refused_on = models.DateField("不予受理日期", null=True, blank=True)
    refuse_reason = models.CharField("不予受理理由", max_length=300, blank=True)
    due_on = models.DateField("调解期限", null=True, blank=True)
    extended = models.BooleanField("已延长期限", default=False)
    mediated_on = models.DateField("调解日期", null=True, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    outcome = models.CharField("调解结果", max_length=12, choices=DisputeOutcome.choices, blank=True)
    agreement_amount = models.DecimalField("协议金额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    agreement_text = models.TextField("协议内容", blank=True)
    over_claim_reason = models.CharField("协议金额超过请求的理由", max_length=300, blank=True)
    followup_on = models.DateField("回访日期", null=True, blank=True)
    followup_note = models.CharField("协议履行情况", max_length=300, blank=True)
    fulfilled = models.BooleanField("协议已履行", default=False)
    token = models.CharField("提交标识", max_length=40, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    audit_masked = ("applicant_phone",)

    class Meta:
        verbose_name = verbose_name_plural = "劳动争议调解案件"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "number"], name="rights_case_number_unique"),
            models.UniqueConstraint(fields=["applicant_user", "token"], condition=~Q(token=""),
                                    name="rights_case_token_unique"),
        ]
        indexes = [models.Index(fields=["org", "received_on"], name="rights_case_org")]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("rights:case_detail", kwargs={"pk": self.pk})

    def overdue_on(self, day: datetime.date) -> bool:
        return self.state == DisputeState.ACCEPTED and self.due_on is not None and self.due_on < day
