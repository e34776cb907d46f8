from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("审计记录不可修改")

    def delete(self):
        raise PermissionError("审计记录不可删除")


class AuditEntry(models.Model):
    """One line of the audit trail. Written by core.audit only; never changed or deleted afterwards."""

    class Action(models.TextChoices):
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"
        REVEAL = "reveal", "查看敏感信息"
        EXPORT = "export", "导出"
        IMPORT = "import", "导入"
        LOGIN = "login", "登录"
        LOGOUT = "logout", "退出"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKOUT = "lockout", "账号锁定"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    source = models.CharField("渠道", max_length=16, blank=True)
    action = models.CharField("操作", max_length=16, choices=Action.choices, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    org_path = models.CharField("所属组织路径", max_length=255, blank=True, db_index=True)
    changes = models.JSONField("变更前后", default=dict, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="audit_object_history"),
            # accounts.lockout.failures_from: failed logins from one address in the lockout period.
            models.Index(fields=["ip", "at"], name="audit_login_failures_by_ip",
                         condition=models.Q(action="login_failed")),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计记录不可删除")


class AuditedModel(models.Model):
    """Base for every model whose changes go to the audit trail.

    The values loaded from the database are remembered (Django's documented from_db pattern), so an update can
    record before and after without another query.
    """

    #: fields never written to the audit trail
    audit_exclude: tuple[str, ...] = ()
    #: fields written masked (ID numbers, phones)
    audit_masked: tuple[str, ...] = ()
    #: many-to-many fields whose changes are audited too (core/audit.py `_on_m2m`); Django sends no post_save for
    #: them, so without this an `add`/`remove`/`set`/`clear` leaves no trace. Opt-in: other M2Ms stay as they were.
    audit_m2m: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._audit_loaded = dict(zip(field_names, values))
        return instance

    def audit_org_path(self) -> str:
        """The organisation path the change belongs to, so scoped users see their own audit trail."""
        org = getattr(self, "org", None)
        return getattr(org, "path", "") if org is not None else ""


def random_upload_name(folder: str, filename: str) -> str:
    """<folder>/<random>.<ext> for an attachment's upload_to: a name nobody can guess (the original name is kept in
    the row); the extension is lower-cased and cut to 10 characters."""
    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"{folder}/{uuid.uuid4().hex}{ext}"


class Attachment(AuditedModel):
    """Base for a document attached to a record (a notice, an application): the original name, who uploaded it and
    when. A subclass adds the record's ForeignKey and its own `file = models.FileField("附件", upload_to=<fn>,
    max_length=255)` with an upload_to function of its own (stored files stay where they are), checks uploads with
    core.uploads.check_attachment and serves them only through a scoped view."""

    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    # core.audit cannot serialise a FieldFile; the original name, uploader and time are recorded instead.
    audit_exclude = ("uploaded_at", "file")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class Sequence(models.Model):
    """Named counters (member numbers), incremented under a row lock so that two officers never get one number."""

    name = models.CharField(max_length=100, unique=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "编号计数器"
        verbose_name_plural = "编号计数器"

    @classmethod
    def next(cls, name: str, count: int = 1) -> int:
        """Reserve `count` numbers; returns the first. Call inside a transaction."""
        from django.db.models import F

        cls.objects.get_or_create(name=name)
        cls.objects.filter(name=name).update(value=F("value") + count)
        return cls.objects.get(name=name).value - count + 1
