"""Login lockout: the account name's (django-axes) and a second, wider one per client address.

django-axes locks an account name after five failures (settings.AXES_*). That alone lets one address try one common
password against every account. Counting per address with the same five would lock a whole union office out, since
an office usually reaches the server through one NAT address. So an address gets its own, much higher limit
(GONGHUI_LOGIN_ADDRESS_LIMIT failures within the lockout period, 50 by default: twenty colleagues can each mistype
twice) and is refused for the rest of that period.

The count is read from the audit trail (every failed login is recorded there with its address), so it holds across
several app servers and survives restarts; the partial index `audit_login_failures_by_ip` serves the query.
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gonghui.core.middleware import client_ip
from gonghui.core.models import AuditEntry


def limit() -> int:
    return settings.GONGHUI_LOGIN_ADDRESS_LIMIT


def failures_from(ip: str | None) -> int:
    """Failed logins from this address within the lockout period (the sliding window)."""
    if not ip:
        return 0
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED, ip=ip, at__gte=since).count()


def is_locked(request) -> bool:
    return failures_from(client_ip(request)) >= limit()


def message_for(request) -> str:
    """What the login page and the token endpoint say to a refused login: which lock holds, for how long."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if getattr(request, "address_locked", False):
        return (f"从您所在网络地址登录失败的次数过多，已暂停从该地址登录{minutes}分钟。"
                "请稍后再试；如需立即恢复，请联系系统管理员。")
    return f"连续登录失败次数过多，该账号已被锁定{minutes}分钟。如需立即解锁，请联系系统管理员。"


class AddressLimitBackend:
    """First in AUTHENTICATION_BACKENDS: refuses every login from an address over its limit, right password or not.

    It marks the request the way django-axes does (`axes_locked_out`), so the login page and the token endpoint
    answer through the same lockout path, and `address_locked` tells them which message to show.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and is_locked(request):
            request.axes_locked_out = True
            request.address_locked = True
            raise PermissionDenied("address over its login failure limit")
        return None  # no get_user: sessions name the backend that logged the user in, never this one
