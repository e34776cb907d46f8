"""Helpers of the activities pages."""
from __future__ import annotations

import segno
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

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


def post_action(request, service, url: str, ok: str, **kwargs):
    """A one-button POST: run the service, say what happened (or the Chinese reason it could not), go back."""
    try:
        result = call(service, **kwargs)
    except ServiceError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(url), None
    messages.success(request, ok)
    return redirect(url), result


def qr_svg(url: str) -> str:
    """An inline SVG QR code (no image file, no third-party request)."""
    return segno.make(url, error="m", micro=False).svg_inline(scale=5, border=2, omitsize=True)
