"""通知公告 pages: the officer's (list, new, edit, detail with who has read, publish, withdraw) and the audience's
(/portal/notices/: list and detail, which records the read receipt). Lookups go through portal.notices' scoped
selectors: another union's notice answers 404."""
from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import has_perm
from gonghui.core.errors import ServiceError
from gonghui.core.views import ObjectListView, ServiceFormView

from . import notices
from .forms_notices import NoticeFilterSet, NoticeForm
from .models_notices import Notice
from .tables_notices import NoticeTable


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise Http404(notices.NOT_FOUND) from None
        raise


def paragraphs(body: str) -> list[str]:
    """Plain text → paragraphs (a blank line separates them; single line breaks stay inside a paragraph)."""
    return [p.strip() for p in re.split(r"\n\s*\n", body.replace("\r\n", "\n")) if p.strip()]


# --- the officer's pages -------------------------------------------------------------------------------------------

class NoticeListView(ObjectListView):
    perm = Perm.NOTICE_PUBLISH
    title = "通知公告"
    table_class = NoticeTable
    filterset_class = NoticeFilterSet
    add_url_name = "portal:notice_add"

    def selector(self, request):
        return notices.managed(request.user)


class NoticeFormView(ServiceFormView):
    perm = Perm.NOTICE_PUBLISH
    title = "新建通知"
    notice = None

    def get_form(self):
        kwargs = self.get_form_kwargs()
        if self.notice is not None and self.request.method != "POST":
            n = self.notice
            kwargs["initial"] = {"org": n.org, "targets": list(n.targets.all()), "title": n.title, "body": n.body,
                                 "publish_on": n.publish_on, "expires_on": n.expires_on, "pinned": n.pinned}
        elif self.request.method != "POST" and getattr(self.request, "current_org", None) is not None:
            kwargs["initial"] = {"org": self.request.current_org}
        return NoticeForm(**kwargs, user=self.request.user)

    def perform(self, form):
        if getattr(self.request, "upload_too_large", False):
            raise ServiceError("附件太大，未能上传。")
        data = dict(form.cleaned_data)
        upload = data.pop("attachment", None)
        return _call(notices.notice_save, actor=self.request.user, notice=self.notice,
                     attachments=[upload] if upload else (), **data)

    def success(self, notice):
        messages.success(self.request, f"已保存：{notice.title}")
        return redirect("portal:notice_manage_detail", pk=notice.pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cancel_url"] = (reverse("portal:notice_manage_detail", kwargs={"pk": self.notice.pk}) if self.notice
                             else reverse("portal:notice_list"))
        return ctx


class NoticeEditView(NoticeFormView):
    title = "修改通知"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_perm(request.user, Perm.NOTICE_PUBLISH):
            self.notice = notices.managed_get(request.user, kwargs["pk"])
            if self.notice.status != Notice.Status.DRAFT:
                messages.error(request, "只有草稿可以修改；已发布的通知请先撤回。")
                return redirect("portal:notice_manage_detail", pk=self.notice.pk)
        return super().dispatch(request, *args, **kwargs)


@login_required
def notice_manage_detail(request, pk):
    notice = notices.managed_get(request.user, pk)
    tab = "unread" if request.GET.get("tab") == "unread" else "read"
    read, due = notices.read_stats(notice)
    page = Paginator(notices.readers(notice, read=(tab == "read")), 50).get_page(request.GET.get("page"))
    return render(request, "portal/notices/manage_detail.html", {
        "title": notice.title, "notice": notice, "paragraphs": paragraphs(notice.body),
        "targets": notices.target_orgs(notice), "attachments": notice.attachments.all(),
        "read": read, "due": due, "unread": due - read, "tab": tab, "page": page})


def _action(request, pk, service, done: str):
    notice = notices.managed_get(request.user, pk)
    try:
        _call(service, actor=request.user, notice=notice)
    except ServiceError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, done)
    return redirect("portal:notice_manage_detail", pk=notice.pk)


@login_required
@require_POST
def notice_publish(request, pk):
    return _action(request, pk, notices.notice_publish, "已发布。")


@login_required
@require_POST
def notice_withdraw(request, pk):
    return _action(request, pk, notices.notice_withdraw, "已撤回，会员不再看到这条通知。")


@login_required
@require_POST
def notice_attach(request, pk):
    notice = notices.managed_get(request.user, pk)
    upload = request.FILES.get("file")
    if getattr(request, "upload_too_large", False):
        messages.error(request, "附件太大，未能上传。")
    elif upload is None:
        messages.error(request, "请选择要上传的文件。")
    else:
        try:
            att = _call(notices.notice_attach, actor=request.user, notice=notice, file=upload)
        except ServiceError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"已上传附件：{att.name}")
    return redirect(reverse("portal:notice_manage_detail", kwargs={"pk": notice.pk}) + "#attachments")


# --- the audience's pages ------------------------------------------------------------------------------------------

@login_required
def my_notices(request):
    page = notices.received_page(request.user, request.GET.get("page"))
    return render(request, "portal/notices/my_list.html", {"title": "通知公告", "page": page})


@login_required
def my_notice_detail(request, pk):
    notice = notices.received_get(request.user, pk)
    if not notice.is_read:  # read before: received_get saw the receipt (is_read), there is nothing to record
        notices.notice_mark_read(actor=request.user, notice=notice)
    return render(request, "portal/notices/my_detail.html", {
        "title": notice.title, "notice": notice, "paragraphs": paragraphs(notice.body),
        "attachments": notice.attachments.all()})


@login_required
def attachment_download(request, pk):
    """An attachment, only to the notice's audience or its publishers (names cannot be guessed; media not served)."""
    att = notices.attachment_for(request.user, pk)
    try:
        handle = att.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已丢失，请联系管理员。") from None
    return FileResponse(handle, as_attachment=request.GET.get("inline") != "1", filename=att.name)
