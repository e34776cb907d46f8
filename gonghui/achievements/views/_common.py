"""Helpers of the achievements pages."""
from __future__ import annotations

from django.http import Http404

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
