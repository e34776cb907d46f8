"""The employer register (用人单位台账) an upper union keeps, and the founding work (建会工作台账).

- `Employer.org` is the union that keeps the register (a 区/县总工会, a 街道工会联合会, an industry or group union);
  its subtree sees the employer. `Employer.union` links the employer to the grassroots (or joint) union founded in
  it, when that union is on the platform (orgs are not restructured: the link lives here). 建会 is `founded_on`:
  an employer may have founded a union that is not (yet) on the platform.
- Size (`employees`) is as counted on `employees_on`. The size at or above which an employer counts for 建会率 is a
  setting of the keeping union with its date (`FoundingThreshold`), so a rate for 2024 computed later uses the
  threshold in force at the end of 2024.
- An employer leaves the register when it closes or moves away (`closed_on`), never by deletion: last year's rate
  keeps it.
- The founding work is dated visits (`FoundingVisit`) with their outcome, the contact person on the employer, and the
  founding itself (date, members on founding).
"""
from __future__ import annotations

from django.db import models
from django.db.models import Q

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

__all__ = ["EmployerKind", "Employer", "FoundingVisit", "FoundingThreshold"]


class EmployerKind(models.TextChoices):
    STATE_ENTERPRISE = "state", "国有企业"
    PRIVATE_ENTERPRISE = "private", "民营企业"
    FOREIGN_ENTERPRISE = "foreign", "外商投资企业"
    ORGAN = "organ", "机关"
    INSTITUTION = "institution", "事业单位"
    SOCIAL = "social", "社会组织"
    INDIVIDUAL = "individual", "个体工商户"
    OTHER = "other", "其他"


class Employer(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="台账所属工会", on_delete=models.PROTECT,
                            related_name="+", help_text="登记该单位的上级工会（区县总工会、街道工会联合会等）")
    name = models.CharField("单位名称", max_length=100)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    kind = models.CharField("单位类型", max_length=16, choices=EmployerKind.choices)
    employees = models.PositiveIntegerField("职工人数", null=True, blank=True)
    employees_on = models.DateField("人数统计日期", null=True, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    district = models.CharField("所在街道（乡镇）", max_length=50, blank=True)
    registered_on = models.DateField("列入台账日期")
    closed_on = models.DateField("注销（迁出）日期", null=True, blank=True)
    closed_reason = models.CharField("注销（迁出）原因", max_length=200, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    union = models.ForeignKey(Organization, verbose_name="所建工会", on_delete=models.PROTECT, null=True,
                              blank=True, related_name="funds_employers",
                              help_text="平台上的基层工会或联合工会（联合工会可覆盖多家单位）")
    founded_on = models.DateField("建会日期", null=True, blank=True)
    members_on_founding = models.PositiveIntegerField("建会时会员人数", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    audit_masked = ("contact_phone",)

    class Meta:
        verbose_name = verbose_name_plural = "用人单位"
        ordering = ["org", "name"]
        constraints = [
            models.UniqueConstraint(fields=["credit_code"], condition=~Q(credit_code=""),
                                    name="funds_employer_credit_code_unique"),
            models.UniqueConstraint(fields=["org", "name"], name="funds_employer_name_unique"),
        ]
        indexes = [models.Index(fields=["org", "registered_on"], name="funds_employer_org")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("funds:employer_detail", kwargs={"pk": self.pk})

    @property
    def is_founded(self) -> bool:
        return self.founded_on is not None

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class FoundingVisit(AuditedModel):
    """A visit (or call) to an employer to found a union there, with what came of it."""

    class Outcome(models.TextChoices):
        CONTACTED = "contacted", "已联系，宣传建会政策"
        AGREED = "agreed", "同意筹建"
        PREPARING = "preparing", "筹建中"
        DECLINED = "declined", "暂不同意"
        FOUNDED = "founded", "已建会"

    employer = models.ForeignKey(Employer, verbose_name="单位", on_delete=models.CASCADE, related_name="visits")
    org = models.ForeignKey(Organization, verbose_name="台账所属工会", on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField("走访日期")
    visitor = models.CharField("走访人", max_length=50)
    outcome = models.CharField("结果", max_length=16, choices=Outcome.choices)
    note = models.CharField("情况记录", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "建会走访"
        ordering = ["employer", "-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.employer.name} {self.visited_on:%Y-%m-%d}"


class FoundingThreshold(AuditedModel):
    """The size (职工人数) at or above which an employer of the register counts for 建会率, from a date."""

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField("生效日期")
    min_employees = models.PositiveIntegerField("纳入建会率统计的最少职工人数")
    note = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "建会率统计口径"
        ordering = ["org", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["org", "effective_from"], name="funds_threshold_unique")]

    def __str__(self) -> str:
        return f"{self.effective_from:%Y-%m-%d}起 {self.min_employees}人以上"
