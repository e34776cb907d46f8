"""Technical innovation (技术创新): projects (立项) with their team, dates and result (成果), patents with their
number and kind, and innovation studios (职工创新工作室、劳模创新工作室) with their members and output.

Each record belongs to an organisation (`org`: its scope is that subtree); the people on it are persons of the
union of that organisation (checked by the services).
"""
from __future__ import annotations

from django.db import models

from gonghui.core import patentno
from gonghui.core.models import AuditedModel
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

from .honours import HonourLevel

__all__ = ["InnovationProject", "Patent", "InnovationStudio"]


class InnovationProject(AuditedModel):
    class State(models.TextChoices):
        APPROVED = "approved", "立项"
        ACTIVE = "active", "在研"
        FINISHED = "finished", "结题"

    org = models.ForeignKey(Organization, verbose_name="所属组织", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("项目名称", max_length=100)
    leader = models.ForeignKey(Person, verbose_name="项目负责人", on_delete=models.PROTECT, related_name="+")
    members = models.ManyToManyField(Person, verbose_name="项目组成员", related_name="+", blank=True)
    started_on = models.DateField("立项日期")
    finished_on = models.DateField("结题日期", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.APPROVED)
    goal = models.TextField("研究内容与目标", blank=True)
    result = models.TextField("成果", blank=True)
    benefit = models.DecimalField("经济效益（元）", max_digits=14, decimal_places=2, null=True, blank=True)

    audit_m2m = ("members",)

    class Meta:
        verbose_name = verbose_name_plural = "技术创新项目"
        ordering = ["-started_on", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="achieve_innov_project_name")]
        indexes = [models.Index(fields=["org", "started_on"], name="achieve_innov_started")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("achievements:innovation_project_detail", kwargs={"pk": self.pk})


class Patent(AuditedModel):
    class Kind(models.TextChoices):
        INVENTION = "invention", "发明"
        UTILITY = "utility", "实用新型"
        DESIGN = "design", "外观设计"

    org = models.ForeignKey(Organization, verbose_name="所属组织", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(InnovationProject, verbose_name="所属项目", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="patents")
    number = models.CharField("专利号", max_length=13, help_text="申请号的数字与校验位，如 2023101234566")
    kind = models.CharField("专利类别", max_length=10, choices=Kind.choices)
    title = models.CharField("专利名称", max_length=150)
    granted_on = models.DateField("授权日期")
    holders = models.ManyToManyField(Person, verbose_name="发明人（设计人）", related_name="+")
    patentee = models.CharField("专利权人", max_length=100, blank=True)

    audit_m2m = ("holders",)

    class Meta:
        verbose_name = verbose_name_plural = "专利"
        ordering = ["-granted_on", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "number"], name="achieve_patent_number")]

    def __str__(self) -> str:
        return f"{self.display_number} {self.title}"

    @property
    def display_number(self) -> str:
        return patentno.display(self.number)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("achievements:patent_detail", kwargs={"pk": self.pk})


class InnovationStudio(AuditedModel):
    class Kind(models.TextChoices):
        WORKER = "worker", "职工创新工作室"
        MODEL = "model", "劳模创新工作室"

    org = models.ForeignKey(Organization, verbose_name="所属组织", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("工作室名称", max_length=100)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    leader = models.ForeignKey(Person, verbose_name="领衔人", on_delete=models.PROTECT, related_name="+")
    members = models.ManyToManyField(Person, verbose_name="成员", related_name="+", blank=True)
    founded_on = models.DateField("成立日期")
    level = models.CharField("命名级别", max_length=10, choices=HonourLevel.choices, blank=True,
                             help_text="经上级命名的（如市级劳模创新工作室），未命名的留空")
    named_on = models.DateField("命名日期", null=True, blank=True)
    output = models.TextField("创新成果", blank=True)

    audit_m2m = ("members",)

    class Meta:
        verbose_name = verbose_name_plural = "创新工作室"
        ordering = ["-founded_on", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="achieve_studio_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("achievements:studio_detail", kwargs={"pk": self.pk})
