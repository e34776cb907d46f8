"""The member's own care pages (会员端): apply for assistance with attachments, follow the application, see what
was received, report a life event. Everything is looked up through the `my_*` selectors: another member's id
answers 404."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.errors import ServiceError
from gonghui.core.views import ServiceFormView

from . import selectors, services
from .forms import AttachForm, CancelForm, LifeEventForm, MemberApplyForm
from .models import Assistance
from .views import approval_timeline, first_message, _goods_text


def _person(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404("您的账号未关联会员信息，请联系工会。")
    return person


@login_required
def my_list(request):
    person = _person(request)
    applications = selectors.my_assistance_list(request.user)
    received = applications.filter(status=Assistance.Status.DISBURSED)
    return render(request, "care/my_list.html", {
        "title": "我的救助申请", "person": person, "applications": applications[:200],
        "received": received[:200], "gifts": selectors.my_gifts(request.user)[:200],
        "condolences": selectors.my_condolences(request.user)[:200],
        "events": selectors.my_life_events(request.user)[:50]})


class MemberFormView(ServiceFormView):
    perm = None
    template_name = "care/action_form.html"
    action_label = ""
    icon = "pencil-square"
    danger = False
    intro = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = _person(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(action_label=self.action_label, icon=self.icon, danger=False, intro=self.intro, summary=[],
                   back_url=reverse("care:my_list"), blocked="", multipart=True)
        return ctx


class MyApplyView(MemberFormView):
    title = action_label = "申请救助"
    icon = "hand-thumbs-up"
    intro = "在线申请困难救助。提交后由工会按规定环节审批，您可在“我的救助申请”中查看进度。"

    def get_form(self):
        return MemberApplyForm(**self.get_form_kwargs(), family=self.person.family.all())

    def perform(self, form):
        data = dict(form.cleaned_data)
        upload = data.pop("attachment", None)
        if getattr(self.request, "upload_too_large", False):
            raise ServiceError("附件太大，未能上传。")
        # Application and attachment together: a refused attachment loses nothing but needs choosing again.
        with transaction.atomic():
            a = services.assistance_apply(actor=self.request.user, **data)
            if upload is not None:
                services.assistance_attach(actor=self.request.user, assistance=a, file=upload)
        return a

    def success(self, a):
        messages.success(self.request, f"申请已提交（编号{a.pk}），当前环节：{(a.current_step_info or {}).get('label', '')}。")
        return redirect("care:my_detail", pk=a.pk)


@login_required
def my_detail(request, pk):
    a = selectors.my_assistance_get(request.user, pk)
    can_change = a.status in (Assistance.Status.DRAFT, Assistance.Status.SUBMITTED) and not a.has_decisions
    return render(request, "care/my_detail.html", {
        "title": f"我的申请：{a.get_kind_display()}", "a": a, "timeline": approval_timeline(a),
        "attachments": selectors.assistance_attachments(a), "attach_form": AttachForm(), "cancel_form": CancelForm(),
        "can_attach": a.status in (Assistance.Status.DRAFT, Assistance.Status.SUBMITTED, Assistance.Status.IN_REVIEW),
        "can_cancel": can_change, "goods_text": _goods_text(a.goods)})


class MyLifeEventView(MemberFormView):
    title = action_label = "报告家庭事项"
    icon = "megaphone"
    intro = "本人或家属生病住院、结婚、生育、去世等，可在此告知工会，工会将按规定走访慰问。"

    def get_form(self):
        return LifeEventForm(**self.get_form_kwargs(), family=self.person.family.all())

    def perform(self, form):
        return services.life_event_report(actor=self.request.user, person=self.person, **form.cleaned_data)

    def success(self, event):
        messages.success(self.request, f"已告知工会：{event.get_kind_display()}（{event.occurred_on}）。")
        return redirect("care:my_list")


__all__ = ["my_list", "MyApplyView", "my_detail", "MyLifeEventView", "first_message"]
