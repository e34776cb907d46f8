"""Helpers of the funds pages."""
from __future__ import annotations

import tempfile

from django.http import FileResponse, Http404
from django.utils.timezone import localdate

from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_FOUND = "未找到该记录"


def call(service, **kwargs):
    """Run a service; out of scope answers 404 (the message would not say whether the record exists)."""
    try:
        return service(**kwargs)
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise Http404(NOT_FOUND) from None
        raise


def export_response(request, importer, model, records, *, title: str, filename: str):
    """An export in the import template's shape (it imports again), streamed to a temporary file, audited."""
    from gonghui.core import importing

    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
    count = importing.export_xlsx(importer, handle.name, records)
    handle.seek(0)
    org = request.current_org
    audit.record(AuditEntry.Action.EXPORT, model=model, note=f"导出{title}：{count}条",
                 org_path=org.path if org is not None else "")
    return FileResponse(handle, as_attachment=True, filename=f"{filename}-{localdate():%Y%m%d}.xlsx",
                        content_type=XLSX_TYPE)


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_download(document, *, model, org, name: str):
    """A drafted document (reports.documents.Document) as a Word download in the house style, audited."""
    from urllib.parse import quote

    from django.http import HttpResponse

    from gonghui.reports import docx

    data = docx.render(document)
    audit.record(AuditEntry.Action.EXPORT, model=model, note=f"导出{document.title}", org_path=org.path)
    response = HttpResponse(data, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.docx"
    return response


def year_param(request, default: int | None = None) -> int:
    today = localdate()
    try:
        year = int(request.GET.get("year") or default or today.year)
    except ValueError:
        year = default or today.year
    return min(max(year, 2000), today.year + 1)
