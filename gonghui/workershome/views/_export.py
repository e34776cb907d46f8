"""An export in an import template's shape (it imports again), streamed to a temporary file, audited."""
from __future__ import annotations

import tempfile

from django.http import FileResponse
from django.utils.timezone import localdate

from gonghui.core import audit
from gonghui.core.models import AuditEntry

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_response(request, importer, model, records, *, title: str, filename: str):
    from gonghui.core import importing

    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
    count = importing.export_xlsx(importer, handle.name, records)
    handle.seek(0)
    org = request.current_org
    audit.record(AuditEntry.Action.EXPORT, model=model, note=f"导出{title}：{count}条",
                 org_path=org.path if org is not None else "")
    return FileResponse(handle, as_attachment=True, filename=f"{filename}-{localdate():%Y%m%d}.xlsx",
                        content_type=XLSX_TYPE)
