"""通知公告: notices an officer publishes to a union's subtree (or chosen organisations in it), their attachments
and the read receipts of the audience (services in portal/notices.py)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from gonghui.core.models import Attachment, AuditedModel, random_upload_name


class Notice(AuditedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    org = models.ForeignKey("orgs.Organization", verbose_name="发布单位", on_delete=models.PROTECT,
                            related_name="notices")
    targets = models.ManyToManyField("orgs.Organization", verbose_name="发送范围", related_name="+", blank=True,
                                     help_text="每个组织连同其下级；未选则为发布单位及其全部下级。")
    title = models.CharField("标题", max_length=120)
    body = models.TextField("正文", max_length=20000)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    pinned = models.BooleanField("置顶", default=False)
    publish_on = models.DateField("发布日期")
    expires_on = models.DateField("截止日期", null=True, blank=True, help_text="过期后会员不再看到；可不填。")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="起草人", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    audit_exclude = ("created_at",)

    class Meta:
        verbose_name = "通知公告"
        verbose_name_plural = "通知公告"
        ordering = ["-pinned", "-publish_on", "-id"]
        indexes = [models.Index(fields=["status", "publish_on"], name="notice_status_publish")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:notice_detail", kwargs={"pk": self.pk})


def notice_attachment_path(instance: "NoticeAttachment", filename: str) -> str:
    """portal/notices/<id>/<random>.<ext>: names that cannot be guessed; the original name is kept in the row."""
    return random_upload_name(f"portal/notices/{instance.notice_id}", filename)


class NoticeAttachment(Attachment):
    notice = models.ForeignKey(Notice, verbose_name="通知", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to=notice_attachment_path, max_length=255)
    size = models.PositiveIntegerField("大小（字节）", default=0)

    class Meta:
        verbose_name = "通知附件"
        verbose_name_plural = "通知附件"
        ordering = ["notice", "id"]


class NoticeRead(models.Model):
    """A read receipt: the first time a user of the audience opened the notice. Not audited (one row per reader;
    the row itself is the record)."""

    notice = models.ForeignKey(Notice, verbose_name="通知", on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="读者", on_delete=models.CASCADE,
                             related_name="notice_reads")
    read_at = models.DateTimeField("阅读时间", auto_now_add=True)

    class Meta:
        verbose_name = "阅读回执"
        verbose_name_plural = "阅读回执"
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="notice_read_once")]

    def __str__(self) -> str:
        return f"{self.user} 已读 {self.notice}"
