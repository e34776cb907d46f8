"""Every login, failed login, logout and lockout goes to the audit trail.

The entries are filed under the account's organisation (its highest role, else its person's organisation) so that
a union's own administrators see them in their audit log; a failed login for an unknown name is filed nowhere
(administrators of the whole platform see it).
"""
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from gonghui.core import audit
from gonghui.core.context import Actor, reset_actor, set_actor
from gonghui.core.middleware import client_ip
from gonghui.core.models import AuditEntry

from . import lockout


def _unwrap(user):
    """request.user is a lazy proxy; the audit trail needs the model instance (its type names the record)."""
    if user is None:
        return None
    getattr(user, "pk", None)  # evaluates the proxy
    return getattr(user, "_wrapped", user)


def _account(username: str):
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


def _record(action, request, *, actor=None, obj=None, note=""):
    from .services import user_org_path

    ip = client_ip(request) if request is not None else None
    source = "api" if request is not None and request.path.startswith("/api/") else "web"
    token = set_actor(Actor(user=actor, ip=ip, source=source))
    try:
        audit.record(action, obj=obj, note=note, org_path=user_org_path(obj) if obj is not None else "")
    finally:
        reset_actor(token)


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    user = _unwrap(user)
    _record(AuditEntry.Action.LOGIN, request, actor=user, obj=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    user = _unwrap(user)
    if user is not None and getattr(user, "pk", None):
        _record(AuditEntry.Action.LOGOUT, request, actor=user, obj=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str((credentials or {}).get("username") or "")
    _record(AuditEntry.Action.LOGIN_FAILED, request, obj=_account(username), note=f"用户名：{username[:100]}")
    ip = client_ip(request) if request is not None else None
    if ip and lockout.failures_from(ip) == lockout.limit():  # recorded once, when the address reaches its limit
        _record(AuditEntry.Action.LOCKOUT, request,
                note=f"来源地址 {ip} 登录失败达到{lockout.limit()}次，暂停从该地址登录")


@receiver(user_locked_out)
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    username = str(username or "")
    _record(AuditEntry.Action.LOCKOUT, request, obj=_account(username),
            note=f"用户名：{username[:100]}，连续登录失败已锁定")
