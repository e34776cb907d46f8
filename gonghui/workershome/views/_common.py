"""Helpers of the workers' home pages."""
from __future__ import annotations

from django.http import Http404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.errors import ServiceError
from gonghui.orgs.models import Organization

NOT_FOUND = "未找到该记录"


def call(service, **kwargs):
    """Run a service; out of scope answers 404 (the message would not say whether the record exists)."""
    try:
        return service(**kwargs)
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise Http404(NOT_FOUND) from None
        raise


def home_org(request):
    """The union whose home the officer works on: the current organisation, if it is a union they may edit."""
    org = getattr(request, "current_org", None)
    if org is None or org.kind not in Organization.UNION_KINDS or not can_on_org(request.user, Perm.HOME_EDIT, org):
        return None
    return org


BLOCKED = "请先在页面顶部切换到职工之家所属的工会。"
