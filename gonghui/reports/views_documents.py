"""Document pages (工作总结与报告): the list of drafts and generating one, the editor (save with optimistic locking,
数字写法, 核对数字, 定稿, downloads) and the wording pages (文稿模板) with a preview.

Reads go through selectors_documents (scoped to request.user; another union's draft answers 404), writes through
services (actor=request.user). The editor talks JSON with editor.js: the page sends each block's HTML and
drafting.editor reads it back (never trusting it).
"""
from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.timezone import localdate
from django.views.decorators.http import require_GET, require_POST

from gonghui.accounts.scope import Perm, can_on_org, has_perm
from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Organization

from . import documents, registry, selectors_documents as selectors, services
from .drafting import compose, defaults, editor, templates, wording
from .forms_documents import GenerateForm, TemplateForm
from .models import DocumentKind, Draft, Style
from .periods import Period, PeriodError

NOT_FOUND = "未找到该页面"
DOWNLOADS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word"),
    "json": ("application/json; charset=utf-8", "json", "JSON"),
    "md": ("text/markdown; charset=utf-8", "md", "Markdown"),
}


def _require(user, perm) -> None:
    if not user.is_authenticated or not has_perm(user, perm):
        raise Http404(NOT_FOUND)


def _call(service, **kwargs):
    """A service whose out-of-scope error answers 404 (the message would not say whether the draft exists)."""
    try:
        return service(**kwargs)
    except ServiceError as exc:
        if exc.code == "out_of_scope":
            raise Http404(NOT_FOUND) from None
        raise


def _draft(request, pk: int) -> Draft:
    """The draft, if the user may work on it; 404 otherwise."""
    _require(request.user, Perm.REPORT_DRAFT)
    return selectors.draft_get(request.user, pk)


def _message(exc: ServiceError) -> str:
    return "；".join(exc.messages)


def _url(name: str, *args, query: dict | None = None) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


# ---------------------------------------------------------------------------------------------------------------
# Drafts
# ---------------------------------------------------------------------------------------------------------------

@login_required
def draft_list(request):
    """文稿 of the current union, and the form that generates one (POST)."""
    _require(request.user, Perm.REPORT_DRAFT)
    org = request.current_org
    can_draft = org is not None and can_on_org(request.user, Perm.REPORT_DRAFT, org)
    form = GenerateForm(request.POST or None)
    if request.method == "POST":
        if not can_draft:
            raise Http404(NOT_FOUND)
        if form.is_valid():
            try:
                draft = _call(services.draft_generate, actor=request.user, org=org, kind=form.cleaned_data["kind"],
                              period=form.cleaned_data["period"], style=form.cleaned_data["style"])
            except ServiceError as exc:
                form.add_error(None, _message(exc))
            else:
                messages.success(request, f"已生成“{draft.title}”，可在下方直接修改。")
                return redirect("reports:draft_edit", pk=draft.pk)
    drafts = selectors.draft_list(request.user, org=org) if can_draft else Draft.objects.none()
    page = Paginator(drafts, 30).get_page(request.GET.get("page"))
    return render(request, "reports/documents/list.html", {
        "title": "工作总结与报告", "org": org, "form": form, "page": page, "can_draft": can_draft,
        "can_templates": has_perm(request.user, Perm.REPORT_TEMPLATES),
    })


def _records_url(document: documents.Document):
    """figure -> the page listing its records (another helper's), with ?org=<id>&period=<key>."""
    ids = dict(Organization.objects.filter(code__in={f.org for f in document.figures()}).values_list("code", "pk"))

    def url(fig) -> str:
        if fig.org not in ids:
            return ""
        return _url("reports:figure_records", fig.metric, query={"org": ids[fig.org], "period": fig.period})

    return url


def _paper(request, draft: Draft, document, *, stale=None, editable: bool) -> str:
    records_url = _records_url(document)
    return render_to_string("reports/documents/_paper.html", {
        "document": document, "blocks": editor.view(draft, document, stale=stale, records_url=records_url),
        "editable": editable, "draft": draft,
    }, request=request)


@login_required
def draft_edit(request, pk: int):
    draft = _draft(request, pk)
    document = documents.from_dict(draft.content)
    editable = draft.status == Draft.Status.DRAFT
    return render(request, "reports/documents/edit.html", {
        "title": draft.title, "draft": draft, "paper": _paper(request, draft, document, editable=editable),
        "editable": editable, "styles": Style.choices, "downloads": DOWNLOADS,
        "submit_url": _url("reports:submission_create", query={"draft": draft.pk}),
        "figure_count": sum(1 for _ in document.figures()),
    })


def _payload(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ServiceError(editor.BAD_PAYLOAD) from None
    if not isinstance(data, dict):
        raise ServiceError(editor.BAD_PAYLOAD)
    return data


def _saved_at(draft: Draft) -> str:
    return f"{timezone.localtime(draft.updated_at):%H:%M:%S}"


@login_required
@require_POST
def draft_save(request, pk: int):
    """JSON in (the editor's blocks, version, style; as_new: keep them as a new draft), JSON out."""
    draft = _draft(request, pk)
    try:
        data = _payload(request)
        document = editor.document_from_payload(draft, data)
        style = data.get("style") or draft.style
        if data.get("as_new"):
            copy = _call(services.draft_save_as_new, actor=request.user, draft=draft, document=document, style=style)
            messages.success(request, "您的修改已另存为新文稿。")
            return JsonResponse({"ok": True, "redirect": reverse("reports:draft_edit", args=[copy.pk])})
        version = data.get("version")
        if not isinstance(version, int):
            raise ServiceError(editor.BAD_PAYLOAD)
        restyled = style != draft.style
        draft = _call(services.draft_save, actor=request.user, draft=draft, version=version, document=document,
                      style=style)
    except ServiceError as exc:
        return JsonResponse({"ok": False, "error": _message(exc), "conflict": exc.code == "conflict"},
                            status=409 if exc.code == "conflict" else 400)
    saved = documents.from_dict(draft.content)
    return JsonResponse({"ok": True, "version": draft.version, "style": draft.style, "saved_at": _saved_at(draft),
                         "html": _paper(request, draft, saved, editable=True) if restyled or data.get("render") else ""})


@login_required
@require_POST
def draft_check(request, pk: int):
    """核对数字 on the stored draft: the paper again with the stale figures marked, and the list of them."""
    draft = _draft(request, pk)
    stale = _call(services.draft_check, actor=request.user, draft=draft)
    draft.refresh_from_db()
    document = documents.from_dict(draft.content)
    records_url = _records_url(document)
    return JsonResponse({
        "ok": True, "stale_count": len(stale), "checked_at": f"{timezone.localtime(draft.checked_at):%Y-%m-%d %H:%M}",
        "figure_count": sum(1 for _ in document.figures()),
        "stale": editor.stale_view(stale, records_url),
        "html": _paper(request, draft, document, stale=stale, editable=draft.status == Draft.Status.DRAFT),
    })


def _status_change(request, pk: int, service, done: str):
    draft = _draft(request, pk)
    version = request.POST.get("version", "")
    try:
        _call(service, actor=request.user, draft=draft,
              version=int(version) if version.isdigit() else draft.version)
    except ServiceError as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, done)
    return redirect("reports:draft_edit", pk=draft.pk)


@login_required
@require_POST
def draft_finalise(request, pk: int):
    return _status_change(request, pk, services.draft_finalise, "文稿已定稿。定稿后不能再修改，可下载或上报。")


@login_required
@require_POST
def draft_reopen(request, pk: int):
    return _status_change(request, pk, services.draft_reopen, "已撤销定稿，可以继续修改。")


@login_required
@require_POST
def draft_delete(request, pk: int):
    draft = _draft(request, pk)
    try:
        _call(services.draft_delete, actor=request.user, draft=draft)
    except ServiceError as exc:
        messages.error(request, _message(exc))
        return redirect("reports:draft_edit", pk=draft.pk)
    messages.success(request, f"已删除“{draft.title}”。")
    return redirect("reports:draft_list")


@login_required
@require_GET
def draft_download(request, pk: int):
    """?as=docx|json|md — the stored draft, recorded in the audit trail as an export."""
    draft = _draft(request, pk)
    fmt = request.GET.get("as", "docx")
    if fmt not in DOWNLOADS:
        raise Http404(NOT_FOUND)
    document = documents.from_dict(draft.content)
    content_type, extension, label = DOWNLOADS[fmt]
    if fmt == "docx":
        from . import docx
        from .charts import ChartFontMissing

        try:
            data = docx.render(document)
        except ChartFontMissing as exc:
            messages.error(request, str(exc))
            return redirect("reports:draft_edit", pk=draft.pk)
    elif fmt == "json":
        data = documents.to_json(document).encode("utf-8")
    else:
        data = documents.to_markdown(document).encode("utf-8")
    audit.record(AuditEntry.Action.EXPORT, obj=draft, note=f"下载文稿（{label}）：{draft.title}")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{draft.title}.{extension}")
    return response


# ---------------------------------------------------------------------------------------------------------------
# Wording (文稿模板)
# ---------------------------------------------------------------------------------------------------------------

def _template_org(request):
    """The union whose wording the page edits: the current one (REPORT_TEMPLATES there), or everywhere
    (?scope=all, superusers only)."""
    _require(request.user, Perm.REPORT_TEMPLATES)
    if request.GET.get("scope") == "all" or request.POST.get("scope") == "all":
        if not request.user.is_superuser:
            raise Http404(NOT_FOUND)
        return None, True
    org = request.current_org
    if org is None or not can_on_org(request.user, Perm.REPORT_TEMPLATES, org):
        raise Http404(NOT_FOUND)
    return org, False


def _kind(value: str) -> str:
    if value not in DocumentKind.values:
        raise Http404(NOT_FOUND)
    return value


def _source(row, org) -> str:
    if row is None:
        return "系统默认"
    if row.org_id is None:
        return "全部组织统一措辞"
    if org is not None and row.org_id == org.pk:
        return "本组织修改"
    return f"沿用上级：{row.org.name}"


@login_required
def template_list(request):
    org, everywhere = _template_org(request)
    kind = _kind(request.GET.get("kind", DocumentKind.SUMMARY))
    if org is not None:
        chains = templates.chains(kind, org)
    else:
        chains = {r.section: [r] for r in selectors.own_rows_everywhere(request.user, kind=kind)}
    rows = {section: found[0] for section, found in chains.items()}
    words = templates.Wording(kind, chains, {})
    sections = []
    for code in templates.section_codes(kind):
        default = templates.default_section(kind, code)
        row = rows.get(code)
        current = words.get(code)
        sections.append({"code": code, "label": templates.section_label(kind, code), "default": default,
                         "row": row, "source": _source(row, org), "heading": current.heading, "body": current.body,
                         "own": row is not None and (row.org_id == (org.pk if org else None))})
    return render(request, "reports/documents/template_list.html", {
        "title": "文稿模板", "kind": kind, "kinds": DocumentKind.choices, "sections": sections, "org": org,
        "everywhere": everywhere, "scope_query": "&scope=all" if everywhere else "",
    })


def preview_year() -> int:
    """Previews draft the last whole year: its records are all there."""
    return localdate().year - 1


def _help_context() -> dict:
    return {"variables": wording.VARIABLES.items(), "filters": wording.FILTERS.items(),
            "areas": [(a.label, [(m.code, m.label, m.unit) for m in a.metrics]
                       + [(p.code, p.label, "文字") for p in a.phrases]) for a in registry.by_area()]}


@login_required
def template_edit(request, kind: str, section: str):
    org, everywhere = _template_org(request)
    kind = _kind(kind)
    if section not in templates.section_codes(kind):
        raise Http404(NOT_FOUND)
    own = selectors.own_row(request.user, org=org, kind=kind, section=section)
    chain = templates.chains(kind, org) if org is not None else {section: [own] if own else []}
    current = templates.Wording(kind, chain, {}).get(section)
    initial = {"heading": own.heading if own else current.heading, "body": own.body if own else current.body,
               "active": own.active if own else True, "version": own.version if own else None}
    form = TemplateForm(request.POST or None, initial=initial)
    back = reverse("reports:template_list") + f"?kind={kind}" + ("&scope=all" if everywhere else "")
    if request.method == "POST" and form.is_valid():
        try:
            _call(services.template_save, actor=request.user, org=org, kind=kind, section=section,
                  heading=form.cleaned_data["heading"], body=form.cleaned_data["body"],
                  active=form.cleaned_data["active"], version=form.cleaned_data["version"])
        except ServiceError as exc:
            form.add_error(None, _message(exc))
        else:
            messages.success(request, f"已保存“{templates.section_label(kind, section)}”的措辞。")
            return redirect(back)
    return render(request, "reports/documents/template_edit.html", {
        "title": f"修改措辞：{dict(DocumentKind.choices)[kind]} · {templates.section_label(kind, section)}",
        "form": form, "kind": kind, "section": section, "own": own, "org": org, "everywhere": everywhere,
        "default": templates.default_section(kind, section), "back": back,
        "is_list": getattr(defaults.part(kind, section), "form", "") == "list",
        "is_area": defaults.part(kind, section) is None, "preview_year": preview_year(), **_help_context(),
    })


@login_required
@require_POST
def template_reset(request, kind: str, section: str):
    org, everywhere = _template_org(request)
    kind = _kind(kind)
    try:
        removed = _call(services.template_reset, actor=request.user, org=org, kind=kind, section=section)
    except ServiceError as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, "已恢复默认措辞。" if removed else "本组织没有修改过这部分措辞。")
    return redirect(reverse("reports:template_list") + f"?kind={kind}" + ("&scope=all" if everywhere else ""))


@login_required
def template_preview(request):
    """The whole document of the current union for last year (or ?year=), drafted with the wording as it is now —
    and, when the edit page posts it, with the section's unsaved heading and body."""
    _require(request.user, Perm.REPORT_TEMPLATES)
    org = request.current_org
    if org is None or not can_on_org(request.user, Perm.REPORT_TEMPLATES, org):
        raise Http404(NOT_FOUND)
    params = request.POST if request.method == "POST" else request.GET
    kind = _kind(params.get("kind", DocumentKind.SUMMARY))
    style = params.get("style") if params.get("style") in Style.values else Style.MIXED
    year = params.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else preview_year()
    overrides, errors = {}, []
    section = params.get("section", "")
    if section:
        if section not in templates.section_codes(kind):
            raise Http404(NOT_FOUND)
        heading, body = params.get("heading", ""), params.get("body", "")
        errors = services.validate_wording(heading, body)
        overrides[section] = (heading, body.replace("\r\n", "\n"))
    document = None
    if not errors:
        try:
            document = compose(kind, org, Period.year(year), style=style, today=localdate(), overrides=overrides)
        except PeriodError as exc:
            errors = [str(exc)]
    context = {"title": "文稿预览", "document": document, "errors": errors, "org": org, "kind": kind, "year": year,
               "kinds": DocumentKind.choices, "style": style, "styles": Style.choices,
               "blocks": editor.view(Draft(pk=0), document) if document else []}
    if request.htmx:
        return render(request, "reports/documents/_preview.html", context)
    return render(request, "reports/documents/template_preview.html", context)
