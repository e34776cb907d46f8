"""Petitions (信访: visits and letters) and periodic risk screening (矛盾排查: "排查N起，化解M起")."""
from __future__ import annotations

from django.db import models

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

__all__ = ["Petition", "Risk"]


class Petition(AuditedModel):
    class Channel(models.TextChoices):
        VISIT = "visit", "来访"
        LETTER = "letter", "来信"
        PHONE = "phone", "来电"
        ONLINE = "online", "网上"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField("方式", max_length=10, choices=Channel.choices)
    received_on = models.DateField("受理日期")
    petitioner = models.CharField("来访（来信）人", max_length=50)
    people = models.PositiveIntegerField("人数", default=1)
    matter = models.CharField("反映事项", max_length=500)
    handler = models.CharField("承办人", max_length=50, blank=True)
    answer = models.CharField("答复意见", max_length=500, blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)

    #: the petitioner is a person's name: "***" in the audit trail (the page reveals it to RIGHTS_SENSITIVE only)
    audit_masked = ("petitioner",)

    class Meta:
        verbose_name = verbose_name_plural = "信访"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.received_on:%Y-%m-%d} {self.get_channel_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("rights:petition_detail", args=[self.pk])

    @property
    def state_label(self) -> str:
        return "已答复" if self.answered_on else "待答复"


class Risk(AuditedModel):
    """A collective risk (矛盾隐患) found by a screening (排查), with its state: 正在化解 until resolved (化解)."""

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    screened_on = models.DateField("排查日期")
    matter = models.CharField("矛盾隐患", max_length=300)
    people = models.PositiveIntegerField("涉及职工（人）", null=True, blank=True)
    measures = models.CharField("化解措施", max_length=500, blank=True)
    resolved_on = models.DateField("化解日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "矛盾排查"
        ordering = ["-screened_on", "-id"]

    def __str__(self) -> str:
        return self.matter

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("rights:risk_detail", args=[self.pk])

    @property
    def state_label(self) -> str:
        return "已化解" if self.resolved_on else "正在化解"
