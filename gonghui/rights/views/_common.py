"""Helpers of the rights pages."""
from __future__ import annotations

import secrets

from django.http import Http404

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError

NOT_FOUND = "未找到该记录"


def call(service, **kwargs):
    """Run a service; out of scope answers 404 (the message would not say whether the record exists)."""
    try:
        return service(**kwargs)
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise Http404(NOT_FOUND) from None
        raise


def new_token() -> str:
    """A random form token (hidden field): the same form posted twice (a double click) is one record."""
    return secrets.token_urlsafe(16)


def person_or_404(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404("您的账号未关联会员信息，请联系工会。")
    return person


def columns(*specs: str):
    """core.excel Columns from "header" / "header:date" / "header:money" / "header:<width>"."""
    from gonghui.core.excel import Column

    out = []
    for spec in specs:
        header, _, extra = spec.partition(":")
        if extra.isdigit():
            out.append(Column(header, width=int(extra)))
        elif extra:
            out.append(Column(header, kind=extra))
        else:
            out.append(Column(header))
    return out


class InCurrentUnion:
    """For a page that records something new in the union chosen at the top (a hazard entered by an officer, a
    mediation application): it is blocked until the user holds `union_perm` there; the service gets that union as
    `org`, and the page goes to the new record."""

    union_perm = Perm.RIGHTS_EDIT

    def blocked_reason(self):
        from gonghui.accounts.scope import can_on_org

        org = self.request.current_org
        if org is None or not can_on_org(self.request.user, self.union_perm, org):
            return "请先在页面顶部切换到您负责的工会。"
        return ""

    def arguments(self, data):
        return {"org": self.request.current_org, **data}

    def success_url(self, result):
        return result.get_absolute_url()
