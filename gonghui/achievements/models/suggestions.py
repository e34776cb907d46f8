"""Rational suggestions (合理化建议、金点子).

A member (the author, with co-authors) submits a suggestion; the union's review panel (评审小组, `PanelMember`)
scores it against the union's criteria (`SuggestionCriterion`, each with its maximum), the union grades it (一等 /
二等 / 三等 / 鼓励 / 不采纳), decides adoption with the department that implements it, and records the benefit
achieved (元, verified on a date). Every step is a `SuggestionStep` row the author reads on the phone.

`Suggestion.org` is the author's organisation at submission (a branch or the union itself): scope is its subtree;
the panel and criteria belong to the union above it (the nearest organisation of a union kind).
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.models import Attachment, AuditedModel, random_upload_name
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

__all__ = ["SuggestionCriterion", "PanelMember", "Suggestion", "SuggestionCoauthor", "SuggestionScore",
           "SuggestionStep", "SuggestionAttachment", "Grade", "ADOPTABLE_GRADES"]


class Grade(models.TextChoices):
    FIRST = "first", "一等"
    SECOND = "second", "二等"
    THIRD = "third", "三等"
    ENCOURAGE = "encourage", "鼓励"
    NOT_ADOPTED = "not_adopted", "不采纳"


ADOPTABLE_GRADES = (Grade.FIRST, Grade.SECOND, Grade.THIRD, Grade.ENCOURAGE)


class SuggestionCriterion(AuditedModel):
    """One criterion the panel scores against (创新性 0–30, 可行性 0–30, 经济效益 0–40 …)."""

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("评分项", max_length=50)
    max_score = models.PositiveSmallIntegerField("满分")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "建议评分标准"
        ordering = ["org", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="achieve_criterion_unique")]

    def __str__(self) -> str:
        return f"{self.name}（0–{self.max_score}分）"


class PanelMember(AuditedModel):
    """A person on the union's suggestion review panel (合理化建议评审小组)."""

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, verbose_name="评审人", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("职务", max_length=30, blank=True)
    since = models.DateField("加入日期")
    until = models.DateField("退出日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审小组成员"
        ordering = ["org", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "person"], name="achieve_panel_unique")]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.role or '评审人'}）"


class Suggestion(AuditedModel):
    class State(models.TextChoices):
        SUBMITTED = "submitted", "已提交"
        REVIEWING = "reviewing", "评审中"
        GRADED = "graded", "已评定"
        NOT_ADOPTED = "not_adopted", "未采纳"
        ADOPTED = "adopted", "已采纳"
        IMPLEMENTED = "implemented", "已实施"
        VERIFIED = "verified", "效益已核实"
        WITHDRAWN = "withdrawn", "已撤回"

    org = models.ForeignKey(Organization, verbose_name="所属组织", on_delete=models.PROTECT, related_name="+")
    union = models.ForeignKey(Organization, verbose_name="受理工会", on_delete=models.PROTECT, related_name="+",
                              help_text="其评审小组评审该建议的工会（所属组织本身或其上最近的工会）")
    code = models.CharField("编号", max_length=20)
    author = models.ForeignKey(Person, verbose_name="建议人", on_delete=models.PROTECT, related_name="suggestions")
    title = models.CharField("建议名称", max_length=100)
    problem = models.TextField("存在问题（现状）")
    proposal = models.TextField("建议内容（措施）")
    expected_benefit = models.TextField("预期效益", blank=True)
    submitted_on = models.DateField("提交日期")
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.SUBMITTED)
    total_score = models.DecimalField("评审得分（平均）", max_digits=6, decimal_places=2, null=True, blank=True)
    grade = models.CharField("评定等级", max_length=16, choices=Grade.choices, blank=True)
    graded_on = models.DateField("评定日期", null=True, blank=True)
    grade_note = models.CharField("评定意见", max_length=300, blank=True)
    adopted_on = models.DateField("采纳日期", null=True, blank=True)
    department = models.CharField("实施部门", max_length=50, blank=True)
    implemented_on = models.DateField("实施日期", null=True, blank=True)
    benefit = models.DecimalField("经济效益（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    benefit_note = models.CharField("效益说明", max_length=300, blank=True)
    benefit_verified_on = models.DateField("效益核实日期", null=True, blank=True)
    token = models.CharField("提交令牌", max_length=40, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    audit_exclude = ("token",)

    class Meta:
        verbose_name = verbose_name_plural = "合理化建议"
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["union", "code"], name="achieve_suggestion_code"),
            models.UniqueConstraint(fields=["author", "token"], condition=~Q(token=""),
                                    name="achieve_suggestion_token"),
        ]
        indexes = [models.Index(fields=["org", "submitted_on"], name="achieve_suggestion_org"),
                   models.Index(fields=["state", "org"], name="achieve_suggestion_state")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("achievements:suggestion_detail", kwargs={"pk": self.pk})

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None


class SuggestionCoauthor(models.Model):
    suggestion = models.ForeignKey(Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="coauthors")
    person = models.ForeignKey(Person, verbose_name="共同建议人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "共同建议人"
        constraints = [models.UniqueConstraint(fields=["suggestion", "person"], name="achieve_coauthor_unique")]


class SuggestionScore(AuditedModel):
    suggestion = models.ForeignKey(Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(Person, verbose_name="评审人", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(SuggestionCriterion, verbose_name="评分项", on_delete=models.PROTECT,
                                  related_name="+")
    score = models.DecimalField("得分", max_digits=5, decimal_places=1)
    scored_on = models.DateField("评分日期")

    class Meta:
        verbose_name = verbose_name_plural = "建议评分"
        constraints = [models.UniqueConstraint(fields=["suggestion", "reviewer", "criterion"],
                                               name="achieve_score_unique")]


class SuggestionStep(models.Model):
    """Every step of a suggestion as a row (what the author follows): action, state after, note, who, when."""

    suggestion = models.ForeignKey(Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("环节", max_length=30)
    state = models.CharField("办理后状态", max_length=16, choices=Suggestion.State.choices)
    note = models.CharField("说明", max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    on = models.DateField("日期")
    at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "建议办理记录"
        ordering = ["suggestion", "on", "id"]


def suggestion_attachment_path(instance, filename: str) -> str:
    return random_upload_name("achievements/suggestions", filename)


class SuggestionAttachment(Attachment):
    suggestion = models.ForeignKey(Suggestion, verbose_name="建议", on_delete=models.CASCADE,
                                   related_name="attachments")
    file = models.FileField("附件", upload_to=suggestion_attachment_path, max_length=255)
    size = models.PositiveIntegerField("大小（字节）", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "建议附件"
        ordering = ["suggestion", "id"]
