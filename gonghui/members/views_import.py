"""The roster import wizard (花名册导入): upload → preview with errors → commit → result.

The pages stay thin: checking, validating and writing are in `importing.py`.
"""
from __future__ import annotations

import io
import os
import tempfile

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import StopUpload
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.datastructures import MultiValueDict
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from gonghui.accounts.scope import Perm, has_perm, orgs_in_scope
from gonghui.core.forms import StyledFormMixin
from gonghui.orgs.models import Organization

from . import importing
from .models import ImportBatch

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportUploadForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label="导入到组织", queryset=Organization.objects.none(), empty_label=None,
                                 help_text="表中“所在组织代码”为空的人员登记在此组织；填写的代码须是此组织或其下级组织。")
    file = forms.FileField(label="花名册文件", allow_empty_file=True,
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (orgs_in_scope(user, Perm.PERSON_IMPORT)
                                       .filter(status=Organization.Status.ACTIVE).order_by("path"))
        self.fields["file"].help_text = (f"支持 .xlsx、.xls、.csv，不超过 {importing.max_upload_bytes() // (1024 * 1024)} MB、"
                                         f"{importing.max_rows():,} 行。")


def _require_import_perm(request) -> None:
    if not has_perm(request.user, Perm.PERSON_IMPORT):
        raise Http404("未找到该页面")


def _post_data(request):
    """POST and FILES; empty when the upload handler stopped an oversized upload before it was parsed."""
    try:
        return request.POST, request.FILES
    except StopUpload:
        return QueryDict(), MultiValueDict()


@login_required
def import_start(request):
    _require_import_perm(request)
    upload_error = ""
    if request.method == "POST":
        data, files = _post_data(request)
        if getattr(request, "upload_too_large", False):
            upload_error = importing.too_large_message()
            form = ImportUploadForm(user=request.user, initial={"org": data.get("org") or _default_org(request)})
        else:
            form = ImportUploadForm(data, files, user=request.user)
            if form.is_valid():
                batch = _stage(request, form)
                if batch is not None:
                    return redirect("members:import_preview", pk=batch.pk)
    else:
        form = ImportUploadForm(user=request.user, initial={"org": _default_org(request)})
    return render(request, "members/import_start.html", {
        "title": "花名册导入",
        "form": form,
        "upload_error": upload_error,
        "max_bytes": importing.max_upload_bytes(),
        "batches": importing.batch_list(request.user)[:20],
    })


def _default_org(request):
    org = getattr(request, "current_org", None)
    return org.pk if org is not None else None


def _stage(request, form) -> ImportBatch | None:
    uploaded = form.cleaned_data["file"]
    org = form.cleaned_data["org"]
    temp_path = None
    try:
        if hasattr(uploaded, "temporary_file_path"):
            path = uploaded.temporary_file_path()
        else:
            fd, temp_path = tempfile.mkstemp(suffix=os.path.splitext(uploaded.name)[1][:8])
            with os.fdopen(fd, "wb") as out:
                for chunk in uploaded.chunks():
                    out.write(chunk)
            path = temp_path
        return importing.stage_upload(org=org, user=request.user, path=path, filename=uploaded.name)
    except importing.ImportFileError as exc:
        for message in exc.messages:
            form.add_error("file", message)
        return None
    finally:
        if temp_path:
            os.unlink(temp_path)


@login_required
def import_template(request):
    _require_import_perm(request)
    out = io.BytesIO()
    importing.build_template(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "花名册导入模板.xlsx")
    return response


@login_required
def import_preview(request, pk):
    batch = importing.batch_get(request.user, pk)
    if batch.status == ImportBatch.Status.COMMITTED:
        return redirect("members:import_result", pk=batch.pk)
    return render(request, "members/import_preview.html", {
        "title": "花名册导入：核对",
        "batch": batch,
        "errors": batch.errors[:200],
        "Status": ImportBatch.Status,
        "Mode": ImportBatch.Mode,
    })


@login_required
def import_result(request, pk):
    batch = importing.batch_get(request.user, pk)
    if batch.status != ImportBatch.Status.COMMITTED:
        return redirect("members:import_preview", pk=batch.pk)
    return render(request, "members/import_result.html", {
        "title": "花名册导入：完成",
        "batch": batch,
        "errors": batch.errors[:200],
    })


@login_required
@require_POST
def import_commit(request, pk):
    batch = importing.batch_get(request.user, pk)
    mode = request.POST.get("mode", ImportBatch.Mode.ALL)
    if mode not in ImportBatch.Mode.values:
        mode = ImportBatch.Mode.ALL
    if mode == ImportBatch.Mode.VALID_ONLY and not request.POST.get("confirm"):
        messages.error(request, "选择“只导入无误的行”时，请勾选确认：有误的行不会导入。")
        return redirect("members:import_preview", pk=batch.pk)
    result = importing.commit_batch(batch, user=request.user, mode=mode)
    if result.committed:
        messages.success(request, result.message)
        return redirect("members:import_result", pk=batch.pk)
    if result.batch.status == ImportBatch.Status.COMMITTED:
        messages.info(request, result.message)
        return redirect("members:import_result", pk=batch.pk)
    messages.error(request, result.message)
    return redirect("members:import_preview", pk=batch.pk)


@login_required
@require_POST
def import_discard(request, pk):
    batch = importing.batch_get(request.user, pk)
    batch = importing.discard_batch(batch)
    if batch.status == ImportBatch.Status.DISCARDED:
        messages.info(request, f"已放弃导入“{batch.original_name}”，上传的文件已删除。")
    return redirect("members:import_start")


@login_required
def import_errors(request, pk):
    """The error report as .xlsx: 行号, 列, 原值, 原因."""
    batch = importing.batch_get(request.user, pk)
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
    importing.write_error_report(batch, handle.name)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"导入错误报告_{batch.pk}.xlsx", content_type=XLSX_TYPE)
