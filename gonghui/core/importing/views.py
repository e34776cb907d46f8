"""The import wizard for every registered importer: upload → preview with errors → commit → result, plus the
template and the error report. URLs: /import/<kind>/… (`importing:` names); an area may keep its own URL names
by routing these views with `{"kind": KEY}` (members: members:import_start…), see `Importer.url`.

The pages stay thin: checking, validating and writing are in the engine and the area's importer.
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

from gonghui.accounts.scope import has_perm, orgs_in_scope
from gonghui.core.forms import StyledFormMixin
from gonghui.orgs.models import Organization

from . import engine, files

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportUploadForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label="导入到组织", queryset=Organization.objects.none(), empty_label=None)
    file = forms.FileField(label="导入文件", allow_empty_file=True,
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}))

    def __init__(self, *args, user, importer: engine.Importer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (orgs_in_scope(user, importer.perm)
                                       .filter(status=Organization.Status.ACTIVE).order_by("path"))
        self.fields["org"].label = importer.org_label
        self.fields["org"].help_text = importer.org_help
        self.fields["file"].label = importer.file_label
        self.fields["file"].help_text = (f"支持 .xlsx、.xls、.csv，不超过 {files.max_upload_bytes() // (1024 * 1024)} MB、"
                                         f"{files.max_rows():,} 行。")


def _importer(request, kind: str) -> engine.Importer:
    """The importer of `kind`, when the user may use it; 404 otherwise (unknown kinds too)."""
    try:
        importer = engine.get(kind)
    except LookupError:
        raise Http404("未找到该页面") from None
    if not has_perm(request.user, importer.perm):
        raise Http404("未找到该页面")
    return importer


def _batch(request, importer, pk):
    return engine.batch_get(importer, request.user, pk)


def _post_data(request):
    """POST and FILES; empty when the upload handler stopped an oversized upload before it was parsed."""
    try:
        return request.POST, request.FILES
    except StopUpload:
        return QueryDict(), MultiValueDict()


def _urls(importer, batch=None) -> dict:
    urls = {"start": importer.url("start"), "template": importer.url("template")}
    if batch is not None:
        for view in ("preview", "commit", "discard", "errors", "result"):
            urls[view] = importer.url(view, batch.pk)
    return urls


def _context(importer, batch=None, **extra) -> dict:
    model = engine.batch_model()
    context = {"importer": importer, "urls": _urls(importer, batch), "Status": model.Status, "Mode": model.Mode}
    if importer.result_link:
        name, label = importer.result_link
        from django.urls import reverse

        context["result_link"] = (reverse(name), label)
    if batch is not None:
        context["batch"] = batch
        context["errors"] = batch.errors[:200]
    context.update(extra)
    return context


@login_required
def start(request, kind):
    importer = _importer(request, kind)
    upload_error = ""
    if request.method == "POST":
        data, uploaded = _post_data(request)
        if getattr(request, "upload_too_large", False):
            upload_error = files.too_large_message()
            form = ImportUploadForm(user=request.user, importer=importer,
                                    initial={"org": data.get("org") or _default_org(request)})
        else:
            form = ImportUploadForm(data, uploaded, user=request.user, importer=importer)
            if form.is_valid():
                batch = _stage(request, importer, form)
                if batch is not None:
                    return redirect(importer.url("preview", batch.pk))
    else:
        form = ImportUploadForm(user=request.user, importer=importer, initial={"org": _default_org(request)})
    batches = list(engine.batch_list(importer, request.user)[:20])
    for batch in batches:
        batch.preview_url = importer.url("preview", batch.pk)
    return render(request, "importing/start.html", _context(
        importer, title=importer.title, form=form, upload_error=upload_error,
        max_bytes=files.max_upload_bytes(), batches=batches))


def _default_org(request):
    org = getattr(request, "current_org", None)
    return org.pk if org is not None else None


def _stage(request, importer, form):
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
        return engine.stage_upload(importer, org=org, user=request.user, path=path, filename=uploaded.name)
    except files.ImportFileError as exc:
        for message in exc.messages:
            form.add_error("file", message)
        return None
    finally:
        if temp_path:
            os.unlink(temp_path)


@login_required
def template(request, kind):
    importer = _importer(request, kind)
    out = io.BytesIO()
    engine.build_template(importer, out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    name = importer.title.removesuffix("导入")
    response["Content-Disposition"] = content_disposition_header(True, f"{name}导入模板.xlsx")
    return response


def _counts(batch, declared) -> list[tuple]:
    return [(label, getattr(batch, name), *rest) for name, label, *rest in declared]


@login_required
def preview(request, kind, pk):
    importer = _importer(request, kind)
    batch = _batch(request, importer, pk)
    if batch.status == batch.Status.COMMITTED:
        return redirect(importer.url("result", batch.pk))
    blanks = importer.preview_blanks
    rows = [[r.get(key) or blanks.get(key, "") for key, _ in importer.preview_columns] for r in batch.preview]
    return render(request, "importing/preview.html", _context(
        importer, batch, title=f"{importer.title}：核对", counts=_counts(batch, importer.preview_counts),
        preview_rows=list(zip(batch.preview, rows))))


@login_required
def result(request, kind, pk):
    importer = _importer(request, kind)
    batch = _batch(request, importer, pk)
    if batch.status != batch.Status.COMMITTED:
        return redirect(importer.url("preview", batch.pk))
    return render(request, "importing/result.html", _context(
        importer, batch, title=f"{importer.title}：完成", counts=_counts(batch, importer.result_counts)))


@login_required
@require_POST
def commit(request, kind, pk):
    importer = _importer(request, kind)
    batch = _batch(request, importer, pk)
    mode = request.POST.get("mode", batch.Mode.ALL)
    if mode not in batch.Mode.values:
        mode = batch.Mode.ALL
    if mode == batch.Mode.VALID_ONLY and not request.POST.get("confirm"):
        messages.error(request, "选择“只导入无误的行”时，请勾选确认：有误的行不会导入。")
        return redirect(importer.url("preview", batch.pk))
    outcome = engine.commit_batch(importer, batch, user=request.user, mode=mode)
    if outcome.committed:
        messages.success(request, outcome.message)
        return redirect(importer.url("result", batch.pk))
    if outcome.batch.status == batch.Status.COMMITTED:
        messages.info(request, outcome.message)
        return redirect(importer.url("result", batch.pk))
    messages.error(request, outcome.message)
    return redirect(importer.url("preview", batch.pk))


@login_required
@require_POST
def discard(request, kind, pk):
    importer = _importer(request, kind)
    batch = engine.discard_batch(importer, _batch(request, importer, pk))
    if batch.status == batch.Status.DISCARDED:
        messages.info(request, f"已放弃导入“{batch.original_name}”，上传的文件已删除。")
    return redirect(importer.url("start"))


@login_required
def errors(request, kind, pk):
    """The error report as .xlsx: 行号, 列, 原值, 原因."""
    importer = _importer(request, kind)
    batch = _batch(request, importer, pk)
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
    engine.write_error_report(importer, batch, handle.name)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"导入错误报告_{batch.pk}.xlsx", content_type=XLSX_TYPE)
