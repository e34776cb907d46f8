"""Training (培训): courses (期) with their kind, trainer, hours, materials, and the attendees with sign-in and
certificates. A course of an upper union the union's people attend is a course too (`host` 上级工会举办).
Figures count held courses (期) and signed-in attendances (人次) on the course's day."""
from __future__ import annotations

from django.db import models

from gonghui.core.models import Attachment, AuditedModel, random_upload_name
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

__all__ = ["TrainingKind", "Course", "Attendance", "CourseMaterial"]


class TrainingKind(models.TextChoices):
    CADRE = "cadre", "工会干部培训"
    DELEGATE = "delegate", "职工代表培训"
    SKILL = "skill", "职业技能培训"
    SAFETY = "safety", "安全生产培训"
    LAW = "law", "普法培训"
    OTHER = "other", "其他培训"


class Course(AuditedModel):
    class Host(models.TextChoices):
        OWN = "own", "本会举办"
        UPPER = "upper", "参加上级工会培训"

    class Status(models.TextChoices):
        PLANNED = "planned", "计划中"
        HELD = "held", "已举办"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("培训主题", max_length=100)
    kind = models.CharField("培训类别", max_length=12, choices=TrainingKind.choices)
    host = models.CharField("举办方式", max_length=8, choices=Host.choices, default=Host.OWN)
    host_name = models.CharField("举办单位", max_length=100, blank=True)
    trainer = models.CharField("授课人", max_length=100, blank=True)
    starts_on = models.DateField("培训日期")
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1, default=0)
    place = models.CharField("地点", max_length=100, blank=True)
    materials = models.TextField("培训材料", blank=True)
    certificate = models.BooleanField("颁发证书", default=False)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        verbose_name = verbose_name_plural = "培训"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["org", "starts_on"], name="act_course_org")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("activities:course_detail", kwargs={"pk": self.pk})


class Attendance(AuditedModel):
    course = models.ForeignKey(Course, verbose_name="培训", on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, verbose_name="学员", on_delete=models.PROTECT, related_name="+")
    signed_in = models.BooleanField("已签到", default=False)
    certificate_no = models.CharField("证书编号", max_length=50, blank=True,
                                      help_text="颁发证书的培训：举办后按本会、年度顺序编号，如 培证2025-0001")

    class Meta:
        verbose_name = verbose_name_plural = "培训学员"
        ordering = ["course", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="act_attendance_unique")]


def material_path(instance: "CourseMaterial", filename: str) -> str:
    return random_upload_name(f"activities/training/{instance.course_id}", filename)


class CourseMaterial(Attachment):
    """A training material (课件、讲义、通知): checked by core.uploads.check_attachment, stored under a random name,
    served only to those who may see the course."""

    course = models.ForeignKey(Course, verbose_name="培训", on_delete=models.CASCADE, related_name="files")
    file = models.FileField("附件", upload_to=material_path, max_length=255)

    class Meta:
        verbose_name = verbose_name_plural = "培训材料"
        ordering = ["course", "id"]
