"""Women workers' special protection (女职工特殊保护): the 三期 register (孕期、产期、哺乳期) of women members with the
protections due (《女职工劳动保护特别规定》). Sensitive personal information (PIPL): kept and read only by holders of
WOMEN_REGISTER (the 女职工委员会, the chair); every reading of the register is audited; figures count women only."""
from __future__ import annotations

from django.db import models

from gonghui.core.models import AuditedModel
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

__all__ = ["MaternityRecord"]


class MaternityRecord(AuditedModel):
    class Phase(models.TextChoices):
        PREGNANCY = "pregnancy", "孕期"
        MATERNITY = "maternity", "产期"
        NURSING = "nursing", "哺乳期"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, verbose_name="女职工", on_delete=models.PROTECT, related_name="+")
    phase = models.CharField("阶段", max_length=10, choices=Phase.choices)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("预计结束日期")
    protections = models.CharField("应享受的保护", max_length=300, blank=True,
                                   help_text="如：不安排夜班和加班、产前检查计入劳动时间、产假98天、每天哺乳时间1小时")
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "三期女职工登记"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["org", "starts_on"], name="rights_maternity_org")]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} {self.starts_on:%Y-%m-%d}"
