"""In-app messages (站内消息): what reaches a person when something that concerns them changes (portal.messaging)."""
from __future__ import annotations

from django.conf import settings
from django.db import models


class Message(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="收件人", on_delete=models.CASCADE,
                                  related_name="portal_messages")
    kind = models.CharField("类型", max_length=40)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    dedupe_key = models.CharField("去重键", max_length=200, null=True, blank=True,
                                  help_text="同一收件人同一键只发一次（提醒每天一次）")

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="portal_msg_unread")]
        constraints = [models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="portal_msg_dedupe")]

    def __str__(self) -> str:
        return self.title
