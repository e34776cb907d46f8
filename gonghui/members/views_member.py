"""The member's own transfer (转会) on the phone: start it, follow it, withdraw it while it waits. Everything is
looked up through `members.portal.my_transfers(user)`: another member's transfer answers 404. The rules are
members.services' (member_transfer_request → member_transfer_out)."""
from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core.errors import ServiceError
from gonghui.core.views import ServiceFormView

from . import services
from .forms_membership import MemberTransferForm, search_transfer_targets
from .models import Transfer
from .portal import TRANSFER_TONE, my_transfers


def _person(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404("您的账号未关联人员信息，请联系所在工会。")
    return person


class MyTransferStartView(ServiceFormView):
    perm = None
    template_name = "core/action_form.html"
    title = "申请转会"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = _person(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        return MemberTransferForm(**self.get_form_kwargs(), person=self.person)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        waiting = my_transfers(self.request.user).filter(status=Transfer.Status.PENDING).first()
        p = self.person
        ctx.update(
            action_label="提交转会申请", icon="arrow-left-right", danger=False, back_url=reverse("portal:member_me"),
            intro="工作单位变动时，把会籍转到新单位的工会。转入工会接收前，您仍是原工会会员；转往未使用本平台的"
                  "工会（系统外），提交后本会会籍即结束。两个工会的干部都会收到通知。",
            summary=[("姓名", p.name), ("所在工会", p.org.name), ("会员编号", p.member_no or "—"),
                     ("会籍状态", p.get_member_status_display())],
            blocked=(f"您已有一笔转入“{waiting.to_org.name if waiting.to_org_id else waiting.to_org_name}”"
                     f"的转会正在等待接收，请等待处理结果或先撤回。") if waiting else "")
        return ctx

    def perform(self, form):
        data = form.cleaned_data
        return services.member_transfer_request(actor=self.request.user, to_org=data["to_org"],
                                                to_org_name=data["to_org_name"], on=data["on"],
                                                reason=data["reason"])

    def success(self, transfer):
        if transfer.to_org_id:
            messages.success(self.request, f"转会申请已提交，等待“{transfer.to_org.name}”接收；接收前您仍是原工会会员。")
        else:
            messages.success(self.request, f"已转出至“{transfer.to_org_name}”，本会会籍已结束。")
        return redirect("members:my_transfer", pk=transfer.pk)


@login_required
def my_transfer(request, pk: int):
    _person(request)
    transfer = get_object_or_404(my_transfers(request.user), pk=pk)
    return render(request, "members/my_transfer.html", {
        "title": "我的转会", "transfer": transfer, "tone": TRANSFER_TONE.get(transfer.status, "secondary"),
        "can_withdraw": transfer.status == Transfer.Status.PENDING})


@login_required
@require_POST
def my_transfer_withdraw(request, pk: int):
    _person(request)
    transfer = get_object_or_404(my_transfers(request.user), pk=pk)
    try:
        services.member_transfer_withdraw(actor=request.user, transfer=transfer)
    except ServiceError as exc:
        if exc.code == "out_of_scope":
            raise Http404 from None
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "转会申请已撤回，您仍是原工会会员。")
    return redirect("members:my_transfer", pk=transfer.pk)


@login_required
def my_transfer_unions(request):
    """HTMX: unions a member may transfer to, by name or code (at least two characters); name and code only."""
    person = _person(request)
    q = request.GET.get("q", "").strip()
    field = request.GET.get("field", "to_org")
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,60}", field):
        field = "to_org"
    rows, more = search_transfer_targets(q, exclude=person.org_id) if len(q) >= 2 else ([], False)
    return render(request, "members/membership_org_results.html", {"rows": rows, "more": more, "field": field,
                                                                   "q": q if len(q) >= 2 else ""})
