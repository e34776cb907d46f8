"""Work injuries (工伤): what happened to a member at work, the 工伤认定 and the days off, and the union's help.

The union's visits and help are care records (`care.Condolence` with 事由 工伤, `care.Assistance`), created through
care's services from the injury page or linked when they already exist (`InjuryCare`): one record of each payment,
counted once by care's figures; the injury page shows them. `description` is sensitive (PIPL, health): shown only to
RIGHTS_SENSITIVE holders after an audited reveal; lists and exports mask the name and leave the details out.
"""
from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from gonghui.core.models import AuditedModel
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

__all__ = ["WorkInjury", "InjuryCare"]


class WorkInjury(AuditedModel):
    class Severity(models.TextChoices):
        MINOR = "minor", "轻伤"
        SERIOUS = "serious", "重伤"
        DEATH = "death", "死亡"

    class Recognition(models.TextChoices):
        NONE = "none", "未申请认定"
        APPLIED = "applied", "已申请认定"
        RECOGNISED = "recognised", "已认定工伤"
        REFUSED = "refused", "不予认定"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, verbose_name="受伤职工", on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField("受伤日期")
    place = models.CharField("地点", max_length=100)
    description = models.TextField("事故经过与伤情")
    severity = models.CharField("伤害程度", max_length=10, choices=Severity.choices)
    recognition = models.CharField("工伤认定", max_length=12, choices=Recognition.choices, default=Recognition.NONE)
    recognition_on = models.DateField("认定（申请）日期", null=True, blank=True)
    days_off = models.PositiveIntegerField("停工留薪（天）", null=True, blank=True)
    help_note = models.CharField("工会帮助情况", max_length=300, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    audit_exclude = ("created_at",)
    audit_masked = ("description",)  # the trail shows that it changed, not what it says

    class Meta:
        verbose_name = verbose_name_plural = "工伤职工"
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["org", "occurred_on"], name="rights_injury_org")]

    def __str__(self) -> str:
        return f"{self.occurred_on:%Y-%m-%d} {self.get_severity_display()}"

    def get_absolute_url(self) -> str:
        return reverse("rights:injury_detail", kwargs={"pk": self.pk})


class InjuryCare(AuditedModel):
    """A care record that answers the injury: a visit (慰问) or an assistance (救助), exactly one of the two."""

    injury = models.ForeignKey(WorkInjury, verbose_name="工伤", on_delete=models.CASCADE, related_name="care_links")
    condolence = models.ForeignKey("care.Condolence", verbose_name="慰问", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    assistance = models.ForeignKey("care.Assistance", verbose_name="救助", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "工伤慰问与帮扶"
        ordering = ["injury", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(condolence__isnull=False, assistance__isnull=True)
                                   | Q(condolence__isnull=True, assistance__isnull=False),
                                   name="rights_injury_care_one"),
            models.UniqueConstraint(fields=["injury", "condolence"], condition=Q(condolence__isnull=False),
                                    name="rights_injury_condolence_once"),
            models.UniqueConstraint(fields=["injury", "assistance"], condition=Q(assistance__isnull=False),
                                    name="rights_injury_assistance_once"),
        ]

    def __str__(self) -> str:
        return "慰问" if self.condolence_id else "救助"

    def audit_org_path(self) -> str:
        return self.injury.org.path
