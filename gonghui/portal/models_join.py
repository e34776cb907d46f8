"""网上入会: a worker's application to join a union, and the one-time invitation codes that open a member's account."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization


class JoinApplication(AuditedModel):
    """An application made on the public page by someone who is not yet a member (no login)."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        MORE_INFO = "more_info", "需补充材料"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "未通过"

    OPEN = (Status.PENDING, Status.MORE_INFO)

    number = models.CharField("申请号", max_length=20, unique=True)
    org = models.ForeignKey(Organization, verbose_name="申请加入的工会", on_delete=models.PROTECT,
                            related_name="join_applications")
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号", max_length=18, db_index=True)
    gender = models.CharField("性别", max_length=1)
    birth_date = models.DateField("出生日期")
    phone = models.CharField("手机", max_length=11)
    employer = models.CharField("工作单位", max_length=100)
    unaffiliated = models.BooleanField("所在单位未建工会", default=False)
    consented_at = models.DateTimeField("同意工会章程时间")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField("审核意见", max_length=500, blank=True,
                              help_text="需补充材料或未通过的原因（申请人可见）")
    supplement = models.TextField("申请人补充说明", blank=True)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    person = models.ForeignKey("members.Person", verbose_name="入会人员", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="join_applications")

    audit_masked = ("id_number", "phone")

    class Meta:
        verbose_name = "入会申请"
        verbose_name_plural = "入会申请"
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["org", "status"], name="join_org_status")]
        constraints = [
            # One open application per ID number, even for two submissions at the same instant.
            models.UniqueConstraint(fields=["id_number"], condition=models.Q(status__in=("pending", "more_info")),
                                    name="join_one_open_per_id"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Invitation(AuditedModel):
    """A one-time code that lets a member open their account (login name: their phone), or — purpose 重置密码 —
    set a new password on the account they have (password reset through the union). Only a hash is stored."""

    class Purpose(models.TextChoices):
        ACTIVATE = "activate", "开通账号"
        RESET = "reset", "重置密码"

    person = models.ForeignKey("members.Person", verbose_name="会员", on_delete=models.CASCADE,
                               related_name="invitations")
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField("有效期至")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    revoked = models.BooleanField("已作废", default=False)
    purpose = models.CharField("用途", max_length=8, choices=Purpose.choices, default=Purpose.ACTIVATE)
    created_at = models.DateTimeField("发放时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发放人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    audit_exclude = ("code_hash",)

    class Meta:
        verbose_name = "开通邀请码"
        verbose_name_plural = "开通邀请码"

    def audit_org_path(self) -> str:
        return self.person.org.path if self.person_id else ""


class PasswordResetRequest(AuditedModel):
    """A member who forgot the password asked their union for a reset (from the login page, phone number + the last
    six ID characters). Their union's officers see it as a to-do and answer by issuing a reset code (an Invitation
    of purpose 重置密码); nothing about the account changes until the member uses that code."""

    class Status(models.TextChoices):
        OPEN = "open", "待处理"
        DONE = "done", "已发放重置码"

    person = models.ForeignKey("members.Person", verbose_name="会员", on_delete=models.CASCADE,
                               related_name="password_reset_requests")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "密码重置申请"
        verbose_name_plural = "密码重置申请"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # Asking again while a request is open is the same request (idempotent, and no flood of to-dos).
            models.UniqueConstraint(fields=["person"], condition=models.Q(status="open"),
                                    name="password_reset_one_open_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} 密码重置申请"

    def audit_org_path(self) -> str:
        return self.person.org.path if self.person_id else ""
