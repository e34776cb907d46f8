"""Mass safety campaigns (群众性安全生产活动): the 安康杯 competition (participation and its result), the 安全生产月
(June: activities and participants) and the training of 群众安全生产监督员 (people trained).

The 安康杯's teams (班组, with member counts, scores and awards) are not kept here: they are the entries of the
建功立业 area's `achievements.Competition` of kind 安康杯, which the campaign links (`competition`). One record of
each team, counted by achievements' figures (参赛班组, all competitions) and read by rights' `rights.safety.teams`
(the 安康杯's only) — the same rows, never added together.
"""
from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

__all__ = ["SafetyCampaign"]


class SafetyCampaign(AuditedModel):
    class Kind(models.TextChoices):
        ANKANG = "ankang", "“安康杯”竞赛"
        MONTH = "month", "“安全生产月”活动"
        TRAINING = "training", "群众安全生产监督员培训"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    title = models.CharField("名称", max_length=100)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    competition = models.ForeignKey("achievements.Competition", verbose_name="安康杯竞赛（建功立业）", null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    activities = models.PositiveIntegerField("开展活动（项）", null=True, blank=True,
                                             help_text="安全生产月：知识竞赛、应急演练、隐患排查等活动项数")
    participants = models.PositiveIntegerField("参与职工（人次）", null=True, blank=True)
    trained = models.PositiveIntegerField("培训监督员（人）", null=True, blank=True)
    result = models.CharField("成绩与奖项", max_length=200, blank=True,
                              help_text="如：获评区“安康杯”竞赛优胜企业")
    note = models.CharField("活动情况", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "群众性安全生产活动"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["org", "starts_on"], name="rights_safety_org")]
        constraints = [models.UniqueConstraint(fields=["competition"], condition=Q(competition__isnull=False),
                                               name="rights_safety_competition_once")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("rights:safety_detail", kwargs={"pk": self.pk})
