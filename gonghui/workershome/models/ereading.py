"""电子书屋: links to e-reading services (a platform, an online library, a collection) a union lists for its members.
Only http/https addresses (checked by the service)."""
from __future__ import annotations

from django.db import models

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

__all__ = ["EReadingLink"]


class EReadingLink(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("名称", max_length=100)
    url = models.URLField("网址", max_length=500)
    description = models.CharField("简介", max_length=300, blank=True)
    created_on = models.DateField("登记日期", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "电子书屋链接"
        ordering = ["org", "title", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "url"], name="workershome_ereading_unique_url")]

    def __str__(self) -> str:
        return self.title
