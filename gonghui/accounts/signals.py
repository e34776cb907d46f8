"""Every login, failed login, logout and lockout goes to the audit trail."""
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from gonghui.core import audit
from gonghui.core.context import Actor, reset_actor, set_actor
from gonghui.core.middleware import client_ip
from gonghui.core.models import AuditEntry


def _record(action, request, user=None, note=""):
    ip = client_ip(request) if request is not None else None
    token = set_actor(Actor(user=user, ip=ip, source="web"))
    try:
        audit.record(action, obj=user, note=note)
    finally:
        reset_actor(token)


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    _record(AuditEntry.Action.LOGIN, request, user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        _record(AuditEntry.Action.LOGOUT, request, user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")
    _record(AuditEntry.Action.LOGIN_FAILED, request, note=f"用户名：{username[:100]}")


@receiver(user_locked_out)
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    _record(AuditEntry.Action.LOCKOUT, request, note=f"用户名：{(username or '')[:100]}，连续登录失败已锁定")
