from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

from .roles import Role


class User(AuditedModel, AbstractUser):
    """A login. May be linked to a person (a member logging in sees their own records)."""

    display_name = models.CharField("姓名", max_length=50, blank=True)
    person = models.OneToOneField("members.Person", verbose_name="对应人员", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="user")
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    audit_exclude = ("password", "last_login")

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    def audit_org_path(self) -> str:
        from .services import user_org_path

        return user_org_path(self) if self.pk else ""


class RoleAssignment(AuditedModel):
    """A role granted on an organisation; it covers the organisation's whole subtree."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="roles")
    org = models.ForeignKey(Organization, verbose_name="组织", on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    granted_at = models.DateTimeField("授予时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [models.UniqueConstraint(fields=["user", "org", "role"], name="role_unique_grant")]

    def __str__(self) -> str:
        return f"{self.user} · {self.org} · {self.get_role_display()}"
