"""Honours (评先评优): titles received by persons and units, with level, date and awarding body.

An honour awarded by another body (上级工会、政府) is recorded as approved. The union's own awards (本单位 level)
go through nomination: nominated (推荐) → publicised (公示, with its end date) → approved (批准), or withdrawn.
A person's honours show on their page; an approved 劳动模范 sets the person's model-worker category (Person.model_worker)
to its level when higher than the one recorded.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.models import AuditedModel
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

__all__ = ["Honour", "HonourLevel", "HonourTitle", "CITY_PLUS"]


class HonourLevel(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "区县级"
    SYSTEM = "system", "系统"
    INTERNAL = "internal", "本单位"


CITY_PLUS = (HonourLevel.NATIONAL, HonourLevel.PROVINCE, HonourLevel.CITY)


class HonourTitle(models.TextChoices):
    ADVANCED_PERSON = "advanced_person", "先进个人"
    ADVANCED_UNIT = "advanced_unit", "先进集体"
    CADRE = "cadre", "优秀工会干部"
    ACTIVIST = "activist", "工会积极分子"
    POST_MODEL = "post_model", "岗位标兵"
    MODEL_WORKER = "model_worker", "劳动模范"
    MAY_DAY_MEDAL = "may_day_medal", "五一劳动奖章"
    MAY_DAY_AWARD = "may_day_award", "五一劳动奖状"
    PIONEER = "pioneer", "工人先锋号"
    MODEL_HOME = "model_home", "模范职工之家"
    OTHER = "other", "其他"


UNIT_TITLES = (HonourTitle.ADVANCED_UNIT, HonourTitle.MAY_DAY_AWARD, HonourTitle.PIONEER, HonourTitle.MODEL_HOME)


class Honour(AuditedModel):
    class Kind(models.TextChoices):
        PERSON = "person", "个人"
        UNIT = "unit", "集体"

    class State(models.TextChoices):
        NOMINATED = "nominated", "已推荐"
        PUBLICISED = "publicised", "公示中"
        APPROVED = "approved", "已批准"
        WITHDRAWN = "withdrawn", "未通过/撤回"

    org = models.ForeignKey(Organization, verbose_name="所属组织", on_delete=models.PROTECT, related_name="+",
                            help_text="获奖个人或集体所在的组织（范围按此计算）")
    kind = models.CharField("对象", max_length=8, choices=Kind.choices)
    person = models.ForeignKey(Person, verbose_name="获奖个人", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="honours")
    unit_name = models.CharField("获奖集体", max_length=100, blank=True)
    title = models.CharField("荣誉类别", max_length=20, choices=HonourTitle.choices)
    name = models.CharField("荣誉称号", max_length=100, help_text="如：2025年度市五一劳动奖章")
    level = models.CharField("级别", max_length=10, choices=HonourLevel.choices)
    year = models.PositiveSmallIntegerField("年度")
    awarded_by = models.CharField("授予单位", max_length=100)
    awarded_on = models.DateField("授予日期", null=True, blank=True)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.APPROVED)
    nominated_on = models.DateField("推荐日期", null=True, blank=True)
    nominated_by = models.CharField("推荐单位", max_length=100, blank=True)
    publicity_from = models.DateField("公示开始", null=True, blank=True)
    publicity_until = models.DateField("公示截止", null=True, blank=True)
    deeds = models.TextField("主要事迹", blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "荣誉"
        ordering = ["-year", "level", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind="person", person__isnull=False) | Q(kind="unit", person__isnull=True),
                                   name="achieve_honour_kind"),
        ]
        indexes = [models.Index(fields=["org", "awarded_on"], name="achieve_honour_org"),
                   models.Index(fields=["person", "year"], name="achieve_honour_person")]

    def __str__(self) -> str:
        return f"{self.recipient} {self.name}"

    @property
    def recipient(self) -> str:
        return self.person.name if self.person_id else self.unit_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("achievements:honour_detail", kwargs={"pk": self.pk})
