"""Labour-safety supervision (劳动保护监督): hazards (隐患) reported by members and union safety representatives.

States: 已上报 (reported) → 已转办 (forwarded to a department, democracy.Department) → 已整改 (fixed) or 正在落实
(a plan with a deadline, then fixed); 不属实 (unfounded) closes a report the union found untrue. Each step keeps its
date, so a figure for a past year reads the state on that year's last day. The reporter's account follows it.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from gonghui.core.models import Attachment, AuditedModel, random_upload_name
from gonghui.orgs.models import Organization

__all__ = ["HazardKind", "HazardState", "Hazard", "HazardPhoto"]


class HazardKind(models.TextChoices):
    EQUIPMENT = "equipment", "设备设施"
    FIRE = "fire", "消防安全"
    ELECTRIC = "electric", "用电安全"
    HEALTH = "health", "职业卫生"
    ENVIRONMENT = "environment", "作业环境"
    CHEMICAL = "chemical", "危险化学品"
    TRAFFIC = "traffic", "交通安全"
    OTHER = "other", "其他"


class HazardState(models.TextChoices):
    REPORTED = "reported", "已上报"
    FORWARDED = "forwarded", "已转办"
    FIXED = "fixed", "已整改"
    PLANNED = "planned", "正在落实"
    UNFOUNDED = "unfounded", "不属实"


OPEN_STATES = (HazardState.REPORTED, HazardState.FORWARDED, HazardState.PLANNED)


class Hazard(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报告人账号", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    reporter_name = models.CharField("报告人", max_length=50)
    safety_rep = models.BooleanField("群众安全生产监督员", default=False)
    kind = models.CharField("隐患类别", max_length=16, choices=HazardKind.choices)
    location = models.CharField("地点", max_length=100)
    description = models.CharField("隐患情况", max_length=500)
    reported_on = models.DateField("上报日期")
    state = models.CharField("状态", max_length=12, choices=HazardState.choices, default=HazardState.REPORTED)
    department = models.ForeignKey("democracy.Department", verbose_name="转办部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    forwarded_on = models.DateField("转办日期", null=True, blank=True)
    forward_note = models.CharField("转办意见", max_length=300, blank=True)
    plan_note = models.CharField("整改计划", max_length=500, blank=True)
    planned_on = models.DateField("计划登记日期", null=True, blank=True)
    due_on = models.DateField("计划完成日期", null=True, blank=True)
    fixed_on = models.DateField("整改日期", null=True, blank=True)
    fix_note = models.CharField("整改情况", max_length=500, blank=True)
    unfounded_on = models.DateField("核实日期", null=True, blank=True)
    unfounded_note = models.CharField("核实情况", max_length=300, blank=True)
    token = models.CharField("提交标识", max_length=40, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "隐患信息"
        ordering = ["-reported_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["reporter", "token"], condition=~Q(token=""),
                                               name="rights_hazard_token_unique")]
        indexes = [models.Index(fields=["org", "reported_on"], name="rights_hazard_org"),
                   models.Index(fields=["state", "due_on"], name="rights_hazard_state")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.location}"

    def get_absolute_url(self) -> str:
        return reverse("rights:hazard_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


def _photo_path(instance, filename):
    return random_upload_name("rights/hazards", filename)


class HazardPhoto(Attachment):
    hazard = models.ForeignKey(Hazard, verbose_name="隐患", on_delete=models.CASCADE, related_name="photos")
    file = models.FileField("照片", upload_to=_photo_path, max_length=255)

    class Meta:
        verbose_name = verbose_name_plural = "隐患照片"
        ordering = ["hazard", "id"]
