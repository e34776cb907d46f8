"""Publicity (宣传): newsletters (简报) numbered per year, notice-board issues (宣传栏, 板报), and articles submitted to
outside media (投稿) and published (录用)."""
from __future__ import annotations

from django.db import models

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

__all__ = ["Newsletter", "Article"]


class Newsletter(AuditedModel):
    class Kind(models.TextChoices):
        BULLETIN = "bulletin", "工会简报"
        BOARD = "board", "宣传栏"
        BLACKBOARD = "blackboard", "黑板报"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices, default=Kind.BULLETIN)
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveSmallIntegerField("期号")
    title = models.CharField("标题", max_length=100)
    published_on = models.DateField("编发日期")
    content = models.TextField("主要内容", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "简报与宣传栏"
        ordering = ["-published_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "kind", "year", "number"], name="act_newsletter_no")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.year}年第{self.number}期"


class Article(AuditedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已投稿"
        ACCEPTED = "accepted", "已录用"
        REJECTED = "rejected", "未录用"

    class Level(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCIAL = "provincial", "省级"
        CITY = "city", "市级"
        DISTRICT = "district", "区县级"
        INTERNAL = "internal", "系统内"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("稿件标题", max_length=100)
    author = models.CharField("作者", max_length=50)
    outlet = models.CharField("投稿媒体", max_length=100)
    level = models.CharField("媒体级别", max_length=12, choices=Level.choices)
    submitted_on = models.DateField("投稿日期")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    accepted_on = models.DateField("录用（刊发）日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "投稿"
        ordering = ["-submitted_on", "-id"]
        indexes = [models.Index(fields=["org", "submitted_on"], name="act_article_org")]

    def __str__(self) -> str:
        return self.title
