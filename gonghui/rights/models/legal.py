"""Legal services (法律服务): consultations and representation (咨询、代理), lawyers on duty (律师坐班) with their
hours, 普法 lectures and campaigns with attendance (人次). A member asks for legal advice from the phone: a
consultation in state 待答复 with the account that asked."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

__all__ = ["Consultation", "LawyerDuty", "Lecture"]


class Consultation(AuditedModel):
    class Kind(models.TextChoices):
        CONSULT = "consult", "法律咨询"
        AGENT = "agent", "代理（法律援助）"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.CONSULT)
    asked_on = models.DateField("日期")
    asker = models.CharField("咨询人", max_length=50)
    asker_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="在线提问账号", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    question = models.CharField("咨询事项", max_length=500)
    answer = models.CharField("解答意见", max_length=1000, blank=True)
    answered_on = models.DateField("解答日期", null=True, blank=True)
    lawyer = models.CharField("解答律师（工作人员）", max_length=50, blank=True)
    token = models.CharField("提交标识", max_length=40, blank=True)

    #: the asker is a person's name: "***" in the audit trail (the page reveals it to RIGHTS_SENSITIVE only)
    audit_masked = ("asker",)

    class Meta:
        verbose_name = verbose_name_plural = "法律咨询"
        ordering = ["-asked_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["asker_user", "token"], condition=~Q(token=""),
                                               name="rights_consult_token_unique")]

    def __str__(self) -> str:
        return f"{self.asked_on:%Y-%m-%d} {self.get_kind_display()}"


class LawyerDuty(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    lawyer = models.CharField("律师", max_length=50)
    firm = models.CharField("律师事务所", max_length=100, blank=True)
    on_day = models.DateField("坐班日期")
    hours = models.DecimalField("时长（小时）", max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = verbose_name_plural = "律师坐班"
        ordering = ["-on_day", "-id"]

    def __str__(self) -> str:
        return f"{self.on_day:%Y-%m-%d} {self.lawyer}"


class Lecture(AuditedModel):
    class Kind(models.TextChoices):
        LECTURE = "lecture", "普法讲座"
        CAMPAIGN = "campaign", "普法宣传活动"
        WOMEN = "women", "女职工维权行动月活动"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.LECTURE)
    held_on = models.DateField("日期")
    title = models.CharField("主题", max_length=100)
    speaker = models.CharField("主讲人", max_length=50, blank=True)
    attendance = models.PositiveIntegerField("参加人次")

    class Meta:
        verbose_name = verbose_name_plural = "普法讲座与宣传"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title
