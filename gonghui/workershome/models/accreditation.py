"""Accreditation (建家): an application for a level (模范/先进职工之家, 模范职工小家) with a self-assessment of each standard
item (points, self score, evidence), applied → inspected (验收) by the upper union → title awarded (level and year)
or not passed. The items are copied from `standards.py` when the application is made."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from gonghui.core.models import Attachment, AuditedModel, random_upload_name
from gonghui.orgs.models import Organization

__all__ = ["Accreditation", "AccreditationItem", "AccreditationEvidence"]


class Accreditation(AuditedModel):
    class Level(models.TextChoices):
        MODEL = "model", "模范职工之家"
        ADVANCED = "advanced", "先进职工之家"
        SMALL = "small", "模范职工小家"

    class Status(models.TextChoices):
        DRAFT = "draft", "自评中"
        APPLIED = "applied", "已申报"
        AWARDED = "awarded", "已命名"
        NOT_PASSED = "not_passed", "验收未通过"

    org = models.ForeignKey(Organization, verbose_name="申报工会", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("创建等级", max_length=10, choices=Level.choices)
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    pass_mark = models.PositiveSmallIntegerField("申报分数线")
    applied_on = models.DateField("申报日期", null=True, blank=True)
    inspected_on = models.DateField("验收日期", null=True, blank=True)
    inspected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="验收人", on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    inspection_score = models.PositiveSmallIntegerField("验收得分", null=True, blank=True)
    inspection_note = models.CharField("验收意见", max_length=300, blank=True)
    title = models.CharField("命名称号", max_length=100, blank=True)
    awarded_by = models.CharField("命名单位", max_length=100, blank=True, help_text="验收并命名的上级工会")

    class Meta:
        verbose_name = verbose_name_plural = "建家申报"
        ordering = ["org", "-year"]
        constraints = [models.UniqueConstraint(fields=["org", "level", "year"], name="workershome_accr_unique")]

    def __str__(self) -> str:
        return f"{self.year}年度{self.get_level_display()}申报"


class AccreditationItem(AuditedModel):
    accreditation = models.ForeignKey(Accreditation, verbose_name="申报", on_delete=models.CASCADE,
                                      related_name="items")
    code = models.CharField("标准项", max_length=20)
    text = models.CharField("内容", max_length=200)
    points = models.PositiveSmallIntegerField("分值")
    self_score = models.PositiveSmallIntegerField("自评得分", null=True, blank=True)
    evidence = models.TextField("佐证材料说明", blank=True, help_text="照片、文件等佐证材料的名称与存放位置")

    class Meta:
        verbose_name = verbose_name_plural = "建家自评项"
        ordering = ["accreditation", "id"]


def _evidence_path(instance, filename):
    return random_upload_name(f"workershome/accreditation/{instance.item.accreditation_id}", filename)


def _evidence_thumb_path(instance, filename):
    return random_upload_name(f"workershome/accreditation/{instance.item.accreditation_id}/thumbs", filename)


class AccreditationEvidence(Attachment):
    """A photo or document proving a self-assessed item (建家佐证材料). Images carry a JPEG thumbnail; documents
    (PDF, Word, Excel) have none. Served only through the scoped view."""

    item = models.ForeignKey(AccreditationItem, verbose_name="自评项", on_delete=models.CASCADE,
                             related_name="files")
    file = models.FileField("佐证材料", upload_to=_evidence_path, max_length=255)
    thumb = models.FileField("缩略图", upload_to=_evidence_thumb_path, max_length=255, blank=True)

    audit_exclude = ("uploaded_at", "file", "thumb")

    class Meta:
        verbose_name = verbose_name_plural = "建家佐证材料"
        ordering = ["item", "id"]

    @property
    def is_image(self) -> bool:
        return bool(self.thumb)
