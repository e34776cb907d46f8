"""What the reports app stores: drafts of documents, the wording they are drafted from, and reports sent upward.

The figures themselves are never stored as the truth: a draft keeps the document it was generated as (blocks with
every figure traceable to its metric, organisation and period, see documents.py), and checking a draft computes each
figure again from the records. A submission keeps a frozen copy of the document and of its figures as they were sent,
so that the upper union can compare them with what the records say now (consistency check).
"""
from __future__ import annotations

from django.conf import settings
from django.db import models

from gonghui.core.models import AuditedModel


class DocumentKind(models.TextChoices):
    SUMMARY = "summary", "工作总结"
    REPORT = "report", "上报材料"  # the report to the upper union in five parts
    PLAN = "plan", "工作计划"


class Style(models.TextChoices):
    EXACT = "exact", "准确数字"
    ROUNDED = "rounded", "约数（余、近）"
    MIXED = "mixed", "金额约数、人数准确"


class Draft(AuditedModel):
    """A generated document being edited: 工作总结, 上报材料 or 工作计划 of an organisation for a period."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        FINAL = "final", "定稿"

    org = models.ForeignKey("orgs.Organization", verbose_name="组织", on_delete=models.PROTECT, related_name="drafts")
    kind = models.CharField("文稿类型", max_length=16, choices=DocumentKind.choices, default=DocumentKind.SUMMARY)
    period = models.CharField("期间", max_length=32, help_text="期间代码，如 2025、2025H1、2025Q3、2025-03")
    period_label = models.CharField("期间名称", max_length=64, blank=True)
    style = models.CharField("数字写法", max_length=16, choices=Style.choices, default=Style.MIXED)
    title = models.CharField("标题", max_length=200)
    content = models.JSONField("内容", default=dict, help_text="documents.to_dict() 的结果")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    checked_at = models.DateTimeField("最近核对时间", null=True, blank=True)
    stale_count = models.PositiveIntegerField("与记录不符的数字", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="起草人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    audit_exclude = ("content",)  # large; every save still records who changed the draft and when

    class Meta:
        verbose_name = "文稿"
        verbose_name_plural = "文稿"
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["org", "kind", "period"], name="draft_by_org_kind_period")]

    def __str__(self) -> str:
        return self.title


class SectionTemplate(AuditedModel):
    """The wording of one section of one kind of document, as edited by an administrator.

    Each work area ships its default wording in code (registered with gonghui.reports.registry); a row here overrides
    it for the organisation's subtree (the nearest ancestor's row wins; `org` empty: everywhere). `section` is a work
    area code ("members", "care", …) or one of the fixed parts of a document ("opening", "problems", "next", …).
    """

    org = models.ForeignKey("orgs.Organization", verbose_name="适用组织", null=True, blank=True,
                            on_delete=models.CASCADE, related_name="section_templates",
                            help_text="空：全部组织；否则适用于该组织及其下级")
    kind = models.CharField("文稿类型", max_length=16, choices=DocumentKind.choices)
    section = models.CharField("部分", max_length=64)
    heading = models.CharField("标题", max_length=200, blank=True)
    body = models.TextField("正文模板", blank=True)
    active = models.BooleanField("启用", default=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "文稿模板"
        verbose_name_plural = "文稿模板"
        constraints = [
            models.UniqueConstraint(fields=["org", "kind", "section"], name="section_template_unique"),
            models.UniqueConstraint(fields=["kind", "section"], condition=models.Q(org__isnull=True),
                                    name="section_template_unique_global"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.section}"


class ReportRequest(AuditedModel):
    """An upper union's call for reports (上报通知): which kind, for which period, due when, from its child unions."""

    org = models.ForeignKey("orgs.Organization", verbose_name="发出通知的工会", on_delete=models.CASCADE,
                            related_name="report_requests")
    kind = models.CharField("文稿类型", max_length=16, choices=DocumentKind.choices, default=DocumentKind.SUMMARY)
    period = models.CharField("期间", max_length=32)
    due_on = models.DateField("截止日期")
    note = models.CharField("说明", max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发出人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("发出时间", auto_now_add=True)

    class Meta:
        verbose_name = "上报通知"
        verbose_name_plural = "上报通知"
        ordering = ["-due_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["org", "kind", "period"], name="report_request_unique")]

    def __str__(self) -> str:
        return f"{self.period} {self.get_kind_display()}（{self.due_on:%Y-%m-%d}前）"


class Submission(AuditedModel):
    """A document and its figures sent by a union to its parent for a period (上报). Each send is a new row (the
    revision number counts them); the newest row of (org, kind, period) is the report's state."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已上报"
        RETURNED = "returned", "已退回修改"
        ACCEPTED = "accepted", "已审核"
        WITHDRAWN = "withdrawn", "已撤回"

    org = models.ForeignKey("orgs.Organization", verbose_name="上报单位", on_delete=models.PROTECT,
                            related_name="submissions")
    parent = models.ForeignKey("orgs.Organization", verbose_name="接收单位", on_delete=models.PROTECT,
                               related_name="received_submissions")
    kind = models.CharField("文稿类型", max_length=16, choices=DocumentKind.choices, default=DocumentKind.SUMMARY)
    period = models.CharField("期间", max_length=32)
    period_label = models.CharField("期间名称", max_length=64, blank=True)
    revision = models.PositiveIntegerField("第几次上报", default=1)
    draft = models.ForeignKey(Draft, verbose_name="来源文稿", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="submissions")
    title = models.CharField("标题", max_length=200)
    document = models.JSONField("上报文稿", default=dict)
    figures = models.JSONField("上报数字", default=dict, help_text="{指标代码: 数值}，上报时按记录计算")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上报人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField("上报时间")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField("处理时间", null=True, blank=True)
    comment = models.TextField("退回意见", blank=True)

    audit_exclude = ("document",)

    class Meta:
        verbose_name = "上报"
        verbose_name_plural = "上报"
        ordering = ["-submitted_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["org", "kind", "period", "revision"],
                                               name="submission_unique_revision")]
        indexes = [models.Index(fields=["parent", "kind", "period"], name="submission_by_parent")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.revision}次上报）"
