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


class ExportMixin:
    """Excel export of a list (export_formats = ("xlsx",)): `export_fields` = [(heading, width, getter)], the rows
    read from the filtered queryset, streamed and audited by core.views.xlsx_response."""

    export_formats = ("xlsx",)
    export_fields: list = []

    def export(self, request, queryset, fmt):
        from gonghui.core.excel import Column
        from gonghui.core.views import xlsx_response

        columns = [Column(h, w) for h, w, _ in self.export_fields]
        rows = ([g(obj) for _, _, g in self.export_fields] for obj in queryset.iterator(chunk_size=500))
        return xlsx_response(request, model=queryset.model, title=self.title, columns=columns, rows=rows,
                             filename=self.title)


def dt(value) -> str:
    from django.utils import timezone

    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def d(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""
