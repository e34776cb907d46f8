"""Pages of reports upward (上报): a union's submissions and sending a draft; the parent's 上报情况, its call for
reports (due date), reading a submission, returning or accepting it, the consistency check and the figures of the
child unions side by side. Reads and writes go through `gonghui.reports.submitting`.

Answers: an object the user may not see is 404 (the selectors); one the user may see but not act on (a receiver
withdrawing, a sender accepting) is 403; a refused act (already handled, no comment…) comes back as a message.
"""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from gonghui.accounts.scope import Perm, can_on_org, has_perm, org_q
from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.core.forms import StyledFormMixin
from gonghui.core.models import AuditEntry

from . import documents, submitting
from .models import DocumentKind, Draft, Submission

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOT_FOUND = "未找到该记录"


# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------


def _need(user, perm: str) -> None:
    if not has_perm(user, perm):
        raise Http404("未找到该页面")


def _current_org(request, perm: str):
    """The organisation chosen in the switcher, if the user holds `perm` on it; else 404."""
    _need(request.user, perm)
    org = request.current_org
    if org is None or not can_on_org(request.user, perm, org):
        raise Http404("未找到该页面")
    return org


def _first(exc: ServiceError) -> str:
    return exc.messages[0] if exc.messages else str(exc)


def _call(service, **kwargs):
    """Run a service; out of scope on an object the user can see is 403 (it exists for them, they may not act)."""
    try:
        return service(**kwargs)
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise PermissionDenied(_first(exc)) from None
        raise


def _detail_url(submission) -> str:
    return reverse("reports:submission_detail", kwargs={"pk": submission.pk})


def _inbox_url(kind: str, period: str) -> str:
    return f"{reverse('reports:submission_inbox')}?{urlencode({'kind': kind, 'period': period})}"


def _url(name: str, **params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)


def _figure_title(run: dict) -> str:
    value = documents.value_from_json(run.get("value"))
    label, metric = run.get("label") or run.get("metric"), run.get("metric")
    return f"{label}：{submitting.display(value, run.get('unit', ''))}（{metric}）"


def _cell(cell) -> dict:
    if isinstance(cell, dict):
        return {"text": cell.get("phrase", ""), "figure": True, "title": _figure_title(cell)}
    return {"text": cell, "figure": False, "title": ""}


def document_blocks(data: dict) -> list[dict]:
    """The frozen document (documents.to_dict) as plain dicts for the read-only template: headings, paragraphs
    with their figures marked, tables, and charts as their data tables."""
    blocks = []
    for block in data.get("blocks", []):
        kind = block.get("type")
        if kind == "heading":
            blocks.append({"type": "heading", "level": block.get("level", 1), "text": block.get("text", "")})
        elif kind == "paragraph":
            blocks.append({"type": "paragraph", "kind": block.get("kind", "body"),
                           "runs": [_cell(r) for r in block.get("runs", [])]})
        elif kind == "table":
            blocks.append({"type": "table", "title": block.get("title", ""), "columns": block.get("columns", []),
                           "rows": [[_cell(c) for c in row] for row in block.get("rows", [])]})
        elif kind == "chart":
            series = block.get("series", [])
            unit = block.get("unit", "")
            rows = [[_cell(category)] + [_cell(submitting.display(documents.value_from_json(s["values"][i]), unit)
                                               if i < len(s.get("values", [])) else "—") for s in series]
                    for i, category in enumerate(block.get("categories", []))]
            blocks.append({"type": "chart", "title": block.get("caption") or block.get("title", ""),
                           "columns": ["", *[s.get("name", "") for s in series]], "rows": rows})
    return blocks


# ---------------------------------------------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------------------------------------------


class CallForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="文稿类型", choices=DocumentKind.choices)
    period = forms.CharField(label="期间", max_length=32)
    due_on = forms.DateField(label="截止日期", widget=forms.DateInput)
    note = forms.CharField(label="说明", max_length=submitting.NOTE_MAX, required=False)


class ReturnForm(forms.Form):
    comment = forms.CharField(label="退回意见", max_length=submitting.COMMENT_MAX, required=False)


# ---------------------------------------------------------------------------------------------------------------
# The union's side
# ---------------------------------------------------------------------------------------------------------------


@login_required
def submission_list(request):
    """上报: the current union's calls from its parent, its drafts to send, and what it has sent."""
    org = _current_org(request, Perm.REPORT_DRAFT)
    ctx = {"title": "上报", "org": org, "reporting": submitting.is_reporting_union(org) and org.parent_id is not None}
    if ctx["reporting"]:
        ctx.update(
            calls=submitting.requests_for(request.user, org=org),
            drafts=submitting.drafts_to_send(request.user, org=org),
            submissions=list(submitting.submissions_of(request.user, org=org)[:200]),
            drafts_url=_url("reports:draft_list"),
        )
    return render(request, "reports/submissions/list.html", ctx)


def _draft_for(user, draft_id) -> Draft:
    if not str(draft_id or "").isdigit():
        raise Http404(NOT_FOUND)
    drafts = Draft.objects.filter(org_q(user, Perm.REPORT_DRAFT)).select_related("org__parent").defer("content")
    return get_object_or_404(drafts, pk=int(draft_id))


@login_required
def submission_create(request):
    """Send a draft upward: GET ?draft=<id> shows what will be sent and to whom; POST draft=<id> sends it. The
    draft pages link here (keep the name and the parameter: reports:submission_create, draft)."""
    _need(request.user, Perm.REPORT_DRAFT)
    draft_id = request.POST.get("draft") if request.method == "POST" else request.GET.get("draft")
    if not draft_id:
        messages.info(request, "请选择要上报的文稿。")
        return redirect("reports:submission_list")
    draft = _draft_for(request.user, draft_id)
    if request.method == "POST":
        try:
            submission = _call(submitting.submit, actor=request.user, draft=draft)
        except ServiceError as exc:
            messages.error(request, _first(exc))
        else:
            messages.success(request, f"已上报{submission.parent.name}（第{submission.revision}次上报）。")
            return redirect(_detail_url(submission))
    org = draft.org
    newest = (Submission.objects.filter(org=org, kind=draft.kind, period=draft.period).defer("document", "figures")
              .order_by("-revision").first())
    blocked = ""
    if not submitting.is_reporting_union(org):
        blocked = f"{org.get_kind_display()}不单独上报，请由所在的工会汇总后上报。"
    elif org.parent_id is None:
        blocked = f"{org.name}没有上级工会，无需上报。"
    elif newest is not None and newest.status == Submission.Status.SUBMITTED:
        blocked = f"该材料已上报（第{newest.revision}次），上级工会尚未处理；如需修改，请先撤回。"
    elif newest is not None and newest.status == Submission.Status.ACCEPTED:
        blocked = "该材料已经上级工会审核通过，不能再次上报。"
    return render(request, "reports/submissions/create.html", {
        "title": "上报文稿", "draft": draft, "org": org, "parent": org.parent, "newest": newest, "blocked": blocked,
        "revision": (newest.revision + 1) if newest else 1,
        "draft_url": reverse("reports:draft_edit", kwargs={"pk": draft.pk}),
    })


@login_required
def submission_detail(request, pk):
    submission = submitting.submission_get(request.user, pk)
    receiver = submitting.may_receive(request.user, submission)
    sender = submitting.may_send(request.user, submission.org)
    checks = submitting.consistency(submission)
    return render(request, "reports/submissions/detail.html", {
        "title": submission.title, "s": submission, "blocks": document_blocks(submission.document or {}),
        "document": submission.document or {}, "revisions": list(submitting.revisions(request.user, submission)),
        "may_receive": receiver, "may_send": sender, "checks": checks,
        "differences": sum(c.differs for c in checks),
        "waiting": submission.status == Submission.Status.SUBMITTED,
        "inbox_url": _inbox_url(submission.kind, submission.period) if receiver else "",
    })


@login_required
def submission_docx(request, pk):
    """The frozen document as Word (GB/T 9704 layout); the download is recorded in the audit trail."""
    from . import docx

    submission = submitting.submission_get(request.user, pk)
    data = docx.render(documents.from_dict(submission.document))
    audit.record(AuditEntry.Action.EXPORT, obj=submission, note=f"下载上报材料：{submission.title}（第{submission.revision}次）")
    response = HttpResponse(data, content_type=DOCX_TYPE)
    filename = f"{submission.org.name}-{submission.title}-第{submission.revision}次上报.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name.replace("/", "-"))


def _act(request, pk, service, done: str, **kwargs):
    submission = submitting.submission_get(request.user, pk)
    try:
        submission = _call(service, actor=request.user, submission=submission, **kwargs)
    except ServiceError as exc:
        messages.error(request, _first(exc))
    else:
        messages.success(request, done)
    return redirect(_detail_url(submission))


@login_required
@require_POST
def submission_withdraw(request, pk):
    return _act(request, pk, submitting.withdraw, "已撤回。修改文稿后可以重新上报。")


@login_required
@require_POST
def submission_return(request, pk):
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else request.POST.get("comment", "")
    return _act(request, pk, submitting.return_for_revision, "已退回修改，上报单位将看到退回意见。", comment=comment)


@login_required
@require_POST
def submission_accept(request, pk):
    return _act(request, pk, submitting.accept, "已审核通过。")


# ---------------------------------------------------------------------------------------------------------------
# The parent's side
# ---------------------------------------------------------------------------------------------------------------


@login_required
def submission_inbox(request):
    """下级上报情况 of the current organisation for a kind and a period (?kind=summary&period=2025)."""
    org = _current_org(request, Perm.REPORT_RECEIVE)
    kind, period = submitting.default_call(request.user, org=org)
    kind = request.GET.get("kind") or kind
    period = (request.GET.get("period") or period).strip()
    try:
        box = submitting.inbox(request.user, org=org, kind=kind, period=period)
    except ServiceError as exc:
        messages.error(request, _first(exc))
        return redirect("reports:submission_inbox")
    calls = list(org.report_requests.order_by("-due_on", "-pk")[:20])
    form = CallForm(initial={"kind": box.kind, "period": box.period.key,
                             "due_on": box.request.due_on if box.request else None,
                             "note": box.request.note if box.request else ""})
    for name in ("kind", "period"):
        form.fields[name].widget = forms.HiddenInput()
    return render(request, "reports/submissions/inbox.html", {
        "title": "下级上报情况", "org": org, "box": box, "calls": calls, "form": form,
        "kinds": DocumentKind.choices, "side": submitting.key_figures(request.user, box),
        # The parent's own document is generated on the drafting page (from its whole subtree's records).
        "own_draft_url": _url("reports:draft_list", kind=box.kind, period=box.period.key)
        if can_on_org(request.user, Perm.REPORT_DRAFT, org) else "",
    })


@login_required
@require_POST
def submission_request(request):
    """Issue or change the call for reports (due date) of the current organisation."""
    org = _current_org(request, Perm.REPORT_RECEIVE)
    form = CallForm(request.POST)
    if not form.is_valid():
        errors = [f"{form.fields[name].label}：{e}" for name, errs in form.errors.items() if name in form.fields
                  for e in errs]
        messages.error(request, "；".join(errors) or "填写有误。")
        return redirect(_inbox_url(request.POST.get("kind", ""), request.POST.get("period", "")))
    data = form.cleaned_data
    try:
        call = _call(submitting.request_reports, actor=request.user, org=org, kind=data["kind"],
                     period=data["period"], due_on=data["due_on"], note=data["note"])
    except ServiceError as exc:
        messages.error(request, _first(exc))
        return redirect(_inbox_url(data["kind"], data["period"]))
    messages.success(request, f"已发出上报通知：{submitting.call_title(call.kind, call.period)}，"
                              f"截止日期{call.due_on:%Y-%m-%d}。")
    return redirect(_inbox_url(call.kind, call.period))


__all__ = ["document_blocks", "submission_list", "submission_create", "submission_detail", "submission_docx",
           "submission_withdraw", "submission_return", "submission_accept", "submission_inbox", "submission_request"]
