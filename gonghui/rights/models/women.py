"""Women workers' special protection (女职工特殊保护): the 三期 register (孕期、产期、哺乳期) of women members with the
protections due (《女职工劳动保护特别规定》). Sensitive personal information (PIPL): kept and read only by holders of
WOMEN_REGISTER (the 女职工委员会, the chair); every reading of the register is audited; figures count women only.
女职工工作 (WOMEN_WORK): checks of the 女职工权益保护专项集体合同 (democracy's contracts of kind "women") and the
女职工安康互助保障 enrolments (a woman member, once a year)."""
from __future__ import annotations

from django.db import models

from gonghui.core.models import AuditedModel
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

__all__ = ["ContractCheck", "MaternityRecord", "MutualAidEnrolment"]


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


class ContractCheck(AuditedModel):
    """A check of how a 女职工权益保护专项集体合同 (democracy's contract of kind "women") is carried out: who checked,
    which clauses, what was found, and whether the findings are put right."""

    class State(models.TextChoices):
        OK = "ok", "全部落实"
        ISSUES = "issues", "发现问题待整改"
        FIXED = "fixed", "问题已整改"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    contract = models.ForeignKey("democracy.CollectiveContract", verbose_name="专项集体合同", on_delete=models.PROTECT,
                                 related_name="+")
    checked_on = models.DateField("检查日期")
    checkers = models.CharField("检查人", max_length=100)
    items = models.CharField("检查内容", max_length=500,
                             help_text="如：三期保护、卫生费发放、女职工专项体检、哺乳室设置、生育津贴")
    findings = models.CharField("发现的问题", max_length=1000, blank=True)
    state = models.CharField("落实情况", max_length=10, choices=State.choices, default=State.OK)
    fixed_on = models.DateField("整改完成日期", null=True, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "女职工专项集体合同履约检查"
        ordering = ["-checked_on", "-id"]
        indexes = [models.Index(fields=["org", "checked_on"], name="rights_wcheck_org")]

    def __str__(self) -> str:
        return f"{self.checked_on:%Y-%m-%d} 专项合同检查"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("rights:women_check_detail", kwargs={"pk": self.pk})


class MutualAidEnrolment(AuditedModel):
    """A woman member's 女职工安康互助保障 for a year (one a person and year): the plan, the premium paid for her and
    the claims paid to her (元)."""

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, verbose_name="女职工", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("保障年度")
    plan = models.CharField("保障计划", max_length=100)
    premium = models.DecimalField("互助金（元）", max_digits=10, decimal_places=2)
    claims = models.DecimalField("已获给付（元）", max_digits=12, decimal_places=2, default=0)
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "女职工安康互助保障"
        ordering = ["-year", "org", "id"]
        indexes = [models.Index(fields=["org", "year"], name="rights_mutual_aid_org")]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="rights_mutual_aid_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.plan}"
